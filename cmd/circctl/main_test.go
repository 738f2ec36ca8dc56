package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

// circctl runs the command in-process and returns its exit status and output.
func circctl(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"--data-dir", dir}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, s)
	}
	return v
}

// seeded returns a data directory with the demo school in it.
func seeded(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code, _, stderr := circctl(t, dir, "demo", "seed"); code != 0 {
		t.Fatalf("demo seed: exit %d: %s", code, stderr)
	}
	return dir
}

// borrower finds a demo student who may borrow and an available item.
func borrower(t *testing.T, dir string) (string, string) {
	t.Helper()
	_, out, _ := circctl(t, dir, "patrons", "--type", "student", "--json")
	var student string
	for _, p := range decode[[]patronJSON](t, out) {
		if !p.Blocked {
			student = p.ID
			break
		}
	}
	_, out, _ = circctl(t, dir, "items", "--status", "available", "--limit", "1", "--json")
	items := decode[[]itemJSON](t, out)
	if student == "" || len(items) != 1 {
		t.Fatalf("no borrower or no available item in the demo school")
	}
	return student, items[0].Barcode
}

func TestDemoSeedAndStatus(t *testing.T) {
	dir := seeded(t)
	code, out, _ := circctl(t, dir, "demo", "seed", "--json")
	if code != 0 || decode[map[string]any](t, out)["seeded"] != false {
		t.Fatalf("a second seed: exit %d, %s; want nothing changed", code, out)
	}
	code, out, _ = circctl(t, dir, "status", "--json")
	if code != 0 {
		t.Fatalf("status: exit %d", code)
	}
	st := decode[circ.Stats](t, out)
	if st.Patrons < 630 || st.Items < 8000 || st.Loans == 0 || st.Overdue == 0 || st.Pending != 0 {
		t.Errorf("status of the demo school: %+v", st)
	}
}

func TestListings(t *testing.T) {
	dir := seeded(t)
	_, out, _ := circctl(t, dir, "patrons", "--type", "teacher", "--json")
	teachers := decode[[]patronJSON](t, out)
	if len(teachers) != 30 {
		t.Errorf("%d teachers, want 30", len(teachers))
	}
	for _, p := range teachers {
		if p.Type != "teacher" || p.FirstName == "" {
			t.Errorf("teacher row %+v", p)
		}
	}
	_, out, _ = circctl(t, dir, "patrons", "--limit", "700", "--json")
	blocked := 0
	for _, p := range decode[[]patronJSON](t, out) {
		if p.Blocked {
			blocked++
			if p.BlockReason == "" {
				t.Errorf("blocked patron %s has no reason", p.ID)
			}
		}
	}
	if blocked == 0 {
		t.Error("no blocked patrons in the demo school")
	}
	_, out, _ = circctl(t, dir, "items", "--status", "lost", "--json")
	for _, it := range decode[[]itemJSON](t, out) {
		if it.Status != "lost" {
			t.Errorf("--status lost listed %+v", it)
		}
	}
	_, out, _ = circctl(t, dir, "items", "--limit", "5", "--json")
	if n := len(decode[[]itemJSON](t, out)); n != 5 {
		t.Errorf("--limit 5 gave %d items", n)
	}
}

func TestCheckoutLoansCheckinJournal(t *testing.T) {
	dir := seeded(t)
	student, item := borrower(t, dir)
	code, out, stderr := circctl(t, dir, "checkout", student, item, "--json")
	if code != 0 {
		t.Fatalf("checkout: exit %d: %s %s", code, out, stderr)
	}
	res := decode[[]outcomeJSON](t, out)
	if len(res) != 1 || !res[0].OK || res[0].Code != "checked_out" || len(res[0].Due) != len("2006-01-02") {
		t.Fatalf("checkout result %+v", res)
	}
	_, out, _ = circctl(t, dir, "loans", "--patron", student, "--json")
	found := false
	for _, l := range decode[[]loanJSON](t, out) {
		found = found || (l.Item == item && l.Patron == student && l.Due == res[0].Due)
	}
	if !found {
		t.Fatalf("loans of %s do not show %s: %s", student, item, out)
	}
	code, out, _ = circctl(t, dir, "renew", student, item, "--json")
	if r := decode[[]outcomeJSON](t, out); code != 0 || r[0].Code != "renewed" {
		t.Errorf("renew: exit %d %+v", code, r)
	}
	code, out, _ = circctl(t, dir, "checkin", item, "--json")
	if r := decode[[]outcomeJSON](t, out); code != 0 || !r[0].OK || r[0].Code != "returned" {
		t.Errorf("checkin: exit %d %+v", code, r)
	}
	_, out, _ = circctl(t, dir, "journal", "--json")
	rows := decode[[]journalJSON](t, out)
	if len(rows) != 3 || rows[0].Action != "checkout" || rows[1].Action != "renew" || rows[2].Action != "checkin" || rows[2].Sync != "pending" {
		t.Errorf("journal %+v, want checkout, renew, checkin pending", rows)
	}
	for _, r := range rows {
		if _, err := time.Parse(time.RFC3339Nano, r.At); err != nil {
			t.Errorf("journal time %q has no zone: %v", r.At, err)
		}
	}
	// Again: not out. circctl says what the station window says (the
	// translations are the one source of the outcome texts).
	_, out, _ = circctl(t, dir, "checkin", item, "--json")
	if r := decode[[]outcomeJSON](t, out); len(r) != 1 || r[0].Code != "not_on_loan" || r[0].Message != "It was not checked out." {
		t.Errorf("checkin of a book not out: %+v, want not_on_loan saying the kiosk's \"It was not checked out.\"", r)
	}
}

func TestRefusalsExitOne(t *testing.T) {
	dir := seeded(t)
	student, item := borrower(t, dir)
	circctl(t, dir, "checkout", student, item)
	// Another student asks for the same book, plus an unknown barcode.
	_, out, _ := circctl(t, dir, "patrons", "--type", "student", "--json")
	var other string
	for _, p := range decode[[]patronJSON](t, out) {
		if !p.Blocked && p.ID != student {
			other = p.ID
			break
		}
	}
	code, out, stderr := circctl(t, dir, "checkout", other, item, "39999999999999", "--json")
	res := decode[[]outcomeJSON](t, out)
	if code != 1 || len(res) != 2 || res[0].Code != "on_loan_to_other" || res[1].Code != "item_not_found" {
		t.Fatalf("exit %d, %+v; want exit 1 with both refused", code, res)
	}
	if !strings.Contains(stderr, "39999999999999") {
		t.Errorf("stderr does not name the unknown barcode: %q", stderr)
	}
}

func TestErrorsAreOneSentence(t *testing.T) {
	dir := seeded(t)
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, setup.DatabaseFile), bytes.Repeat([]byte("garbage!"), 1000), 0o644)
	badConfig := t.TempDir()
	os.WriteFile(filepath.Join(badConfig, setup.ConfigFile), []byte("[station]\nmode = \"party\"\n"), 0o644)

	tests := []struct {
		name string
		dir  string
		args []string
		code int
		want string
	}{
		{"unknown command", dir, []string{"frobnicate"}, 2, `"frobnicate" is not a command`},
		{"missing argument", dir, []string{"checkout"}, 2, "give a patron and at least one item"},
		{"missing item", dir, []string{"checkout", "1234567"}, 2, "give a patron and at least one item"},
		{"unknown flag", dir, []string{"status", "--colour"}, 2, "-colour"},
		{"unknown patron", dir, []string{"checkout", "7777777", "31234000000016"}, 1, "no patron has the card number 7777777"},
		{"bad status", dir, []string{"items", "--status", "stolen"}, 2, "--status must be"},
		{"corrupt database", corrupt, []string{"status"}, 1, "not a CircDesk database"},
		{"data dir is a file", notDir, []string{"status"}, 1, "cannot create the data directory"},
		{"bad configuration", badConfig, []string{"status"}, 1, "station.mode must be checkout, checkin or renew"},
	}
	for _, tt := range tests {
		code, _, stderr := circctl(t, tt.dir, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tt.name, code, stderr, tt.code, tt.want)
		}
		if lines := strings.Count(strings.TrimSpace(stderr), "\n"); lines > 0 {
			t.Errorf("%s: %d lines on stderr, want one sentence: %q", tt.name, lines+1, stderr)
		}
	}
	// Nothing half-written: the refused and failed commands left no journal rows.
	_, out, _ := circctl(t, dir, "journal", "--json")
	if rows := decode[[]journalJSON](t, out); len(rows) != 0 {
		t.Errorf("failed commands wrote %d journal rows", len(rows))
	}
}

// TestBesideTheStation runs circctl on a data directory another process has
// open, as it would be while the station window runs.
func TestBesideTheStation(t *testing.T) {
	dir := seeded(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	student, item := borrower(t, dir)
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "window"}
	p, _, _, err := desk.Identify(ctx, student)
	if err != nil {
		t.Fatal(err)
	}
	if o, err := desk.Checkout(ctx, p, item); err != nil || !o.OK {
		t.Fatalf("the station's checkout: %+v %v", o, err)
	}
	_, out, _ := circctl(t, dir, "loans", "--patron", student, "--json")
	if !strings.Contains(out, item) {
		t.Errorf("circctl does not see the station's loan of %s", item)
	}
	if code, _, stderr := circctl(t, dir, "checkin", item); code != 0 {
		t.Errorf("circctl checkin beside the station: exit %d %s", code, stderr)
	}
	if _, err := db.Loan(ctx, item); err == nil {
		t.Error("the station still sees the loan circctl ended")
	}
}
