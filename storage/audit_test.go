package storage_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// TestAuditIsAppendOnly: librarian actions are kept in order with their
// time and station, and the table refuses to change or lose a row.
func TestAuditIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for i, e := range []circ.AuditEntry{
		{At: at, Station: "Media Center", Action: circ.AuditUnlock, Detail: "pin"},
		{At: at.Add(time.Minute), Station: "Media Center", Action: circ.AuditExceptionResolve, Detail: "exception 3: paid"},
	} {
		if err := db.Audit(ctx, e); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	if err := db.Audit(ctx, circ.AuditEntry{Station: "x", Action: circ.AuditUnlock}); err == nil {
		t.Error("an entry without a time was kept")
	}
	got, err := db.AuditLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Action != circ.AuditUnlock || !got[0].At.Equal(at) || got[0].Station != "Media Center" ||
		got[1].Detail != "exception 3: paid" || got[1].ID <= got[0].ID {
		t.Fatalf("audit %+v", got)
	}
	db.Close()

	// Even a program that writes SQL itself cannot change it.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`UPDATE audit SET detail = 'nothing'`, `DELETE FROM audit`} {
		if _, err := raw.Exec(q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
}
