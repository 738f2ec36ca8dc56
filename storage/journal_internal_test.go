package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/jmoiron/sqlx"
)

// TestMigration0002OnASchema1Database opens a file the first release made
// (schema 1, a journal but no exceptions table) and checks that the upgrade
// keeps its rows and that exceptions then work on them.
func TestMigration0002OnASchema1Database(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "circdesk.db")
	raw, err := sqlx.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		migrations[0].sql,
		`PRAGMA user_version = 1`,
		`INSERT INTO patrons (id, type, first_name) VALUES ('1001', 'student', 'Ana')`,
		`INSERT INTO items (barcode, title) VALUES ('30000000000011', 'Frog and Toad')`,
		`INSERT INTO journal (station, seq, at, at_unix_ns, action, patron, item, ok, code, sync)
			VALUES ('desk', 1, '2026-03-02T08:15:30-05:00', 1772457330000000000, 'checkin', '', '30000000000011', 1, 'not_on_loan', 'pending')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("make a schema 1 file: %v", err)
		}
	}
	raw.Close()

	for round := range 2 { // the second open finds nothing to do
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		if v := userVersion(t, db); v != schemaVersion || schemaVersion < 2 {
			t.Errorf("user_version = %d, code knows %d; want the newest, 2 or above", v, schemaVersion)
		}
		if round == 0 {
			st, err := db.Stats(ctx, at)
			if err != nil || st.Patrons != 1 || st.Items != 1 || st.Pending != 1 || st.Exceptions != 0 {
				t.Errorf("Stats after the upgrade = %+v, %v; want the schema 1 rows, no exceptions", st, err)
			}
			if err := db.Settle(ctx, circ.Settlement{Txn: 1, Sync: circ.SyncException, Code: circ.ExItemNotFound, At: at}); err != nil {
				t.Fatalf("Settle after the upgrade: %v", err)
			}
		}
		es, err := db.Exceptions(ctx, circ.ExceptionFilter{Open: true})
		if err != nil || len(es) != 1 || es[0].Txn.Item != "30000000000011" {
			t.Errorf("open %d: exceptions = %+v, %v; want the one on the schema 1 row", round, es, err)
		}
		db.Close()
	}
}

// TestPendingBatchUsesTheSyncIndex: the reconciler's batch read is one
// search of journal_sync from After, with no sort, whatever the journal's size.
func TestPendingBatchUsesTheSyncIndex(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "circdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	query, args, err := journalQuery(journalCols, circ.JournalFilter{Sync: circ.Pending, After: 10, First: 500})
	if err != nil {
		t.Fatal(err)
	}
	var plan []struct {
		ID      int    `db:"id"`
		Parent  int    `db:"parent"`
		NotUsed int    `db:"notused"`
		Detail  string `db:"detail"`
	}
	if err := db.r.Select(&plan, "EXPLAIN QUERY PLAN "+query, args...); err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, p := range plan {
		steps = append(steps, p.Detail)
	}
	got := strings.Join(steps, "; ")
	if !strings.Contains(got, "USING INDEX journal_sync (sync=? AND rowid>?)") || strings.Contains(got, "TEMP B-TREE") {
		t.Errorf("plan of the pending batch: %s; want one search of journal_sync, no sort", got)
	}
}
