package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
)

const patronCols = `id, account_id, first_name, last_name, type, school, grade, homeroom,
	expires, blocked, block_reason, item_limit, loan_days, active`

// patronReadCols are patronCols and where the row came from (0006).
const patronReadCols = patronCols + `, source, refreshed_at, server_charged, server_overdue`

// patronByKeySQL finds a patron by card number, then account id, then
// alias. COALESCE stops at the first match, and each step is one index
// search: no sort, no temporary table.
const patronByKeySQL = `SELECT ` + patronReadCols + ` FROM patrons WHERE id = COALESCE(
	(SELECT id FROM patrons WHERE id = ?1),
	(SELECT id FROM patrons WHERE account_id = ?1 ORDER BY id LIMIT 1),
	(SELECT patron_id FROM patron_aliases WHERE alias = ?1))`

const insertPatronSQL = `INSERT INTO patrons (` + patronCols + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const insertAliasSQL = `INSERT INTO patron_aliases (alias, patron_id) VALUES (?, ?)`

// patronRow is a patrons row as stored.
type patronRow struct {
	ID          string         `db:"id"`
	Account     sql.NullString `db:"account_id"`
	FirstName   string         `db:"first_name"`
	LastName    string         `db:"last_name"`
	Type        string         `db:"type"`
	School      string         `db:"school"`
	Grade       string         `db:"grade"`
	Homeroom    string         `db:"homeroom"`
	Expires     sql.NullString `db:"expires"`
	Blocked     bool           `db:"blocked"`
	BlockReason string         `db:"block_reason"`
	ItemLimit   int            `db:"item_limit"`
	LoanDays    int            `db:"loan_days"`
	Active      bool           `db:"active"`
	// Read with patronReadCols only.
	Source        string         `db:"source"`
	RefreshedAt   sql.NullString `db:"refreshed_at"`
	ServerCharged int            `db:"server_charged"`
	ServerOverdue int            `db:"server_overdue"`
}

func (r patronRow) patron() (circ.Patron, error) {
	expires, err := parseOptionalTime(r.Expires)
	if err != nil {
		return circ.Patron{}, fmt.Errorf("patron expiry: %w", err)
	}
	refreshed, err := parseOptionalTime(r.RefreshedAt)
	if err != nil {
		return circ.Patron{}, fmt.Errorf("patron refresh time: %w", err)
	}
	source := circ.Source(r.Source)
	if source == "" {
		source = circ.SourceRoster
	}
	return circ.Patron{
		Source: source, RefreshedAt: refreshed, ServerCharged: r.ServerCharged, ServerOverdue: r.ServerOverdue,
		ID: r.ID, Account: r.Account.String, FirstName: r.FirstName, LastName: r.LastName,
		Type: circ.PatronType(r.Type), School: r.School, Grade: r.Grade, Homeroom: r.Homeroom,
		Expires: expires, Blocked: r.Blocked, BlockReason: r.BlockReason,
		ItemLimit: r.ItemLimit, LoanDays: r.LoanDays, Inactive: !r.Active,
	}, nil
}

func patronArgs(p circ.Patron) []any {
	return []any{p.ID, optionalString(p.Account), p.FirstName, p.LastName, string(p.Type),
		p.School, p.Grade, p.Homeroom, optionalTimeText(p.Expires), p.Blocked, p.BlockReason,
		p.ItemLimit, p.LoanDays, !p.Inactive}
}

func (v view) patron(ctx context.Context, key string) (circ.Patron, error) {
	var r patronRow
	err := v.stmt(ctx, v.q.patron).GetContext(ctx, &r, key)
	if errors.Is(err, sql.ErrNoRows) {
		return circ.Patron{}, fmt.Errorf("patron: %w", circ.ErrNotFound)
	}
	if err != nil {
		return circ.Patron{}, v.db.explain("look up patron", err)
	}
	return r.patron()
}

// Patron finds a patron by card number, library account id or alias, in
// that order.
func (db *DB) Patron(ctx context.Context, key string) (circ.Patron, error) {
	return db.reads().patron(ctx, key)
}

// PatronQuery selects patrons for a listing. Zero fields match everything.
type PatronQuery struct {
	Type circ.PatronType
	// Now is when overdue loans are counted; zero means the current time.
	Now   time.Time
	Limit int // 0: no limit
}

// PatronRow is a patron with the number of their loans overdue at the
// query's Now.
type PatronRow struct {
	circ.Patron
	Overdue int
}

// Patrons lists patrons by last name, first name and card number.
func (db *DB) Patrons(ctx context.Context, q PatronQuery) ([]PatronRow, error) {
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	query := `SELECT ` + patronReadCols + `,
		(SELECT count(*) FROM loans l WHERE l.patron_id = p.id AND l.due_unix_ns < ?) AS overdue
		FROM patrons p`
	args := []any{now.UnixNano()}
	if q.Type != "" {
		query += ` WHERE type = ?`
		args = append(args, string(q.Type))
	}
	query += ` ORDER BY last_name, first_name, id`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	var rows []struct {
		patronRow
		Overdue int `db:"overdue"`
	}
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, db.explain("list patrons", err)
	}
	out := make([]PatronRow, 0, len(rows))
	for _, r := range rows {
		p, err := r.patron()
		if err != nil {
			return nil, err
		}
		out = append(out, PatronRow{Patron: p, Overdue: r.Overdue})
	}
	return out, nil
}

// refreshPatronSQL writes the library server's view of a patron: its
// names when it sent them, and always its block.
const refreshPatronSQL = `UPDATE patrons SET
	first_name = CASE WHEN ?1 <> '' THEN ?1 ELSE first_name END,
	last_name = CASE WHEN ?2 <> '' THEN ?2 ELSE last_name END,
	blocked = ?3, block_reason = ?4
	WHERE id = ?5`

// RefreshPatron writes what the library server said of the patron with ID
// id (the card number, not the account id) into the cache: the names it
// sent (an empty one leaves the cached name) and its block and reason. A
// patron the server does not know (p.Found false) changes nothing; an id not
// in the cache is circ.ErrNotFound.
func (db *DB) RefreshPatron(ctx context.Context, id string, p circ.LibraryPatron) error {
	if !p.Found {
		return nil
	}
	res, err := db.ws.refreshPatron.ExecContext(ctx, p.FirstName, p.LastName, p.Blocked, p.BlockReason, id)
	if err != nil {
		return db.explain("refresh patron", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("refresh patron: %w", err)
	} else if n == 0 {
		return fmt.Errorf("refresh patron: %w", circ.ErrNotFound)
	}
	return nil
}
