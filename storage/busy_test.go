package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// openShortBusy opens a new seeded database that waits busyTimeout for
// another program's lock.
func openShortBusy(t *testing.T, busyTimeout time.Duration) (*storage.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.OpenWith(ctx, path, storage.OpenOptions{BusyTimeout: busyTimeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	return db, path
}

// TestWriteWaitsOutAnImport: when another CircDesk process imports and the
// file stays busy past the busy timeout, a desk write waits on instead of
// failing, and goes through once the file is free.
func TestWriteWaitsOutAnImport(t *testing.T) {
	db, path := openShortBusy(t, 150*time.Millisecond)
	storage.HoldImportLock(t, path)
	tx, err := rawOpen(t, path).Begin() // the importing process, holding the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	retried := make(chan struct{}, 1)
	defer storage.ObserveBusyRetries(func() {
		select {
		case retried <- struct{}{}:
		default:
		}
	})()
	done := make(chan error, 1)
	go func() { done <- db.Update(context.Background(), func(circ.Tx) error { return nil }) }()
	select {
	case <-retried:
	case err := <-done:
		t.Fatalf("Update = %v while another CircDesk imported; want it to wait for the import", err)
	}
	tx.Rollback()
	if err := <-done; err != nil {
		t.Fatalf("Update after the import let go: %v", err)
	}
}

// TestBusyWithAnImportSaysSo: a write that gives up while a CircDesk
// import keeps the file busy says so, and does not send the librarian
// looking for another program.
func TestBusyWithAnImportSaysSo(t *testing.T) {
	db, path := openShortBusy(t, 50*time.Millisecond)
	storage.HoldImportLock(t, path)
	holdWriteLock(t, path)
	err := db.Update(context.Background(), func(circ.Tx) error { return nil })
	if !errors.Is(err, storage.ErrLocked) || !strings.Contains(err.Error(), "busy with an import") ||
		strings.Contains(err.Error(), "another program") || !strings.Contains(err.Error(), path) {
		t.Errorf("Update = %q; want ErrLocked saying the database %s is busy with an import", err, path)
	}
}
