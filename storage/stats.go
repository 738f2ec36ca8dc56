package storage

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// statsSQL counts everything in one statement, so in one snapshot.
const statsSQL = `SELECT
	(SELECT count(*) FROM patrons) AS patrons,
	(SELECT count(*) FROM items) AS items,
	(SELECT count(*) FROM loans) AS loans,
	(SELECT count(*) FROM loans WHERE due_unix_ns < ?) AS overdue,
	(SELECT count(*) FROM journal WHERE sync = 'pending') AS pending,
	(SELECT count(*) FROM exceptions WHERE resolved_at IS NULL) AS exceptions`

// Stats counts patrons, items and loans, the loans due before now, the
// journal rows waiting for the library server and the open exceptions.
func (db *DB) Stats(ctx context.Context, now time.Time) (circ.Stats, error) {
	var s struct {
		Patrons, Items, Loans, Overdue, Pending, Exceptions int
	}
	if err := db.r.GetContext(ctx, &s, statsSQL, now.UnixNano()); err != nil {
		return circ.Stats{}, db.explain("count the cache", err)
	}
	return circ.Stats{Patrons: s.Patrons, Items: s.Items, Loans: s.Loans,
		Overdue: s.Overdue, Pending: s.Pending, Exceptions: s.Exceptions}, nil
}

// IntegrityCheck runs SQLite's integrity check over the whole file; it fails
// with ErrCorrupt unless the check answers "ok".
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var problems []string
	if err := db.r.SelectContext(ctx, &problems, "PRAGMA integrity_check"); err != nil {
		return db.explain("check integrity", err)
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	if len(problems) > 5 {
		problems = problems[:5]
	}
	return corruptError(db.path, errors.New(strings.Join(problems, "; ")))
}
