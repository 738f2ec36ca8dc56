package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

// TestStoredTextCannotRewriteTheTerminal: a name or card number holding
// ESC, CR, BEL or a C1 CSI (from an old import, or a library server's
// answer) is printed escaped, in text and in JSON.
func TestStoredTextCannotRewriteTheTerminal(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(context.Background(), filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	evil := circ.Patron{ID: "12\r34", FirstName: "Ann\x1b]0;owned\x07", LastName: "Lee\x1b[2J\u009b1A\x7f", Type: circ.Student}
	if _, err := db.Seed(context.Background(), circ.Dataset{Patrons: []circ.Patron{evil}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, args := range [][]string{{"patrons"}, {"patrons", "--json"}, {"loans", "--patron", evil.ID}} {
		code, out, stderr := circctl(t, dir, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, stderr)
		}
		if strings.ContainsAny(out+stderr, "\x1b\r\x07\x7f\u009b") {
			t.Errorf("%v printed control characters: %q", args, out)
		}
	}
	_, out, _ := circctl(t, dir, "patrons")
	if !strings.Contains(out, `Ann\u001b]0;owned\u0007`) || !strings.Contains(out, `12\u000d34`) {
		t.Errorf("patrons printed %q; want the control characters written as \\u escapes", out)
	}
	_, out, _ = circctl(t, dir, "patrons", "--json")
	if list := decode[[]patronJSON](t, out); len(list) != 1 || list[0].FirstName != evil.FirstName || list[0].LastName != evil.LastName {
		t.Errorf("patrons --json decodes to %+v; want the stored text", list)
	}
}

// TestCirculationRefusesCodesNoLabelHolds: an item code over 64 characters
// or with a control character is refused before anything is journaled.
func TestCirculationRefusesCodesNoLabelHolds(t *testing.T) {
	dir := seeded(t)
	patron, _ := borrower(t, dir)
	for _, args := range [][]string{
		{"checkout", patron, strings.Repeat("3", 65)},
		{"checkin", "3104\x1b[2J7000100010"},
	} {
		code, _, stderr := circctl(t, dir, args...)
		if code != exitUsage || !strings.Contains(stderr, "not a barcode") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one sentence", args, code, stderr)
		}
	}
	_, out, _ := circctl(t, dir, "journal", "--json")
	if strings.Contains(out, "333333333333333333333333333333333333333333333333333333333333333") || strings.Contains(out, `\u001b`) {
		t.Errorf("journaled: %s", out)
	}
}
