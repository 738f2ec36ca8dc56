package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

// Audit appends e to the audit of librarian actions.
func (db *DB) Audit(ctx context.Context, e circ.AuditEntry) error {
	if e.At.IsZero() || e.Action == "" {
		return errors.New("an audit entry needs a time and an action")
	}
	return db.write(ctx, func(t *writeTx) error {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO audit (at, station, action, detail) VALUES (?, ?, ?, ?)`,
			timeText(e.At), e.Station, string(e.Action), e.Detail)
		return db.explain("record a librarian action", err)
	})
}

// AuditLog lists the audit, oldest first; limit > 0 keeps the newest limit
// entries.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]circ.AuditEntry, error) {
	var rows []struct {
		ID      int64  `db:"id"`
		At      string `db:"at"`
		Station string `db:"station"`
		Action  string `db:"action"`
		Detail  string `db:"detail"`
	}
	q := `SELECT id, at, station, action, detail FROM audit ORDER BY id`
	args := []any{}
	if limit > 0 {
		q = `SELECT * FROM (SELECT id, at, station, action, detail FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id`
		args = append(args, limit)
	}
	if err := db.r.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, db.explain("list the audit", err)
	}
	out := make([]circ.AuditEntry, len(rows))
	for i, r := range rows {
		at, err := parseTime(r.At)
		if err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", r.ID, err)
		}
		out[i] = circ.AuditEntry{ID: r.ID, At: at, Station: r.Station, Action: circ.AuditAction(r.Action), Detail: r.Detail}
	}
	return out, nil
}
