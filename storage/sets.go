package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// CreateSet makes book set name of items, in one transaction: either the
// set with every copy, or nothing.
func (db *DB) CreateSet(ctx context.Context, name string, items []string, at time.Time) error {
	return db.write(ctx, func(t *writeTx) error {
		var n int
		if err := t.tx.GetContext(ctx, &n, `SELECT count(*) FROM book_sets WHERE name = ?`, name); err != nil {
			return db.explain("look up book set", err)
		}
		if n > 0 {
			return fmt.Errorf("book set %q: %w", name, circ.ErrSetExists)
		}
		var unknown []string
		conflict := map[string]string{}
		for _, it := range items {
			var set sql.NullString
			err := t.tx.GetContext(ctx, &set, `SELECT s.set_name FROM items i LEFT JOIN set_copies s ON s.item = i.barcode WHERE i.barcode = ?`, it)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				unknown = append(unknown, it)
			case err != nil:
				return db.explain("look up item", err)
			case set.Valid:
				conflict[it] = set.String
			}
		}
		if len(unknown) > 0 {
			return &circ.UnknownItems{Items: unknown}
		}
		if len(conflict) > 0 {
			return &circ.SetConflict{Items: conflict}
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO book_sets (name, created_at) VALUES (?, ?)`, name, timeText(at)); err != nil {
			return db.explain("create book set", err)
		}
		ins, err := t.tx.PreparexContext(ctx, `INSERT INTO set_copies (item, set_name) VALUES (?, ?)`)
		if err != nil {
			return db.explain("add copies", err)
		}
		defer ins.Close()
		for _, it := range items {
			if _, err := ins.ExecContext(ctx, it, name); err != nil {
				return db.explain("add copy "+it, err)
			}
		}
		return nil
	})
}

// handOut marks item, a set copy, as handed out (Effect.Holder).
func (t *writeTx) handOut(ctx context.Context, item string, h circ.SetHolder) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE set_copies SET holder = ?, class_id = ?, out_at = ? WHERE item = ?`,
		h.Holder, h.Class, optionalTimeText(h.At), item)
	if err != nil {
		return t.db.explain("hand out set copy", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("hand out set copy: %w", err)
	} else if n == 0 {
		return fmt.Errorf("%w: item %s is not a set copy", errBadChange, item)
	}
	return nil
}

// BookSets lists the sets by name with their copies counted at now.
func (db *DB) BookSets(ctx context.Context, now time.Time) ([]circ.SetSummary, error) {
	var rows []struct {
		Name    string `db:"name"`
		Copies  int    `db:"copies"`
		Out     int    `db:"out"`
		Overdue int    `db:"overdue"`
	}
	err := db.r.SelectContext(ctx, &rows, `SELECT b.name,
			count(c.item) AS copies,
			count(l.item) AS out,
			count(CASE WHEN l.due_unix_ns < ? THEN 1 END) AS overdue
		FROM book_sets b
		LEFT JOIN set_copies c ON c.set_name = b.name
		LEFT JOIN loans l ON l.item = c.item
		GROUP BY b.name ORDER BY b.name`, now.UnixNano())
	if err != nil {
		return nil, db.explain("list book sets", err)
	}
	out := make([]circ.SetSummary, len(rows))
	for i, r := range rows {
		out[i] = circ.SetSummary{Name: r.Name, Copies: r.Copies, Out: r.Out, Overdue: r.Overdue}
	}
	return out, nil
}

// BookSet returns set name with its copies by barcode, each with its
// current loan and the name of who it was handed out to.
func (db *DB) BookSet(ctx context.Context, name string) (circ.BookSet, error) {
	var head struct {
		Name    string `db:"name"`
		Created string `db:"created_at"`
	}
	err := db.r.GetContext(ctx, &head, `SELECT name, created_at FROM book_sets WHERE name = ?`, name)
	if errors.Is(err, sql.ErrNoRows) {
		return circ.BookSet{}, fmt.Errorf("book set %q: %w", name, circ.ErrNoSet)
	}
	if err != nil {
		return circ.BookSet{}, db.explain("look up book set", err)
	}
	created, err := parseTime(head.Created)
	if err != nil {
		return circ.BookSet{}, fmt.Errorf("book set %q: %w", name, err)
	}
	var rows []struct {
		Item       string         `db:"item"`
		Title      string         `db:"title"`
		CallNumber string         `db:"call_number"`
		Status     string         `db:"status"`
		Holder     string         `db:"holder"`
		First      sql.NullString `db:"first_name"`
		Last       sql.NullString `db:"last_name"`
		Class      string         `db:"class_id"`
		OutAt      sql.NullString `db:"out_at"`
		LoanPatron sql.NullString `db:"patron_id"`
		LoanOut    sql.NullString `db:"loan_out"`
		LoanDue    sql.NullString `db:"due_at"`
		Renewals   sql.NullInt64  `db:"renewals"`
	}
	err = db.r.SelectContext(ctx, &rows, `SELECT c.item, i.title, i.call_number, i.status, c.holder,
			p.first_name, p.last_name, c.class_id, c.out_at,
			l.patron_id, l.out_at AS loan_out, l.due_at, l.renewals
		FROM set_copies c
		JOIN items i ON i.barcode = c.item
		LEFT JOIN loans l ON l.item = c.item
		LEFT JOIN patrons p ON p.id = COALESCE(l.patron_id, NULLIF(c.holder, ''))
		WHERE c.set_name = ? ORDER BY c.item`, head.Name)
	if err != nil {
		return circ.BookSet{}, db.explain("list set copies", err)
	}
	set := circ.BookSet{Name: head.Name, Created: created, Copies: make([]circ.SetCopy, len(rows))}
	for i, r := range rows {
		c := circ.SetCopy{
			Item: r.Item, Title: r.Title, CallNumber: r.CallNumber, Status: circ.ItemStatus(r.Status),
			Holder: r.Holder, Class: r.Class,
			HolderName: strings.TrimSpace(r.First.String + " " + r.Last.String),
		}
		if c.Out, err = parseOptionalTime(r.OutAt); err != nil {
			return circ.BookSet{}, fmt.Errorf("set copy %s: %w", r.Item, err)
		}
		if r.LoanPatron.Valid {
			l, err := loanRow{Item: r.Item, Patron: r.LoanPatron.String, Out: r.LoanOut.String, Due: r.LoanDue.String, Renewals: int(r.Renewals.Int64)}.loan()
			if err != nil {
				return circ.BookSet{}, err
			}
			c.Loan = &l
		}
		set.Copies[i] = c
	}
	return set, nil
}

// SetOf names the book set item is a copy of.
func (db *DB) SetOf(ctx context.Context, item string) (string, error) {
	var name string
	err := db.r.GetContext(ctx, &name, `SELECT set_name FROM set_copies WHERE item = ?`, item)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("set of item %s: %w", item, circ.ErrNotFound)
	}
	if err != nil {
		return "", db.explain("look up set of item", err)
	}
	return name, nil
}

// ItemsByTitle lists the items titled title, in any case, by barcode.
func (db *DB) ItemsByTitle(ctx context.Context, title string) ([]circ.Item, error) {
	var rows []itemRow
	err := db.r.SelectContext(ctx, &rows, `SELECT `+itemCols+` FROM items WHERE title = ? COLLATE NOCASE ORDER BY barcode`, title)
	if err != nil {
		return nil, db.explain("find items by title", err)
	}
	out := make([]circ.Item, len(rows))
	for i, r := range rows {
		out[i] = r.item()
	}
	return out, nil
}

var _ circ.SetStore = (*DB)(nil)
