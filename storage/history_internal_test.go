package storage

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestPurgeHistory fills a real database file with journal rows of every
// kind and checks which a purge deletes, what it counts, that the station's
// sequence does not go back and that a second purge does nothing.
func TestPurgeHistory(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "circdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer func(b int) { purgeBatch = b }(purgeBatch)
	purgeBatch = 4 // several batches in the one transaction
	zone := time.FixedZone("EST", -5*3600)
	now := time.Date(2026, 3, 10, 14, 0, 0, 0, zone)
	midnight := time.Date(2026, 3, 10, 0, 0, 0, 0, zone)
	old := time.Date(2026, 3, 8, 23, 30, 0, 0, zone) // 2026-03-09 in UTC: the day is the wall clock's
	for _, q := range []string{
		`INSERT INTO patrons (id, type, first_name) VALUES ('1001', 'student', 'Ana')`,
		`INSERT INTO items (barcode, status) VALUES ('OUT', 'on_loan')`,
		`INSERT INTO items (barcode) VALUES ('BACK')`,
		`INSERT INTO loans (item, patron_id, out_at, out_unix_ns, due_at, due_unix_ns)
			VALUES ('OUT', '1001', '2026-03-08T23:30:00-05:00', 0, '2026-03-22T23:59:00-05:00', 0)`,
	} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	type row struct {
		seq    int64
		at     time.Time
		action string
		patron string
		item   string
		ok     int
		sync   string
	}
	rows := []row{
		{1, old, "checkout", "1001", "BACK", 1, "synced"},               // purged: returned, reconciled
		{2, old, "renew", "1001", "BACK", 1, "synced"},                  // purged
		{3, old, "checkin", "", "BACK", 1, "synced"},                    // purged
		{4, old, "checkout", "1001", "OUT", 1, "synced"},                // kept: the loan is still out
		{5, old, "checkout", "1001", "WAIT", 1, "synced"},               // kept: its check-in is pending
		{6, old, "checkin", "", "WAIT", 1, "pending"},                   // kept: pending
		{7, old, "checkout", "1001", "EXC", 1, "synced"},                // purged
		{8, old, "checkin", "", "EXC", 1, "synced"},                     // kept: a resolved exception names it
		{9, old, "checkout", "1002", "NOPE", 0, "local"},                // purged: a refusal
		{10, now, "checkout", "1002", "NOPE", 0, "local"},               // kept: today
		{11, now, "checkout", "1001", "TODAY", 1, "synced"},             // kept: today
		{12, now.Add(-time.Hour), "checkin", "", "TODAY", 1, "synced"},  // kept: today
		{13, old, "checkout", "1001", "KOC", 1, "exported"},             // purged
		{14, old, "checkin", "", "KOC", 1, "exported"},                  // purged
		{15, old, "checkout", "1001", "UNDO", 0, "undone"},              // purged
		{16, old, "checkout", "1001", "OPEN", 1, "exception"},           // kept: an open exception names it
		{17, old, "checkin", "", "OPEN", 1, "synced"},                   // kept: its item has a row in exception
		{18, old.AddDate(0, 0, -1), "checkin", "", "LAST", 1, "synced"}, // purged, and the highest seq
	}
	// The highest seq last in time order too would hide a sequence going back.
	rows[len(rows)-1].seq = 30
	for _, r := range rows {
		if _, err := db.w.ExecContext(ctx, `INSERT INTO journal (station, seq, at, at_unix_ns, action, patron, item, ok, code, sync)
			VALUES ('desk', ?, ?, ?, ?, ?, ?, ?, 'x', ?)`, r.seq, timeText(r.at), r.at.UnixNano(), r.action, r.patron, r.item, r.ok, r.sync); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO exceptions (journal_id, code, at, resolved_at) SELECT id, 'x', 'a', 'b' FROM journal WHERE seq = 8`,
		`INSERT INTO exceptions (journal_id, code, at) SELECT id, 'x', 'a' FROM journal WHERE seq = 16`,
	} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}

	n, err := db.PurgeHistory(ctx, midnight)
	if err != nil || n != 9 {
		t.Fatalf("PurgeHistory = %d, %v; want 9", n, err)
	}
	var kept []int64
	if err := db.r.SelectContext(ctx, &kept, `SELECT seq FROM journal ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	if want := []int64{4, 5, 6, 8, 10, 11, 12, 16, 17}; !reflect.DeepEqual(kept, want) {
		t.Errorf("kept seqs %v, want %v", kept, want)
	}
	want := []HistoryCount{
		{Day: "2026-03-07", Action: "checkin", OK: true, Count: 1},
		{Day: "2026-03-08", Action: "checkin", OK: true, Count: 2},
		{Day: "2026-03-08", Action: "checkout", OK: false, Count: 2},
		{Day: "2026-03-08", Action: "checkout", OK: true, Count: 3},
		{Day: "2026-03-08", Action: "renew", OK: true, Count: 1},
	}
	counts, err := db.HistoryCounts(ctx)
	if err != nil || !reflect.DeepEqual(counts, want) {
		t.Errorf("HistoryCounts = %+v, %v; want %+v", counts, err, want)
	}
	var next int64
	if err := db.w.GetContext(ctx, &next, nextSeqSQL, "desk"); err != nil || next != 31 {
		t.Errorf("next seq after the purge = %d, %v; want 31", next, err)
	}

	// Again: nothing more to purge, the counts stay.
	if n, err := db.PurgeHistory(ctx, midnight); err != nil || n != 0 {
		t.Errorf("second PurgeHistory = %d, %v; want 0", n, err)
	}
	if again, err := db.HistoryCounts(ctx); err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("HistoryCounts after the second purge = %+v, %v", again, err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	var fk []struct{ Table string }
	if err := db.r.SelectContext(ctx, &fk, `SELECT "table" FROM pragma_foreign_key_check`); err != nil || len(fk) != 0 {
		t.Errorf("foreign key check = %v, %v", fk, err)
	}
}
