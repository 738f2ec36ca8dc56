package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// A station's database made by the release before inventories (schema 3)
// keeps its loans, holds, journal and exceptions through 0004, which
// rebuilds items and journal.
func TestInventoryMigrationKeepsCirculation(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	// The schema-3 file, as that release left it.
	raw, err := sqlx.Open("sqlite3", "file:"+path+"?_fk=on&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, m := range migrations[:3] {
		if _, err := raw.ExecContext(ctx, m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	if _, err := raw.ExecContext(ctx, `PRAGMA user_version = 3`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO patrons (id, type) VALUES ('1001', 'student'), ('1002', 'teacher')`,
		`INSERT INTO items (barcode, rfid_uid, title, call_number, location, status) VALUES
			('B1', 'E004', 'Frog and Toad', 'E LOB', 'Easy', 'on_loan'),
			('B2', NULL, 'Hatchet', 'FIC PAU', 'Fiction', 'on_hold'),
			('B3', NULL, 'Atlas', '912 ATL', 'Reference', 'lost')`,
		`INSERT INTO loans (item, patron_id, out_at, out_unix_ns, due_at, due_unix_ns) VALUES ('B1', '1001', '2026-03-02T08:00:00-05:00', 1, '2026-03-16T08:00:00-05:00', 2)`,
		`INSERT INTO holds (item, patron_id, placed_at, placed_unix_ns) VALUES ('B2', '1002', 'x', 1)`,
		`INSERT INTO journal (station, seq, at, at_unix_ns, action, patron, item, ok, code, sync) VALUES
			('desk', 1, 'x', 1, 'checkout', '1001', 'B1', 1, 'checked_out', 'exception'),
			('desk', 2, 'x', 2, 'checkin', '', 'B3', 1, 'returned', 'pending')`,
		`INSERT INTO exceptions (journal_id, code, at) VALUES (1, 'on_hold', 'x')`,
		`INSERT INTO book_sets (name, created_at) VALUES ('Wonder', 'x')`,
		`INSERT INTO set_copies (item, set_name) VALUES ('B2', 'Wonder')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade from schema 3: %v", err)
	}
	defer db.Close()
	if v := userVersion(t, db); v != schemaVersion || v < 4 {
		t.Errorf("user_version = %d; want %d", v, schemaVersion)
	}
	counts := map[string]int{"items": 3, "loans": 1, "holds": 1, "journal": 2, "exceptions": 1, "set_copies": 1}
	for table, want := range counts {
		var n int
		if err := db.w.GetContext(ctx, &n, `SELECT count(*) FROM `+table); err != nil || n != want {
			t.Errorf("%s after the upgrade: %d rows, %v; want %d", table, n, err, want)
		}
	}
	var problems []struct {
		Table  string `db:"table"`
		RowID  int64  `db:"rowid"`
		Parent string `db:"parent"`
		FKID   int    `db:"fkid"`
	}
	if err := db.w.SelectContext(ctx, &problems, `PRAGMA foreign_key_check`); err != nil || len(problems) != 0 {
		t.Errorf("foreign_key_check after the upgrade: %+v, %v", problems, err)
	}
	it, err := db.Item(ctx, "B1")
	if err != nil || it.RFID != "E004" || it.Title != "Frog and Toad" || it.Status != "on_loan" {
		t.Errorf("item B1 after the upgrade = %+v, %v", it, err)
	}
	if l, err := db.Loan(ctx, "B1"); err != nil || l.Patron != "1001" {
		t.Errorf("loan of B1 after the upgrade = %+v, %v", l, err)
	}
	// The new statuses and actions are accepted; ids are not reused.
	if _, err := db.w.ExecContext(ctx, `UPDATE items SET status = 'withdrawn' WHERE barcode = 'B3'`); err != nil {
		t.Errorf("withdrawn status: %v", err)
	}
	res, err := db.w.ExecContext(ctx, `INSERT INTO journal (station, seq, at, at_unix_ns, action, item, ok, code, sync)
		VALUES ('desk', 3, 'x', 3, 'missing', 'B3', 1, 'marked_missing', 'local')`)
	if err != nil {
		t.Fatalf("missing action: %v", err)
	}
	if id, _ := res.LastInsertId(); id != 3 {
		t.Errorf("new journal row id = %d; want 3", id)
	}
	var journalRef string
	if err := db.w.GetContext(ctx, &journalRef, `SELECT sql FROM sqlite_schema WHERE name = 'exceptions'`); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(journalRef, "REFERENCES journal") {
		t.Errorf("exceptions no longer references journal: %s", journalRef)
	}
}
