package storage

import (
	"context"
	"fmt"

	"github.com/circdesk/circdesk/circ"
	"github.com/jmoiron/sqlx"
)

// Seed writes d into an empty cache in one transaction and reports true.
// When the cache already has patrons or items it changes nothing and
// reports false, so a data folder is never seeded twice; a failure leaves
// the cache empty as it was.
func (db *DB) Seed(ctx context.Context, d circ.Dataset) (bool, error) {
	if len(d.Patrons) == 0 && len(d.Items) == 0 {
		return false, fmt.Errorf("seed %s: the dataset has no patrons and no items", db.path)
	}
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return false, db.explain("begin seeding", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var seeded bool
	if err := tx.GetContext(ctx, &seeded,
		`SELECT EXISTS (SELECT 1 FROM patrons) OR EXISTS (SELECT 1 FROM items)`); err != nil {
		return false, db.explain("look for seeded data", err)
	}
	if seeded {
		return false, nil
	}
	if err := seedRows(ctx, tx, d); err != nil {
		return false, db.explain("seed", err)
	}
	if err := tx.Commit(); err != nil {
		return false, db.explain("commit seed", err)
	}
	return true, nil
}

func seedRows(ctx context.Context, tx *sqlx.Tx, d circ.Dataset) error {
	if err := insertEach(ctx, tx, "patron", insertPatronSQL, d.Patrons, func(p circ.Patron) ([]any, error) {
		return patronArgs(p), nil
	}); err != nil {
		return err
	}
	if err := insertEach(ctx, tx, "alias", insertAliasSQL, d.Aliases, func(a circ.Alias) ([]any, error) {
		return []any{a.Alias, a.Patron}, nil
	}); err != nil {
		return err
	}
	if err := insertEach(ctx, tx, "item", insertItemSQL, d.Items, func(it circ.Item) ([]any, error) {
		return itemArgs(it), nil
	}); err != nil {
		return err
	}
	if err := insertEach(ctx, tx, "loan", putLoanSQL, d.Loans, loanArgs); err != nil {
		return err
	}
	return insertEach(ctx, tx, "hold", insertHoldSQL, d.Holds, holdArgs)
}

// insertEach inserts rows with one prepared statement. Errors name the row
// by its position, not by its content (a patron id must not reach a log).
func insertEach[T any](ctx context.Context, tx *sqlx.Tx, what, query string, rows []T, args func(T) ([]any, error)) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := tx.PreparexContext(ctx, query)
	if err != nil {
		return fmt.Errorf("prepare %s insert: %w", what, err)
	}
	defer stmt.Close()
	for i, r := range rows {
		a, err := args(r)
		if err == nil {
			_, err = stmt.ExecContext(ctx, a...)
		}
		if err != nil {
			return fmt.Errorf("%s %d of %d: %w", what, i+1, len(rows), err)
		}
	}
	return nil
}
