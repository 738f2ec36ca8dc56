package storage

import (
	"context"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// AddProvisionalPatron adds a card the cache does not know, lent on offline
// at the desk after the librarian confirmed it (source provisional, no name
// yet: the library server names it when it answers). A card already in the
// cache is left as it is. It returns the patron.
func (db *DB) AddProvisionalPatron(ctx context.Context, card string, at time.Time) (circ.Patron, error) {
	err := db.write(ctx, func(t *writeTx) error {
		_, err := t.view.tx.ExecContext(ctx, `INSERT INTO patrons (id, first_name, last_name, type, source, seen_unix_ns)
			VALUES (?, '', '', 'student', 'provisional', ?) ON CONFLICT (id) DO NOTHING`, card, at.UnixNano())
		if err != nil {
			return t.db.explain("add a provisional patron", err)
		}
		return nil
	})
	if err != nil {
		return circ.Patron{}, err
	}
	return db.Patron(ctx, card)
}
