package storage

import (
	"context"

	"github.com/circdesk/circdesk/circ"
)

// loanViewsSQL lists a patron's loans, oldest first, each with its item's
// title, in one statement.
const loanViewsSQL = `SELECT l.item, l.patron_id, l.out_at, l.due_at, l.renewals, COALESCE(i.title, '') AS title
	FROM loans l LEFT JOIN items i ON i.barcode = l.item
	WHERE l.patron_id = ? ORDER BY l.out_unix_ns, l.item`

// LoanViews lists the loans of the patron with ID patron, oldest first, each
// with the title of its item ("" when the cache does not have the item).
func (db *DB) LoanViews(ctx context.Context, patron string) ([]circ.LoanView, error) {
	var rows []struct {
		loanRow
		Title string `db:"title"`
	}
	if err := db.r.SelectContext(ctx, &rows, loanViewsSQL, patron); err != nil {
		return nil, db.explain("list loans of patron", err)
	}
	out := make([]circ.LoanView, 0, len(rows))
	for _, r := range rows {
		l, err := r.loan()
		if err != nil {
			return nil, err
		}
		out = append(out, circ.LoanView{Loan: l, Title: r.Title})
	}
	return out, nil
}
