package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk"
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

// circctlIn runs circctl with stdin.
func circctlIn(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runWithInput(context.Background(), append([]string{"--data-dir", dir}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestServerAddAndList(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := circctlIn(t, dir, "s3cret-pw\n", "server", "add", "county", "--address", "ils.example.org:6001",
		"--institution", "CML", "--user", "sc01", "--password-stdin", "--location", "MAIN", "--charset", "latin1", "--tls")
	if code != 0 {
		t.Fatalf("server add: exit %d: %s", code, stderr)
	}
	code, out, _ := circctl(t, dir, "server", "list", "--json")
	list := decode[[]serverJSON](t, out)
	if code != 0 || len(list) != 1 {
		t.Fatalf("server list: exit %d %s", code, out)
	}
	s := list[0]
	if s.Name != "county" || s.Address != "ils.example.org:6001" || s.Institution != "CML" || s.User != "sc01" ||
		s.Location != "MAIN" || s.Charset != "latin1" || !s.TLS || !s.Password {
		t.Errorf("listed %+v", s)
	}
	if strings.Contains(out, "s3cret") {
		t.Error("server list prints the password")
	}
	// The password is in a file only this user can read, nowhere else.
	info, err := os.Stat(filepath.Join(dir, "secrets", "county.password"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v, want mode 0600", info, err)
	}
	for _, f := range []string{setup.ServersFile, setup.DatabaseFile} {
		if b, err := os.ReadFile(filepath.Join(dir, f)); err == nil && bytes.Contains(b, []byte("s3cret")) {
			t.Errorf("%s holds the password in clear text", f)
		}
	}
	// Adding it again replaces it.
	circctlIn(t, dir, "", "server", "add", "county", "--address", "ils2.example.org:6001", "--institution", "CML", "--tls")
	_, out, _ = circctl(t, dir, "server", "list", "--json")
	if list := decode[[]serverJSON](t, out); len(list) != 1 || list[0].Address != "ils2.example.org:6001" {
		t.Errorf("after a second add: %+v", list)
	}
}

func TestServerAddErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"server", "add", "x", "--institution", "A"}, "--address and --institution are required"},
		{"", []string{"server", "add", "x", "--address", "h:1", "--institution", "A", "--user", "u"}, "--password-stdin"},
		{"\n", []string{"server", "add", "x", "--address", "h:1", "--institution", "A", "--user", "u", "--password-stdin"}, "password on standard input is empty"},
		{"", []string{"server", "add", "bad name", "--address", "h:1", "--institution", "A"}, "a server name is"},
		{"", []string{"server", "add", "x", "--address", "nohostport", "--institution", "A"}, "is not host:port"},
		{"", []string{"server", "add", "x", "--address", "h:1", "--institution", "A", "--charset", "ebcdic"}, "charset must be"},
		{"", []string{"server", "frob"}, "not a server subcommand"},
	}
	for _, tt := range tests {
		code, _, stderr := circctlIn(t, dir, tt.stdin, tt.args...)
		if code == 0 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want an error containing %q", tt.args, code, stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, setup.ServersFile)); err == nil {
		t.Error("a refused server add wrote the server list")
	}
}

func TestSyncWithoutServer(t *testing.T) {
	dir := seeded(t)
	code, _, stderr := circctl(t, dir, "sync", "--json")
	if code != 1 || !strings.Contains(stderr, "no library server is configured") {
		t.Errorf("sync with no server: exit %d %q", code, stderr)
	}
}

func TestExportKOCAndExceptions(t *testing.T) {
	dir := seeded(t)
	student, item := borrower(t, dir)
	circctl(t, dir, "checkout", student, item)
	circctl(t, dir, "checkin", item)
	koc := filepath.Join(t.TempDir(), "pending.koc")
	if code, _, stderr := circctl(t, dir, "export-koc", koc); code != 0 {
		t.Fatalf("export-koc: exit %d %s", code, stderr)
	}
	b, err := os.ReadFile(koc)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || lines[0] != "Version=1.0\tGenerator=circdesk\tGeneratorVersion="+circdesk.Version() {
		t.Fatalf("KOC file:\n%s", b)
	}
	issue, ret := strings.Split(lines[1], "\t"), strings.Split(lines[2], "\t")
	if len(issue) != 4 || issue[1] != "issue" || issue[2] != student || issue[3] != item {
		t.Errorf("issue line %q", lines[1])
	}
	if len(ret) != 3 || ret[1] != "return" || ret[2] != item {
		t.Errorf("return line %q", lines[2])
	}
	if _, err := time.Parse("2006-01-02 15:04:05", issue[0][:19]); err != nil {
		t.Errorf("KOC timestamp %q: %v", issue[0], err)
	}

	// A new transaction to turn into an exception, as the reconciler would
	// record it (the exported ones are no longer pending).
	circctl(t, dir, "checkout", student, item)
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending, First: 1})
	err = db.Settle(ctx, circ.Settlement{Txn: rows[0].ID, Sync: circ.SyncException, Code: circ.ExOnHold, Message: "Item on hold", At: time.Now()})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ := circctl(t, dir, "exceptions", "--json")
	ex := decode[[]exceptionJSON](t, out)
	if len(ex) != 1 || ex[0].Code != "on_hold" || ex[0].Item != item || ex[0].Patron != student || ex[0].Message != "Item on hold" {
		t.Fatalf("exceptions %+v", ex)
	}
	if code, _, stderr := circctl(t, dir, "exceptions", "resolve", "1"); code != 2 || !strings.Contains(stderr, "--note") {
		t.Errorf("resolve without a note: exit %d %q", code, stderr)
	}
	if code, _, stderr := circctl(t, dir, "exceptions", "resolve", "1", "--note", "checked out by hand at the ILS"); code != 0 {
		t.Errorf("resolve: exit %d %q", code, stderr)
	}
	_, out, _ = circctl(t, dir, "exceptions", "--json")
	if ex := decode[[]exceptionJSON](t, out); len(ex) != 0 {
		t.Errorf("open exceptions after resolve: %+v", ex)
	}
	_, out, _ = circctl(t, dir, "exceptions", "--all", "--json")
	if ex := decode[[]exceptionJSON](t, out); len(ex) != 1 || ex[0].Note != "checked out by hand at the ILS" || ex[0].Resolved == "" {
		t.Errorf("all exceptions: %+v", ex)
	}
}
