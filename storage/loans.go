package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

const loanCols = `item, patron_id, out_at, due_at, renewals`

const loanByItemSQL = `SELECT ` + loanCols + ` FROM loans WHERE item = ?`

const loansOfPatronSQL = `SELECT ` + loanCols + ` FROM loans WHERE patron_id = ? ORDER BY out_unix_ns, item`

// putLoanSQL writes the loan of an item, replacing the one it had.
const putLoanSQL = `INSERT INTO loans (item, patron_id, out_at, out_unix_ns, due_at, due_unix_ns, renewals)
	VALUES (?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (item) DO UPDATE SET patron_id = excluded.patron_id,
		out_at = excluded.out_at, out_unix_ns = excluded.out_unix_ns,
		due_at = excluded.due_at, due_unix_ns = excluded.due_unix_ns,
		renewals = excluded.renewals`

const endLoanSQL = `DELETE FROM loans WHERE item = ?`

// loanRow is a loans row as stored.
type loanRow struct {
	Item     string `db:"item"`
	Patron   string `db:"patron_id"`
	Out      string `db:"out_at"`
	Due      string `db:"due_at"`
	Renewals int    `db:"renewals"`
}

func (r loanRow) loan() (circ.Loan, error) {
	out, err := parseTime(r.Out)
	if err != nil {
		return circ.Loan{}, fmt.Errorf("loan of item %s: %w", r.Item, err)
	}
	due, err := parseTime(r.Due)
	if err != nil {
		return circ.Loan{}, fmt.Errorf("loan of item %s: %w", r.Item, err)
	}
	return circ.Loan{Item: r.Item, Patron: r.Patron, Out: out, Due: due, Renewals: r.Renewals}, nil
}

func loans(rows []loanRow) ([]circ.Loan, error) {
	out := make([]circ.Loan, 0, len(rows))
	for _, r := range rows {
		l, err := r.loan()
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func loanArgs(l circ.Loan) ([]any, error) {
	out, err := unixNano("loan out", l.Out)
	if err != nil {
		return nil, err
	}
	due, err := unixNano("loan due", l.Due)
	if err != nil {
		return nil, err
	}
	return []any{l.Item, l.Patron, timeText(l.Out), out, timeText(l.Due), due, l.Renewals}, nil
}

func (v view) loan(ctx context.Context, item string) (circ.Loan, error) {
	var r loanRow
	err := v.stmt(ctx, v.q.loan).GetContext(ctx, &r, item)
	if errors.Is(err, sql.ErrNoRows) {
		return circ.Loan{}, fmt.Errorf("loan of item %s: %w", item, circ.ErrNotFound)
	}
	if err != nil {
		return circ.Loan{}, v.db.explain("look up loan", err)
	}
	return r.loan()
}

func (v view) patronLoans(ctx context.Context, patron string) ([]circ.Loan, error) {
	var rows []loanRow
	if err := v.stmt(ctx, v.q.patronLoans).SelectContext(ctx, &rows, patron); err != nil {
		return nil, v.db.explain("list loans of patron", err)
	}
	return loans(rows)
}

// Loan returns the loan of an item, circ.ErrNotFound when it is not out.
func (db *DB) Loan(ctx context.Context, item string) (circ.Loan, error) {
	return db.reads().loan(ctx, item)
}

// PatronLoans returns the loans of a patron (by patron ID), oldest first.
func (db *DB) PatronLoans(ctx context.Context, patron string) ([]circ.Loan, error) {
	return db.reads().patronLoans(ctx, patron)
}

// Loans lists the loans of the patron with ID patron, or every loan when
// patron is "", soonest due first.
func (db *DB) Loans(ctx context.Context, patron string) ([]circ.Loan, error) {
	query := `SELECT ` + loanCols + ` FROM loans`
	var args []any
	if patron != "" {
		query += ` WHERE patron_id = ?`
		args = append(args, patron)
	}
	query += ` ORDER BY due_unix_ns, item`
	var rows []loanRow
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, db.explain("list loans", err)
	}
	return loans(rows)
}
