package storage_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/storage"
)

// lightPIN keeps argon2id cheap in tests; the costs are read back from the file.
var lightPIN = storage.PINParams{Time: 1, Memory: 64, Threads: 1}

func TestPINFileKeepsOnlyAnArgon2idHashReadableByItsOwner(t *testing.T) {
	f := storage.PINFile{Path: filepath.Join(t.TempDir(), storage.PINFileName), Params: lightPIN}
	if set, err := f.IsSet(); err != nil || set {
		t.Fatalf("IsSet before Set = %v, %v; want false", set, err)
	}
	if ok, err := f.Check("2468"); err != nil || ok {
		t.Fatalf("Check with no PIN set = %v, %v; want false", ok, err)
	}
	if err := f.Set("2468"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "2468") || !strings.HasPrefix(string(data), "$argon2id$v=19$") {
		t.Fatalf("the PIN file holds %q, not only an argon2id hash", data)
	}
	fi, err := os.Stat(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("the PIN file's mode is %o, want 600", perm)
	}
	for pin, want := range map[string]bool{"2468": true, "2469": false, "": false, "24680": false} {
		if ok, err := f.Check(pin); err != nil || ok != want {
			t.Errorf("Check(%q) = %v, %v; want %v", pin, ok, err, want)
		}
	}
	// Another PINFile on the same path with other costs still checks it.
	if ok, _ := (storage.PINFile{Path: f.Path}).Check("2468"); !ok {
		t.Error("the costs were not read back from the file")
	}
}

func TestPINFileRefusesPINsThatAreNotFourToTwelveDigits(t *testing.T) {
	f := storage.PINFile{Path: filepath.Join(t.TempDir(), storage.PINFileName), Params: lightPIN}
	for _, pin := range []string{"", "123", "1234567890123", "12a4", "12 34"} {
		if err := f.Set(pin); err != storage.ErrBadPIN {
			t.Errorf("Set(%q) = %v, want ErrBadPIN", pin, err)
		}
	}
	if set, _ := f.IsSet(); set {
		t.Error("a refused PIN was saved")
	}
}

func TestADamagedPINFileSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), storage.PINFileName)
	if err := os.WriteFile(path, []byte("1234\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := storage.PINFile{Path: path}.Check("1234")
	if err == nil || !strings.Contains(err.Error(), "set the PIN again") {
		t.Fatalf("Check on a damaged file: %v", err)
	}
}
