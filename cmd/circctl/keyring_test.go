package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zalando/go-keyring"
)

// With an OS keyring that answers, server add keeps the password there
// and writes no file; server list says where it is.
func TestServerAddKeepsThePasswordInTheKeyring(t *testing.T) {
	keyring.MockInit()
	defer keyring.MockInitWithError(errors.New("no OS keyring in tests"))
	dir := t.TempDir()
	code, out, stderr := circctlIn(t, dir, "s3cret-pw\n", "server", "add", "county", "--address", "ils.example.org:6001",
		"--institution", "CML", "--user", "sc01", "--password-stdin", "--tls", "--json")
	if code != 0 {
		t.Fatalf("server add: exit %d: %s", code, stderr)
	}
	s := decode[serverJSON](t, out)
	if !s.Password || s.PasswordSource != "keyring" || s.PasswordFile != "" {
		t.Errorf("added %+v, want the password from the keyring", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "secrets", "county.password")); !os.IsNotExist(err) {
		t.Errorf("a password file was written beside the keyring entry: %v", err)
	}
	abs, _ := filepath.Abs(dir)
	if pw, err := keyring.Get("CircDesk", filepath.Join(abs, "county")); err != nil || pw != "s3cret-pw" {
		t.Errorf("keyring entry %q %v", pw, err)
	}
}
