package storage

import (
	"context"
	"database/sql"

	"github.com/circdesk/circdesk/circ"
)

// PatronHolds lists the holds patron placed, first placed first, each with
// the book's title and whether it waits on the hold shelf for them.
func (db *DB) PatronHolds(ctx context.Context, patron string) ([]circ.HoldView, error) {
	var rows []struct {
		Item   string         `db:"item"`
		Title  sql.NullString `db:"title"`
		Status sql.NullString `db:"status"`
		First  sql.NullString `db:"first"`
	}
	err := db.r.SelectContext(ctx, &rows, `SELECT h.item, i.title, i.status,
			(SELECT h2.patron_id FROM holds h2 WHERE h2.item = h.item ORDER BY h2.placed_unix_ns, h2.id LIMIT 1) AS first
		FROM holds h LEFT JOIN items i ON i.barcode = h.item
		WHERE h.patron_id = ? ORDER BY h.placed_unix_ns, h.id`, patron)
	if err != nil {
		return nil, db.explain("list a patron's holds", err)
	}
	out := make([]circ.HoldView, len(rows))
	for i, r := range rows {
		out[i] = circ.HoldView{Item: r.Item, Title: r.Title.String,
			Ready: circ.ItemStatus(r.Status.String) == circ.OnHold && r.First.String == patron}
	}
	return out, nil
}
