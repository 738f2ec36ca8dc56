package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/ils/sip2"
)

// TestServerAddIsEncryptedByDefault: plain TCP to another machine only with
// --insecure; --ca without --tls is an error, never a plain connection.
func TestServerAddIsEncryptedByDefault(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"--address", "ils.example.org:6001"}, "--insecure"},
		{[]string{"--address", "10.0.0.5:6001"}, "is not encrypted"},
		{[]string{"--address", "ils.example.org:6001", "--ca", "/etc/ca.pem"}, "needs tls (--tls)"},
		{[]string{"--address", "127.0.0.1:6001", "--ca", "/etc/ca.pem"}, "needs tls (--tls)"},
	} {
		args := append([]string{"server", "add", "county", "--institution", "CML"}, tc.args...)
		code, _, stderr := circctlIn(t, dir, "", args...)
		if code == 0 || !strings.Contains(stderr, tc.says) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want one line saying %q", tc.args, code, stderr, tc.says)
		}
	}
	if _, out, _ := circctl(t, dir, "server", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("a refused server was saved: %s", out)
	}
	for _, args := range [][]string{
		{"--address", "ils.example.org:6001", "--tls", "--ca", "/etc/ca.pem"},
		{"--address", "ils.example.org:6001", "--insecure"},
		{"--address", "127.0.0.1:6001"},
	} {
		code, _, stderr := circctlIn(t, dir, "", append([]string{"server", "add", "county", "--institution", "CML"}, args...)...)
		if code != 0 {
			t.Errorf("%v: exit %d %s", args, code, stderr)
		}
	}
	circctlIn(t, dir, "", "server", "add", "county", "--institution", "CML", "--address", "ils.example.org:6001", "--insecure")
	_, out, _ := circctl(t, dir, "server", "list", "--json")
	if list := decode[[]serverJSON](t, out); len(list) != 1 || !list[0].Insecure || list[0].TLS {
		t.Errorf("after --insecure: %s", out)
	}
}

// TestACSPasswordStdin: the demo server's password comes from standard
// input, so it never shows in ps.
func TestACSPasswordStdin(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "library.db")
	addr, _, stderr := startACSIn(t, "pw-from-stdin\n", "--listen", "127.0.0.1:0", "--library", lib, "--user", "station", "--password-stdin")
	c := sip2.NewClient(sip2.Config{Address: addr, User: "station", Password: "pw-from-stdin", Institution: "DEMO", KeepAlive: -1})
	if err := c.Connect(context.Background()); err != nil {
		t.Fatalf("login with the password from stdin: %v; stderr %s", err, stderr)
	}
	c.Close()
	bad := sip2.NewClient(sip2.Config{Address: addr, User: "station", Password: "nope", KeepAlive: -1})
	if err := bad.Connect(context.Background()); err == nil {
		bad.Close()
		t.Error("the ACS let in a wrong password")
	}
}
