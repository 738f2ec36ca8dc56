package storage

import (
	"context"
)

// markExportedSQL marks a row that went out in an offline circulation file:
// only one that is pending and was never sent (a sent row's answer may be
// on its way: the reconciler settles it).
const markExportedSQL = `UPDATE journal SET sync = 'exported' WHERE id = ? AND sync = 'pending' AND sent = 0`

// MarkExported records, in one durable write, that the rows ids went to
// the library server in a file (a Koha offline circulation file): they are
// never replayed. It returns how many it marked; a row that is no longer
// pending and unsent is left alone.
func (db *DB) MarkExported(ctx context.Context, ids []int64) (int, error) {
	n := 0
	err := db.write(ctx, func(t *writeTx) error {
		n = 0
		for _, id := range ids {
			r, err := t.view.tx.ExecContext(ctx, markExportedSQL, id)
			if err != nil {
				return t.db.explain("mark a transaction exported", err)
			}
			k, _ := r.RowsAffected()
			n += int(k)
		}
		return nil
	})
	return n, err
}
