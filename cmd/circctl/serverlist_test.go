package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/cmd/internal/setup"
)

// TestServerListShowsEverySetting: server list --json shows each server's
// every setting, and whether its passwords are set, never the passwords.
func TestServerListShowsEverySetting(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "county.pw")
	ac := filepath.Join(dir, "county.ac")
	for f, secret := range map[string]string{pw: "s3cret-pw\n", ac: "term-s3cret\n"} {
		if err := os.WriteFile(f, []byte(secret), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	toml := `[[server]]
name = "county"
address = "ils.example.org:6001"
institution = "CML"
user = "sc01"
location = "MAIN"
charset = "latin1"
tls = true
ca_file = "/etc/circdesk/ca.pem"
client_cert = "/etc/circdesk/station.pem"
client_key = "/etc/circdesk/station.key"
error_detection = true
timeout_seconds = 7
patron_prefix = "P-"
no_end_session = true
minimal_patron = true
connections = 2
max_attempts = 5
due_earlier_days = 1
password_file = "` + pw + `"
terminal_password_file = "` + ac + `"

[[server]]
name = "plain"
address = "10.0.0.2:6001"
insecure = true
`
	if err := os.WriteFile(filepath.Join(dir, setup.ServersFile), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := circctl(t, dir, "server", "list", "--json")
	if code != 0 {
		t.Fatalf("server list: exit %d %s", code, stderr)
	}
	if strings.Contains(out, "s3cret") {
		t.Fatalf("server list prints a password:\n%s", out)
	}
	list := decode[[]map[string]any](t, out)
	if len(list) != 2 {
		t.Fatalf("%d servers listed, want 2:\n%s", len(list), out)
	}
	want := map[string]any{
		"name": "county", "address": "ils.example.org:6001", "institution": "CML", "user": "sc01", "location": "MAIN",
		"charset": "latin1", "tls": true, "insecure": false, "ca_file": "/etc/circdesk/ca.pem", "client_cert": "/etc/circdesk/station.pem",
		"client_key": "/etc/circdesk/station.key", "error_detection": true, "timeout_seconds": float64(7), "patron_prefix": "P-",
		"no_end_session": true, "minimal_patron": true, "password_file": pw, "password_set": true, "password_source": "file",
		"terminal_password_file": ac, "terminal_password_set": true,
		"connections": float64(2), "max_attempts": float64(5), "due_earlier_days": float64(1),
	}
	if !reflect.DeepEqual(list[0], want) {
		t.Errorf("county listed as\n%v\nwant\n%v", list[0], want)
	}
	// Defaults are shown as they apply.
	plain := list[1]
	if plain["charset"] != "cp850" || plain["timeout_seconds"] != float64(3) || plain["connections"] != float64(4) ||
		plain["max_attempts"] != float64(3) || plain["due_earlier_days"] != float64(0) || plain["password_set"] != false || plain["tls"] != false ||
		plain["password_file"] != filepath.Join(dir, "secrets", "plain.password") || len(plain) != len(want)-1 { // no password_source without a password
		t.Errorf("plain listed as %v", plain)
	}
}

// TestServerAddJSON: server add --json shows the server as server list does.
func TestServerAddJSON(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := circctlIn(t, dir, "pw-s3cret\n", "server", "add", "county", "--address", "ils.example.org:6001",
		"--institution", "CML", "--user", "sc01", "--password-stdin", "--tls", "--json")
	if code != 0 || strings.Contains(out, "s3cret") {
		t.Fatalf("server add --json: exit %d %s %s", code, out, stderr)
	}
	added := decode[map[string]any](t, out)
	_, out, _ = circctl(t, dir, "server", "list", "--json")
	if list := decode[[]map[string]any](t, out); len(list) != 1 || !reflect.DeepEqual(list[0], added) || added["password_set"] != true {
		t.Errorf("server add --json printed %v; server list shows %v", added, list)
	}
}
