package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

const holdsOnItemSQL = `SELECT item, patron_id, placed_at, expires_at FROM holds
	WHERE item = ? ORDER BY placed_unix_ns, id`

const insertHoldSQL = `INSERT INTO holds (item, patron_id, placed_at, placed_unix_ns, expires_at)
	VALUES (?, ?, ?, ?, ?)`

// fillHoldSQL removes a patron's hold on an item once it is met.
const fillHoldSQL = `DELETE FROM holds WHERE item = ? AND patron_id = ?`

// holdRow is a holds row as stored.
type holdRow struct {
	Item    string         `db:"item"`
	Patron  string         `db:"patron_id"`
	Placed  string         `db:"placed_at"`
	Expires sql.NullString `db:"expires_at"`
}

func (r holdRow) hold() (circ.Hold, error) {
	placed, err := parseTime(r.Placed)
	if err != nil {
		return circ.Hold{}, fmt.Errorf("hold on item %s: %w", r.Item, err)
	}
	expires, err := parseOptionalTime(r.Expires)
	if err != nil {
		return circ.Hold{}, fmt.Errorf("hold on item %s: %w", r.Item, err)
	}
	return circ.Hold{Item: r.Item, Patron: r.Patron, Placed: placed, Expires: expires}, nil
}

func holdArgs(h circ.Hold) ([]any, error) {
	placed, err := unixNano("hold placed", h.Placed)
	if err != nil {
		return nil, err
	}
	return []any{h.Item, h.Patron, timeText(h.Placed), placed, optionalTimeText(h.Expires)}, nil
}

func (v view) holds(ctx context.Context, item string) ([]circ.Hold, error) {
	var rows []holdRow
	if err := v.stmt(ctx, v.q.holds).SelectContext(ctx, &rows, item); err != nil {
		return nil, v.db.explain("list holds on item", err)
	}
	out := make([]circ.Hold, 0, len(rows))
	for _, r := range rows {
		h, err := r.hold()
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// Holds returns the holds on an item, first placed first.
func (db *DB) Holds(ctx context.Context, item string) ([]circ.Hold, error) {
	return db.reads().holds(ctx, item)
}
