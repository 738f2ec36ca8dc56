package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

const journalCols = `id, station, seq, at, action, patron, item, ok, code, due, sync, sent, attempts, server_due, prev_due`

// nextSeqSQL is the station's next sequence number; it reads the
// (station, seq) unique index backwards, one row, and the floor a history
// purge left (see PurgeHistory), so a sequence never goes back.
const nextSeqSQL = `SELECT max(
	COALESCE((SELECT MAX(seq) FROM journal WHERE station = ?1), 0),
	COALESCE((SELECT seq FROM journal_seq_floor WHERE station = ?1), 0)) + 1`

const insertJournalSQL = `INSERT INTO journal
	(station, seq, at, at_unix_ns, action, patron, item, ok, code, due, sync, sent, attempts, prev_due)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// markSentSQL records that a row is about to go to the library server,
// once more without a proven answer yet.
const markSentSQL = `UPDATE journal SET sent = 1, attempts = attempts + 1 WHERE id = ? AND sync = 'pending'`

// journalRow is a journal row as stored.
type journalRow struct {
	ID      int64          `db:"id"`
	Station string         `db:"station"`
	Seq     int64          `db:"seq"`
	At      string         `db:"at"`
	Action  string         `db:"action"`
	Patron  string         `db:"patron"`
	Item    string         `db:"item"`
	OK      bool           `db:"ok"`
	Code    string         `db:"code"`
	Due     sql.NullString `db:"due"`
	Sync    string         `db:"sync"`
	Sent    bool           `db:"sent"`

	Attempts  int            `db:"attempts"`
	ServerDue sql.NullString `db:"server_due"`
	PrevDue   sql.NullString `db:"prev_due"`
}

func (r journalRow) transaction() (circ.Transaction, error) {
	at, err := parseTime(r.At)
	if err != nil {
		return circ.Transaction{}, fmt.Errorf("journal row %d: %w", r.ID, err)
	}
	due, err := parseOptionalTime(r.Due)
	if err != nil {
		return circ.Transaction{}, fmt.Errorf("journal row %d: %w", r.ID, err)
	}
	serverDue, err := parseOptionalTime(r.ServerDue)
	if err != nil {
		return circ.Transaction{}, fmt.Errorf("journal row %d: %w", r.ID, err)
	}
	prevDue, err := parseOptionalTime(r.PrevDue)
	if err != nil {
		return circ.Transaction{}, fmt.Errorf("journal row %d: %w", r.ID, err)
	}
	return circ.Transaction{
		ID: r.ID, Station: r.Station, Seq: r.Seq, At: at, Action: circ.Action(r.Action),
		Patron: r.Patron, Item: r.Item, OK: r.OK, Code: circ.Code(r.Code), Due: due,
		Sync: circ.SyncState(r.Sync), Sent: r.Sent,
		Attempts: r.Attempts, ServerDue: serverDue, PrevDue: prevDue,
	}, nil
}

// Journal lists the journal rows matching f in the order they were recorded
// (which is time order unless the wall clock was set back). With f.Limit it
// returns the newest f.Limit rows, still oldest first; with f.First the
// oldest f.First rows. Reading a queue in batches,
// JournalFilter{Sync: circ.Pending, After: last, First: n}, walks the sync
// index from last: each batch costs its own size, not the queue's.
func (db *DB) Journal(ctx context.Context, f circ.JournalFilter) ([]circ.Transaction, error) {
	query, args, err := journalQuery(journalCols, f)
	if err != nil {
		return nil, err
	}
	var rows []journalRow
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, db.explain("list journal", err)
	}
	out := make([]circ.Transaction, 0, len(rows))
	for _, r := range rows {
		t, err := r.transaction()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// journalQuery is the statement of Journal, selecting cols. A sync filter with After
// searches the journal_sync index, whose entries are (sync, id): the batch
// starts at After and stops after First rows.
func journalQuery(cols string, f circ.JournalFilter) (string, []any, error) {
	if f.Limit > 0 && f.First > 0 {
		return "", nil, errors.New("list journal: a filter cannot ask for both the newest (Limit) and the oldest (First) rows")
	}
	var where []string
	var args []any
	if !f.Since.IsZero() {
		where, args = append(where, "at_unix_ns >= ?"), append(args, f.Since.UnixNano())
	}
	if f.Patron != "" {
		where, args = append(where, "patron = ?"), append(args, f.Patron)
	}
	if f.Item != "" {
		where, args = append(where, "item = ?"), append(args, f.Item)
	}
	if f.Before > 0 {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	if f.Sync != "" {
		where, args = append(where, "sync = ?"), append(args, string(f.Sync))
	}
	if f.After > 0 {
		where, args = append(where, "id > ?"), append(args, f.After)
	}
	query := `SELECT ` + cols + ` FROM journal`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	switch {
	case f.Limit > 0:
		query = `SELECT * FROM (` + query + ` ORDER BY id DESC LIMIT ?) ORDER BY id`
		args = append(args, f.Limit)
	case f.First > 0:
		query += ` ORDER BY id LIMIT ?`
		args = append(args, f.First)
	default:
		query += ` ORDER BY id`
	}
	return query, args, nil
}

// MarkSent records, durably and in one write, that the pending rows ids are
// about to be sent to the library server, so that after a lost answer or a
// crash the reconciler asks the server before sending any of them again.
// Each mark counts one more attempt without a proven answer.
func (db *DB) MarkSent(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return db.write(ctx, func(t *writeTx) error {
		for _, id := range ids {
			if _, err := t.stmt(ctx, t.db.ws.markSent).ExecContext(ctx, id); err != nil {
				return t.db.explain("mark a transaction sent", err)
			}
		}
		return nil
	})
}
