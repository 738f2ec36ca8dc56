package storage

import (
	"context"
	"database/sql"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

// namedJournalCols are the journal's columns and, joined in the same
// statement, its item's title and its patron's name. The patron is found
// the way Patron finds one (card number, account id, alias), each step an
// index search.
const namedJournalCols = journalCols + `,
	(SELECT title FROM items WHERE barcode = journal.item) AS title,
	(SELECT first_name || ' ' || last_name FROM patrons WHERE id = COALESCE(
		(SELECT id FROM patrons WHERE id = journal.patron),
		(SELECT id FROM patrons WHERE account_id = journal.patron ORDER BY id LIMIT 1),
		(SELECT patron_id FROM patron_aliases WHERE alias = journal.patron))) AS patron_name`

// namedJournalRow is a journal row with its item's title and its patron's
// name, NULL when the cache does not have them.
type namedJournalRow struct {
	journalRow
	Title      sql.NullString `db:"title"`
	PatronName sql.NullString `db:"patron_name"`
}

// JournalEntries lists the journal rows matching f like Journal, each with
// the title of its item and the name of its patron, in one statement.
func (db *DB) JournalEntries(ctx context.Context, f circ.JournalFilter) ([]circ.JournalEntry, error) {
	query, args, err := journalQuery(namedJournalCols, f)
	if err != nil {
		return nil, err
	}
	var rows []namedJournalRow
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, db.explain("list journal", err)
	}
	out := make([]circ.JournalEntry, 0, len(rows))
	for _, r := range rows {
		t, err := r.transaction()
		if err != nil {
			return nil, err
		}
		out = append(out, circ.JournalEntry{Transaction: t, Title: r.Title.String,
			PatronName: strings.TrimSpace(r.PatronName.String)})
	}
	return out, nil
}

// pendingSQL counts the journal rows waiting for the library server: one
// search of the sync index.
const pendingSQL = `SELECT count(*) FROM journal WHERE sync = 'pending'`

// PendingCount counts the journal rows waiting for the library server.
func (db *DB) PendingCount(ctx context.Context) (int, error) {
	var n int
	if err := db.r.GetContext(ctx, &n, pendingSQL); err != nil {
		return 0, db.explain("count pending transactions", err)
	}
	return n, nil
}
