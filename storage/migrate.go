package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
)

// The migrations are numbered from 0001 without gaps; PRAGMA user_version
// is the number of the last one applied. A migration runs inside the
// transaction that sets user_version, so it must not use statements SQLite
// refuses in a transaction (PRAGMA journal_mode, VACUUM).
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

var migrations = mustLoadMigrations(migrationFiles)

// schemaVersion is the newest schema this code knows.
var schemaVersion = len(migrations)

func mustLoadMigrations(fsys fs.FS) []migration {
	ms, err := loadMigrations(fsys)
	if err != nil {
		panic(err)
	}
	return ms
}

func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries { // ReadDir sorts by name
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: want a name like 0001_what.sql", e.Name())
		}
		if v != len(ms)+1 {
			return nil, fmt.Errorf("migration %s: want number %d", e.Name(), len(ms)+1)
		}
		b, err := fs.ReadFile(fsys, "migrations/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration: %w", err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	return ms, nil
}

// migrate brings the schema up to schemaVersion in one transaction, so a
// failed or interrupted upgrade leaves the file as it was.
func (db *DB) migrate(ctx context.Context) error {
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return db.explain("begin migration", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var v int
	if err := tx.GetContext(ctx, &v, "PRAGMA user_version"); err != nil {
		return db.explain("read schema version", err)
	}
	if v > schemaVersion {
		return newerSchemaError(db.path, v, schemaVersion)
	}
	if v == schemaVersion {
		return nil
	}
	for _, m := range migrations[v:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return db.explain("apply migration "+m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return db.explain("set schema version", err)
	}
	if err := tx.Commit(); err != nil {
		return db.explain("commit migration", err)
	}
	if v == 0 {
		slog.Debug("database created", "path", db.path, "schema", schemaVersion)
	} else {
		slog.Info("database schema upgraded", "path", db.path, "from", v, "to", schemaVersion)
	}
	return nil
}
