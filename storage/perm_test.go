//go:build unix

package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/circdesk/circdesk/storage"
)

func modeOf(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestTheDatabaseIsReadableOnlyByItsOwner(t *testing.T) {
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if m := modeOf(t, f); m != 0o600 {
			t.Errorf("%s has mode %o at creation; want 600", filepath.Base(f), m)
		}
	}
}

func TestATooOpenDatabaseIsClosedToOthersAtOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if m := modeOf(t, path); m != 0o600 {
		t.Errorf("an existing database of mode 644 is still %o after open; want 600", m)
	}
}
