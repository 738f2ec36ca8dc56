package storage

import "testing"

// ImportTx is one import transaction as ObserveImports reports it.
type ImportTx = importTx

// ObserveImports calls f after each import transaction commits, until the
// returned function is called. Call it before any import starts.
func ObserveImports(f func(ImportTx)) (stop func()) {
	observeImportTx = f
	return func() { observeImportTx = nil }
}

// HoldImportLock holds the import lock of the database at path, as another
// CircDesk process does while it imports, until the test ends.
func HoldImportLock(t testing.TB, path string) {
	t.Helper()
	l, err := openLockFile(path + importLockSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := l.tryLock(true); err != nil || !ok {
		t.Fatalf("take the import lock: %v, %v", ok, err)
	}
	t.Cleanup(func() { l.unlock(); l.close() })
}

// ObserveBusyRetries calls f each time a write that found the file busy
// while an import ran begins to wait again, until stop is called.
func ObserveBusyRetries(f func()) (stop func()) {
	observeBusyRetry = f
	return func() { observeBusyRetry = nil }
}
