package storage

import (
	"context"
	"time"
)

// purgeBatch bounds the rows one statement of PurgeHistory deletes, so a
// first purge of years of history does not build one huge statement.
var purgeBatch = 5000

// purgeableSQL picks the journal rows PurgeHistory may delete: older than
// the cutoff (?1, Unix ns), reconciled with the library server ('synced',
// 'undone', 'exported') or never meant for it ('local', the station's
// refusals); never a row an exception references (open or resolved: the
// foreign key), never a row of an item that is on loan, and never a row of
// an item that still has a row waiting ('pending') or refused on replay
// ('exception'): the reconciler and the librarian still need that item's
// history.
const purgeableSQL = `SELECT j.id FROM journal j
	WHERE j.at_unix_ns < ?1
	AND j.sync IN ('synced', 'undone', 'exported', 'local')
	AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.journal_id = j.id)
	AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.item = j.item)
	AND NOT EXISTS (SELECT 1 FROM journal p WHERE p.item = j.item AND p.sync IN ('pending', 'exception'))
	ORDER BY j.id LIMIT ?2`

// PurgeHistory deletes the borrowing history the station no longer needs:
// the journal rows of returned loans whose transactions the library server
// has (or that were never for it) and that are older than before. Each
// deleted row is first counted in history_counts by day, action and
// outcome, without the patron; each station's highest deleted seq is kept
// so its sequence never goes back. All in one write transaction, in
// batches; n is the number of rows deleted. A second call with the same
// cutoff deletes nothing.
func (db *DB) PurgeHistory(ctx context.Context, before time.Time) (n int, err error) {
	err = db.write(ctx, func(t *writeTx) error {
		n = 0
		tx := t.tx
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS purge_ids (id INTEGER PRIMARY KEY)`); err != nil {
			return db.explain("purge the history", err)
		}
		defer tx.ExecContext(ctx, `DROP TABLE IF EXISTS temp.purge_ids`) //nolint:errcheck // rolled back or committed with the rest
		for {
			if _, err := tx.ExecContext(ctx, `DELETE FROM temp.purge_ids`); err != nil {
				return db.explain("purge the history", err)
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO temp.purge_ids (id) `+purgeableSQL, before.UnixNano(), purgeBatch)
			if err != nil {
				return db.explain("purge the history", err)
			}
			picked, err := res.RowsAffected()
			if err != nil {
				return db.explain("purge the history", err)
			}
			if picked == 0 {
				return nil
			}
			for _, q := range []string{
				// substr(at, 1, 10): the date the station's wall clock showed.
				`INSERT INTO history_counts (day, action, ok, count)
					SELECT substr(j.at, 1, 10), j.action, j.ok, count(*)
					FROM journal j JOIN temp.purge_ids p ON p.id = j.id
					GROUP BY 1, 2, 3
					ON CONFLICT (day, action, ok) DO UPDATE SET count = count + excluded.count`,
				`INSERT INTO journal_seq_floor (station, seq)
					SELECT j.station, max(j.seq)
					FROM journal j JOIN temp.purge_ids p ON p.id = j.id
					GROUP BY j.station
					ON CONFLICT (station) DO UPDATE SET seq = max(seq, excluded.seq)`,
			} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return db.explain("count the purged history", err)
				}
			}
			res, err = tx.ExecContext(ctx, `DELETE FROM journal WHERE id IN (SELECT id FROM temp.purge_ids)`)
			if err != nil {
				return db.explain("purge the history", err)
			}
			deleted, err := res.RowsAffected()
			if err != nil {
				return db.explain("purge the history", err)
			}
			n += int(deleted)
		}
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// HistoryCount is the count of purged journal rows of one day, action and
// outcome.
type HistoryCount struct {
	Day    string `db:"day" json:"day"` // YYYY-MM-DD, the station's wall-clock date
	Action string `db:"action" json:"action"`
	OK     bool   `db:"ok" json:"ok"`
	Count  int    `db:"count" json:"count"`
}

// HistoryCounts lists the aggregates PurgeHistory kept, by day, action and
// outcome.
func (db *DB) HistoryCounts(ctx context.Context) ([]HistoryCount, error) {
	var out []HistoryCount
	if err := db.r.SelectContext(ctx, &out, `SELECT day, action, ok, count FROM history_counts ORDER BY day, action, ok`); err != nil {
		return nil, db.explain("list the history counts", err)
	}
	return out, nil
}
