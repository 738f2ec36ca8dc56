//go:build unix

package setup

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTheDataDirectoryIsTheUsersAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "CircDesk")
	if err := EnsureDataDir(dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("a new data directory has mode %o; want 700", fi.Mode().Perm())
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := EnsureDataDir(dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("an existing data directory of mode 755 is %o after the check; want 700", fi.Mode().Perm())
	}
}

func TestConfigurationFilesAreWrittenForTheOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	if err := SaveReaders(dir, nil); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, ReadersFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: %v, mode %v; want 600", ReadersFile, err, fi.Mode().Perm())
	}
}
