package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jmoiron/sqlx"
)

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    int
		problem string
	}{
		{"numbered from 1", fstest.MapFS{
			"migrations/0001_init.sql": file("A"), "migrations/0002_more.sql": file("B"),
		}, 2, ""},
		{"a gap", fstest.MapFS{
			"migrations/0001_init.sql": file("A"), "migrations/0003_more.sql": file("B"),
		}, 0, "want number 2"},
		{"not from 1", fstest.MapFS{"migrations/0002_init.sql": file("A")}, 0, "want number 1"},
		{"no number", fstest.MapFS{"migrations/init.sql": file("A")}, 0, "want a name like"},
		{"not sql", fstest.MapFS{"migrations/0001_init.txt": file("A")}, 0, "want a name like"},
	}
	for _, tt := range tests {
		ms, err := loadMigrations(tt.files)
		switch {
		case tt.problem == "" && (err != nil || len(ms) != tt.want):
			t.Errorf("%s: %d migrations, %v; want %d", tt.name, len(ms), err, tt.want)
		case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
			t.Errorf("%s: %v; want an error saying %q", tt.name, err, tt.problem)
		}
	}
	if len(migrations) != schemaVersion || migrations[0].version != 1 {
		t.Errorf("embedded migrations: %d, schema %d", len(migrations), schemaVersion)
	}
}

// withMigrations makes the code know extra migrations for one test.
func withMigrations(t *testing.T, extra ...string) {
	saved, savedVersion := migrations, schemaVersion
	t.Cleanup(func() { migrations, schemaVersion = saved, savedVersion })
	ms := append([]migration(nil), saved...)
	for _, sql := range extra {
		ms = append(ms, migration{version: len(ms) + 1, name: "test.sql", sql: sql})
	}
	migrations, schemaVersion = ms, len(ms)
}

func userVersion(t *testing.T, db *DB) int {
	var v int
	if err := db.w.Get(&v, "PRAGMA user_version"); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestUpgradeKeepsDataAndFailedUpgradeChangesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO patrons (id, type) VALUES ('1001', 'student')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	base := schemaVersion

	// A newer CircDesk whose second new migration breaks halfway.
	withMigrations(t, `ALTER TABLE patrons ADD COLUMN nickname TEXT`, `CREATE TABLE shelves (id TEXT); SELECT nope FROM nowhere;`)
	if db, err := Open(ctx, path); err == nil {
		db.Close()
		t.Fatal("Open with a broken migration succeeded")
	} else if !strings.Contains(err.Error(), "test.sql") {
		t.Errorf("Open = %v; want it to name the migration", err)
	}
	raw, err := sqlx.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var v, cols int
	if err := raw.Get(&v, "PRAGMA user_version"); err != nil || v != base {
		t.Errorf("user_version after the failed upgrade = %d, %v; want %d as before", v, err, base)
	}
	if err := raw.Get(&cols, `SELECT count(*) FROM pragma_table_info('patrons') WHERE name = 'nickname'`); err != nil || cols != 0 {
		t.Errorf("the failed upgrade kept its first migration (%d, %v)", cols, err)
	}
	raw.Close()

	migrations, schemaVersion = migrations[:base+1], base+1 // the release that fixed it

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := userVersion(t, db); v != base+1 {
		t.Errorf("user_version = %d; want %d", v, base+1)
	}
	var n int
	if err := db.w.Get(&n, `SELECT count(*) FROM sqlite_schema WHERE name = 'shelves'`); err != nil || n != 0 {
		t.Errorf("the broken upgrade left table shelves behind (%d, %v)", n, err)
	}
	if p, err := db.Patron(ctx, "1001"); err != nil || p.ID != "1001" {
		t.Errorf("patron after the upgrade = %+v, %v", p, err)
	}
}
