package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// rawOpen opens path with the driver alone, as another program would.
func rawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", path+"?_busy_timeout=100&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func TestOpenCreatesWALDatabaseAtCurrentSchema(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Errorf("no write-ahead log beside the database: %v", err)
	}
	level, err := db.Synchronous(ctx)
	if err != nil || level != 2 {
		t.Errorf("writer synchronous = %d, %v; want 2 (FULL): an acknowledged checkout must survive a power cut", level, err)
	}
	raw := rawOpen(t, path)
	var mode string
	var version int
	if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode seen by another program = %q, %v; want wal", mode, err)
	}
	if err := raw.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != storage.SchemaVersion {
		t.Errorf("user_version = %d, %v; want %d", version, err, storage.SchemaVersion)
	}
	if storage.SchemaVersion < 1 {
		t.Errorf("SchemaVersion = %d: no migration embedded", storage.SchemaVersion)
	}
}

func TestReopenKeepsDataAndAppliesMigrationsOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	for round := range 3 {
		db, err := storage.Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err) // a migration run twice fails here: its tables exist
		}
		if round == 0 {
			if ok, err := db.Seed(ctx, fixture()); !ok || err != nil {
				t.Fatalf("Seed = %v, %v", ok, err)
			}
		}
		st, err := db.Stats(ctx, t0)
		if err != nil {
			t.Fatal(err)
		}
		if st.Patrons != 3 || st.Items != 4 || st.Loans != 1 {
			t.Errorf("open %d: stats = %+v; want the 3 patrons, 4 items and 1 loan seeded", round, st)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	_, path := openTemp(t)
	newer := storage.SchemaVersion + 1
	if _, err := rawOpen(t, path).Exec(fmt.Sprintf("PRAGMA user_version = %d", newer)); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(ctx, path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a newer database succeeded")
	}
	want := fmt.Sprintf("was written by a newer CircDesk (schema %d); this version knows up to %d", newer, storage.SchemaVersion)
	if !errors.Is(err, storage.ErrNewerSchema) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open = %q; want ErrNewerSchema saying %q and naming %s", err, want, path)
	}
	var version int
	if err := rawOpen(t, path).QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != newer {
		t.Errorf("user_version after the refusal = %d, %v; want %d left alone", version, err, newer)
	}
}

func TestOpenGarbageFileIsCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "circdesk.db")
	garbage := bytes.Repeat([]byte("this is a spreadsheet, not a database\n"), 200)
	if err := os.WriteFile(path, garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a garbage file succeeded")
	}
	if !errors.Is(err, storage.ErrCorrupt) || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
		t.Errorf("Open = %q; want ErrCorrupt in one line naming %s", err, path)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, garbage) {
		t.Error("the failed Open changed the file")
	}
}

func TestIntegrityCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("IntegrityCheck of a new database: %v", err)
	}
	d := fixture()
	for i := range 3000 { // enough rows for index pages past the first few
		d.Items = append(d.Items, circ.Item{Barcode: fmt.Sprintf("31%012d", i), Title: strings.Repeat("t", 40)})
	}
	if _, err := db.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil { // checkpoints the log into the file
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.Stat()
	junk := bytes.Repeat([]byte{0xA5}, 4096)
	if _, err := f.WriteAt(junk, info.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db, err = storage.Open(ctx, path)
	if err != nil {
		if !errors.Is(err, storage.ErrCorrupt) {
			t.Fatalf("Open of a damaged file = %v; want ErrCorrupt", err)
		}
		return
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("IntegrityCheck of a damaged file = %v; want ErrCorrupt", err)
	}
}

func TestOpenUnwritableLocation(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "already-a-folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, says string
		notExist         bool
	}{
		{"missing folder", filepath.Join(dir, "usb-stick", "circdesk.db"), "does not exist", true},
		{"missing folders", filepath.Join(dir, "a", "b", "circdesk.db"), "does not exist", true},
		{"a file where the folder should be", filepath.Join(file, "circdesk.db"), "is a file, not a folder", false},
		{"a folder where the file should be", folder, "is a folder", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := storage.Open(context.Background(), tt.path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, storage.ErrReadOnly) || !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Open = %q; want ErrReadOnly naming %s and saying %q", err, tt.path, tt.says)
			}
			if tt.notExist && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open = %v; want it to match fs.ErrNotExist too", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "usb-stick")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("Open created the missing folder; that is the caller's decision")
	}
}

func TestOpenReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; TestOpenUnwritableLocation covers what root can test")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "circdesk.db")
	db, err := storage.Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open in a read-only folder succeeded")
	}
	if !errors.Is(err, storage.ErrReadOnly) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open = %q; want ErrReadOnly naming %s", err, path)
	}
}

// holdWriteLock takes the write lock of path from another connection, as a
// second CircDesk would, until the test ends.
func holdWriteLock(t *testing.T, path string) {
	t.Helper()
	tx, err := rawOpen(t, path).Begin() // BEGIN IMMEDIATE
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
}

func TestLockedDatabase(t *testing.T) {
	ctx := context.Background()
	short := storage.OpenOptions{BusyTimeout: 150 * time.Millisecond}
	wantLocked := func(t *testing.T, what string, err error, path string) {
		t.Helper()
		if !errors.Is(err, storage.ErrLocked) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "another program") {
			t.Errorf("%s = %q; want ErrLocked naming %s", what, err, path)
		}
	}

	t.Run("at open", func(t *testing.T) {
		db, path := openTemp(t)
		db.Close()
		holdWriteLock(t, path)
		start := time.Now()
		db, err := storage.OpenWith(ctx, path, short)
		if err == nil {
			db.Close()
			t.Fatal("Open succeeded while another program held the write lock")
		}
		wantLocked(t, "Open", err, path)
		if waited := time.Since(start); waited < short.BusyTimeout {
			t.Errorf("Open gave up after %v; want it to wait the busy timeout %v", waited, short.BusyTimeout)
		}
	})

	t.Run("at update", func(t *testing.T) {
		_, path := openTemp(t)
		db, err := storage.OpenWith(ctx, path, short)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Seed(ctx, fixture()); err != nil {
			t.Fatal(err)
		}
		holdWriteLock(t, path)
		called := false
		err = db.Update(ctx, func(circ.Tx) error { called = true; return nil })
		wantLocked(t, "Update", err, path)
		if called {
			t.Error("Update ran its function without the write lock")
		}
		if _, err := db.Item(ctx, "30000000000011"); err != nil {
			t.Errorf("reading while another program writes: %v", err)
		}
	})
}
