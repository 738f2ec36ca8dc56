package main

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/circdesk/circdesk/cmd/internal/setup"
)

// TestPrivacyPurge: a returned loan reconciled days ago is purged and
// counted; a loan still out, a pending row and today's rows stay; a second
// purge deletes nothing.
func TestPrivacyPurge(t *testing.T) {
	dir := seeded(t)
	student, item := borrower(t, dir)
	mustOut(t, dir, "checkout", student, item)
	mustOut(t, dir, "checkin", item)
	_, out, _ := circctl(t, dir, "items", "--status", "available", "--limit", "4", "--json")
	var items []itemJSON
	for _, it := range decode[[]itemJSON](t, out) {
		if it.Barcode != item {
			items = append(items, it)
		}
	}
	if len(items) < 3 {
		t.Fatalf("want three more available items: %s", out)
	}
	still, waiting := items[1].Barcode, items[2].Barcode
	mustOut(t, dir, "checkout", student, still)
	mustOut(t, dir, "checkout", student, waiting)
	mustOut(t, dir, "checkin", waiting)
	mustOut(t, dir, "checkout", student, items[0].Barcode) // today's, reconciled: stays

	// The library server has all but the last check-in; all but the newest
	// row were decided on 5 January.
	raw, err := sql.Open("sqlite3", filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE journal SET sync = 'synced' WHERE NOT (item = '` + waiting + `' AND action = 'checkin')`,
		`UPDATE journal SET at = '2026-01-05T10:00:00-05:00', at_unix_ns = 1767625200000000000 WHERE id < (SELECT max(id) FROM journal)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	_, out, _ = circctl(t, dir, "privacy", "purge", "--json")
	if got := decode[purgeJSON](t, out); got.Purged != 2 || got.Before == "" {
		t.Fatalf("privacy purge: %s; want the returned loan's 2 rows", out)
	}
	_, out, _ = circctl(t, dir, "journal", "--json")
	var left []string
	for _, r := range decode[[]journalJSON](t, out) {
		left = append(left, r.Action+" "+r.Item)
		if r.Item == item {
			t.Errorf("the returned loan's row is still there: %+v", r)
		}
	}
	if len(left) != 4 {
		t.Errorf("journal left %v; want the loan out, the pending return's loan and return, today's", left)
	}
	_, out, _ = circctl(t, dir, "privacy", "purge", "--json")
	if got := decode[purgeJSON](t, out); got.Purged != 0 {
		t.Errorf("second purge: %s; want nothing", out)
	}
	_, out, _ = circctl(t, dir, "privacy", "counts", "--json")
	type countJSON struct {
		Day    string `json:"day"`
		Action string `json:"action"`
		OK     bool   `json:"ok"`
		Count  int    `json:"count"`
	}
	counts := decode[[]countJSON](t, out)
	want := []countJSON{{"2026-01-05", "checkin", true, 1}, {"2026-01-05", "checkout", true, 1}}
	if len(counts) != 2 || counts[0] != want[0] || counts[1] != want[1] {
		t.Errorf("counts %s; want %+v", out, want)
	}
	if code, _, stderr := circctl(t, dir, "privacy"); code != 2 || stderr == "" {
		t.Errorf("privacy with nothing to do: exit %d %q", code, stderr)
	}
}
