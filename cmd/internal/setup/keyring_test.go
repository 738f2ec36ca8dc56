package setup

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// No test touches the real OS keyring: by default it fails, as on a
// headless Linux without a Secret Service; tests that want a working one
// call keyring.MockInit and put the failing one back.
func TestMain(m *testing.M) {
	noKeyring()
	os.Exit(m.Run())
}

func noKeyring() { keyring.MockInitWithError(errors.New("no Secret Service on this machine")) }

var county = Server{Name: "county", Address: "ils.example.org:6001", Institution: "CML", User: "sc01", TLS: true}

func loadCounty(t *testing.T, dir string) Server {
	t.Helper()
	got, err := Servers(dir, Defaults())
	if err != nil || len(got) != 1 {
		t.Fatalf("servers: %+v %v", got, err)
	}
	return got[0]
}

func TestPasswordWithoutKeyringGoesToA0600File(t *testing.T) {
	dir := t.TempDir()
	if err := AddServer(dir, county, "pw-file"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "secrets", "county.password")
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v, want mode 0600", info, err)
	}
	s := loadCounty(t, dir)
	if s.Password != "pw-file" || s.PasswordSource != SourceFile || s.PasswordFile != file {
		t.Errorf("loaded %q from %q (%s), want pw-file from the file", s.Password, s.PasswordSource, s.PasswordFile)
	}
}

func TestPasswordInTheKeyring(t *testing.T) {
	keyring.MockInit()
	defer noKeyring()
	dir := t.TempDir()
	// An older file from before the keyring is removed when the keyring
	// takes the password.
	os.MkdirAll(filepath.Join(dir, "secrets"), 0o700)
	file := filepath.Join(dir, "secrets", "county.password")
	os.WriteFile(file, []byte("old-pw\n"), 0o600)
	if err := AddServer(dir, county, "pw-keyring"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("a password file is left beside the keyring entry: %v", err)
	}
	if pw, err := keyring.Get("CircDesk", keyringUser(dir, "county")); err != nil || pw != "pw-keyring" {
		t.Errorf("keyring entry %q %v", pw, err)
	}
	if !filepath.IsAbs(keyringUser("rel", "county")) {
		t.Error("the keyring user is not an absolute path")
	}
	s := loadCounty(t, dir)
	if s.Password != "pw-keyring" || s.PasswordSource != SourceKeyring || s.PasswordFile != "" {
		t.Errorf("loaded %q from %q (%s), want pw-keyring from the keyring", s.Password, s.PasswordSource, s.PasswordFile)
	}
	for _, name := range []string{ServersFile} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if strings.Contains(string(b), "pw-keyring") {
			t.Errorf("%s holds the password", name)
		}
	}

	// Another data directory on the same account has its own entry.
	other := t.TempDir()
	if err := AddServer(other, county, "pw-other"); err != nil {
		t.Fatal(err)
	}
	if s := loadCounty(t, dir); s.Password != "pw-keyring" {
		t.Errorf("the first station now reads %q", s.Password)
	}

	// The keyring then fails: the new password goes to the file, and the
	// stale keyring entry is removed so that the file is what is read.
	keyring.MockInitWithError(errors.New("locked"))
	if err := AddServer(dir, county, "pw-new"); err != nil {
		t.Fatal(err)
	}
	keyring.MockInit() // answers again, but holds nothing for dir
	if s := loadCounty(t, dir); s.Password != "pw-new" || s.PasswordSource != SourceFile {
		t.Errorf("after a fallback: %q from %q, want pw-new from the file", s.Password, s.PasswordSource)
	}
}

func TestNamedPasswordFileWinsOverKeyring(t *testing.T) {
	keyring.MockInit()
	defer noKeyring()
	dir := t.TempDir()
	keyring.Set("CircDesk", keyringUser(dir, "county"), "from-keyring")
	cfg := Defaults()
	s := county
	s.PasswordFile = filepath.Join(dir, "nowhere.password")
	cfg.Server = []Server{s}
	if _, err := Servers(dir, cfg); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a missing password_file with a keyring entry: %v", err)
	}
	os.WriteFile(s.PasswordFile, []byte("from-file\n"), 0o600)
	got, err := Servers(dir, cfg)
	if err != nil || got[0].Password != "from-file" || got[0].PasswordSource != SourceFile {
		t.Errorf("a named password_file: %+v %v", got, err)
	}
}

func TestKeyringOffAndTimeout(t *testing.T) {
	keyring.MockInit()
	defer noKeyring()
	t.Setenv(KeyringEnv, "off")
	dir := t.TempDir()
	if err := AddServer(dir, county, "pw-off"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "secrets", "county.password")); err != nil {
		t.Errorf("%s=off: no password file: %v", KeyringEnv, err)
	}
	if _, err := keyring.Get("CircDesk", keyringUser(dir, "county")); err == nil {
		t.Errorf("%s=off: the keyring was written", KeyringEnv)
	}

	old := keyringTimeout
	keyringTimeout = 20 * time.Millisecond
	defer func() { keyringTimeout = old }()
	t.Setenv(KeyringEnv, "")
	block := make(chan struct{})
	defer close(block)
	if _, err := keyringCall(func() (int, error) { <-block; return 1, nil }); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("a keyring that hangs: %v", err)
	}
}
