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

const insertExceptionSQL = `INSERT INTO exceptions (journal_id, code, message, at) VALUES (?, ?, ?, ?)`

// closeExceptionSQL closes an open exception and names its journal row.
const closeExceptionSQL = `UPDATE exceptions SET resolved_at = ?, note = ?
	WHERE id = ? AND resolved_at IS NULL RETURNING journal_id`

const exceptionStateSQL = `SELECT resolved_at FROM exceptions WHERE id = ?`

// retriedNote is the note RetryException closes an exception with.
const retriedNote = "retried"

// exceptionRow is an exceptions row as stored, joined with its journal row.
type exceptionRow struct {
	ExID     int64          `db:"ex_id"`
	ExCode   string         `db:"ex_code"`
	Message  string         `db:"message"`
	ExAt     string         `db:"ex_at"`
	Resolved sql.NullString `db:"resolved_at"`
	Note     string         `db:"note"`
	Title    sql.NullString `db:"title"`
	First    sql.NullString `db:"first_name"`
	Last     sql.NullString `db:"last_name"`
	journalRow
}

func (r exceptionRow) exception() (circ.Exception, error) {
	txn, err := r.transaction()
	if err != nil {
		return circ.Exception{}, err
	}
	at, err := parseTime(r.ExAt)
	if err != nil {
		return circ.Exception{}, fmt.Errorf("exception %d: %w", r.ExID, err)
	}
	resolved, err := parseOptionalTime(r.Resolved)
	if err != nil {
		return circ.Exception{}, fmt.Errorf("exception %d: %w", r.ExID, err)
	}
	return circ.Exception{ID: r.ExID, Txn: txn, Code: circ.ExceptionCode(r.ExCode), Message: r.Message,
		At: at, Resolved: resolved, Note: r.Note, Title: r.Title.String,
		PatronName: strings.TrimSpace(r.First.String + " " + r.Last.String)}, nil
}

// Exceptions lists the exceptions matching f, newest first, each with its
// journal row.
func (db *DB) Exceptions(ctx context.Context, f circ.ExceptionFilter) ([]circ.Exception, error) {
	var where []string
	var args []any
	if f.Open {
		where = append(where, "e.resolved_at IS NULL")
	}
	if f.Code != "" {
		where, args = append(where, "e.code = ?"), append(args, string(f.Code))
	}
	query := `SELECT e.id AS ex_id, e.code AS ex_code, e.message, e.at AS ex_at, e.resolved_at, e.note,
		j.id, j.station, j.seq, j.at, j.action, j.patron, j.item, j.ok, j.code, j.due, j.sync,
		i.title, p.first_name, p.last_name
		FROM exceptions e JOIN journal j ON j.id = e.journal_id
		LEFT JOIN items i ON i.barcode = j.item
		LEFT JOIN patrons p ON p.id = j.patron`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY e.id DESC`
	var rows []exceptionRow
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, db.explain("list exceptions", err)
	}
	out := make([]circ.Exception, 0, len(rows))
	for _, r := range rows {
		e, err := r.exception()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ResolveException closes the open exception id with the librarian's note.
// An unknown id is circ.ErrNotFound; one already resolved is refused.
func (db *DB) ResolveException(ctx context.Context, id int64, note string, at time.Time) error {
	if at.IsZero() {
		return errors.New("resolve exception: no time")
	}
	return db.write(ctx, func(t *writeTx) error {
		_, err := t.closeException(id, note, at)
		return err
	})
}

// RetryException closes the open exception id with the note "retried" and
// puts its journal row back to pending, in one transaction, so the
// reconciler sends it again.
func (db *DB) RetryException(ctx context.Context, id int64, at time.Time) error {
	if at.IsZero() {
		return errors.New("retry exception: no time")
	}
	return db.write(ctx, func(t *writeTx) error {
		txn, err := t.closeException(id, retriedNote, at)
		if err != nil {
			return err
		}
		if _, err := t.stmt(t.ctx, t.db.ws.requeue).ExecContext(t.ctx, txn); err != nil {
			return t.db.explain("requeue journal row", err)
		}
		return nil
	})
}

// requeueSQL puts a journal row back in the queue with fresh attempts; it
// keeps sent, so the reconciler asks the server before sending it again.
const requeueSQL = `UPDATE journal SET sync = 'pending', attempts = 0 WHERE id = ?`

// closeException resolves an open exception and returns its journal row id.
func (t *writeTx) closeException(id int64, note string, at time.Time) (int64, error) {
	ctx, ws := t.ctx, t.db.ws
	var txn int64
	err := t.stmt(ctx, ws.closeException).GetContext(ctx, &txn, timeText(at), note, id)
	if err == nil {
		return txn, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, t.db.explain("resolve exception", err)
	}
	var resolved sql.NullString
	switch err := t.stmt(ctx, ws.exceptionState).GetContext(ctx, &resolved, id); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, fmt.Errorf("exception %d: %w", id, circ.ErrNotFound)
	case err != nil:
		return 0, t.db.explain("look up exception", err)
	}
	return 0, circ.Said(fmt.Errorf("exception %d was already resolved", id), circ.KindRefused)
}
