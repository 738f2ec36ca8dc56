package main

import (
	"strings"
	"testing"
)

type auditJSONRow struct {
	ID      int64  `json:"id"`
	At      string `json:"at"`
	Station string `json:"station"`
	Action  string `json:"action"`
	Detail  string `json:"detail"`
}

// TestAuditKeepsLibrarianActions: an exception resolved, one retried, a
// roster imported, a PIN set are each in circctl audit --json, with the
// time and the station; a dry run and a failure are not.
func TestAuditKeepsLibrarianActions(t *testing.T) {
	dir := withExceptions(t)
	mustOut(t, dir, "exceptions", "resolve", "1", "--note", "lent by hand")
	mustOut(t, dir, "exceptions", "retry", "2")
	if code, _, stderr := circctlIn(t, dir, "4821\n", "kiosk", "set-pin"); code != 0 {
		t.Fatalf("set-pin: %d %s", code, stderr)
	}
	_, students := classOf(t, dir, 2)
	folder := rosterFolder(t, "T-1", students)
	mustOut(t, dir, "roster", "import", folder, "--dry-run")
	mustOut(t, dir, "roster", "import", folder)
	circctl(t, dir, "exceptions", "resolve", "99", "--note", "no such")

	code, out, stderr := circctl(t, dir, "audit", "--json")
	if code != 0 {
		t.Fatalf("audit: exit %d %s", code, stderr)
	}
	rows := decode[[]auditJSONRow](t, out)
	var actions []string
	for _, r := range rows {
		actions = append(actions, r.Action)
		if r.Station != "Media Center" || r.At == "" {
			t.Errorf("entry %+v: want the station and the time", r)
		}
	}
	want := "exception_resolve exception_retry setting roster_import"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("audit actions %q, want %q", got, want)
	}
	if !strings.Contains(rows[0].Detail, "lent by hand") || strings.Contains(out, "4821") {
		t.Errorf("details: %s", out)
	}
	// Text too, one line an entry.
	if _, text, _ := circctl(t, dir, "audit"); strings.Count(text, "\n") != len(rows)+1 {
		t.Errorf("audit text:\n%s", text)
	}
}

// TestAuditKeepsAFinalizedInventory: finalize is in the audit.
func TestAuditKeepsAFinalizedInventory(t *testing.T) {
	dir := shelved(t)
	mustOut(t, dir, "inventory", "start", "fall")
	mustOut(t, dir, "inventory", "finalize", "fall")
	_, out, _ := circctl(t, dir, "audit", "--json")
	rows := decode[[]auditJSONRow](t, out)
	if len(rows) != 1 || rows[0].Action != "inventory_finalize" || !strings.Contains(rows[0].Detail, "marked missing") {
		t.Errorf("audit %+v; want the finalize", rows)
	}
}
