package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// demoBorrower finds, in the library server's own file, a demo student who
// may borrow and a book on the shelf.
func demoBorrower(t *testing.T, library string) (string, string) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, library)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	rows, err := db.Patrons(ctx, storage.PatronQuery{Type: circ.Student, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	pol := circ.DefaultPolicy()
	student := ""
	for _, r := range rows {
		loans, _ := db.PatronLoans(ctx, r.ID)
		if pol.Standing(r.Patron, r.Overdue, now) == "" && len(loans) < pol.Limit(r.Patron)-1 {
			student = r.ID
			break
		}
	}
	items, err := db.Items(ctx, storage.ItemQuery{Status: circ.Available, Limit: 50})
	if err != nil || student == "" || len(items) == 0 {
		t.Fatalf("no borrower or book in the demo library: %v", err)
	}
	for _, it := range items {
		if holds, _ := db.Holds(ctx, it.Barcode); len(holds) == 0 {
			return student, it.Barcode
		}
	}
	t.Fatal("every book on the shelf is held")
	return "", ""
}

// A fresh station, its cache empty, online to `circctl acs --seed-demo`:
// a demo student checks out a demo book with no import.
func TestCheckoutOnAnEmptyStationOnline(t *testing.T) {
	library := filepath.Join(t.TempDir(), "library.db")
	addr, _, _ := startACS(t, "--listen", "127.0.0.1:0", "--library", library, "--seed-demo", "--user", "sc", "--password", "pw")
	student, book := demoBorrower(t, library)
	dir := t.TempDir()
	if code, _, stderr := circctlIn(t, dir, "pw\n", "server", "add", "demo", "--address", addr,
		"--institution", "DEMO", "--user", "sc", "--password-stdin"); code != 0 {
		t.Fatalf("server add: %s", stderr)
	}
	code, out, stderr := circctl(t, dir, "checkout", student, book, "--json")
	if code != 0 {
		t.Fatalf("checkout on an empty station: exit %d %s %s", code, out, stderr)
	}
	res := decode[[]outcomeJSON](t, out)
	if len(res) != 1 || !res[0].OK || !res[0].Online || res[0].Due == "" {
		t.Fatalf("checkout %+v; want lent by the server with its due date", res)
	}
	_, out, _ = circctl(t, dir, "loans", "--json")
	if loans := decode[[]loanJSON](t, out); len(loans) != 1 || loans[0].Patron != student || loans[0].Item != book {
		t.Errorf("the station's loans: %+v", loans)
	}
	// Staleness is visible: where each row came from, and when.
	_, out, _ = circctl(t, dir, "patrons", "--json")
	if ps := decode[[]patronJSON](t, out); len(ps) != 1 || ps[0].Source != "server" || ps[0].RefreshedAt == "" || ps[0].LastName != "" {
		t.Errorf("patrons %+v; want the one learned from the server, first name only, with its refresh time", ps)
	}
	_, out, _ = circctl(t, dir, "items", "--source", "server", "--json")
	if its := decode[[]itemJSON](t, out); len(its) != 1 || its[0].Source != "server" || its[0].RefreshedAt == "" || its[0].Title == "" {
		t.Errorf("items %+v; want the one learned from the server with its title and refresh time", its)
	}
	// One refresh pass now: the book on loan here and the student seen.
	code, out, stderr = circctl(t, dir, "refresh", "--json")
	if res := decode[circ.RefreshResult](t, out); code != 0 || res.Items != 1 || res.Patrons != 1 || res.Offline {
		t.Errorf("refresh: exit %d %+v %s", code, res, stderr)
	}
	code, out, _ = circctl(t, dir, "refresh", "--items", "--json")
	if res := decode[circ.RefreshResult](t, out); code != 0 || res.Items != 1 || res.Patrons != 0 {
		t.Errorf("refresh --items: exit %d %+v", code, res)
	}
}

// Offline, at a desk (the default), a book the cache does not know is lent
// provisionally and listed for the librarian; at a kiosk it is refused.
func TestOfflineUnknownBookAtDeskAndKiosk(t *testing.T) {
	for _, kiosk := range []bool{false, true} {
		dir := t.TempDir()
		if kiosk {
			if err := os.WriteFile(filepath.Join(dir, "circdesk.toml"), []byte("[station]\nfullscreen = true\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if code, _, stderr := circctl(t, dir, "demo", "seed"); code != 0 {
			t.Fatal(stderr)
		}
		student, _ := borrower(t, dir)
		// A server that is not there.
		if code, _, stderr := circctlIn(t, dir, "pw\n", "server", "add", "gone", "--address", "127.0.0.1:1",
			"--institution", "DEMO", "--user", "sc", "--password-stdin"); code != 0 {
			t.Fatalf("server add: %s", stderr)
		}
		code, out, _ := circctl(t, dir, "checkout", student, "31047099999996", "--json")
		res := decode[[]outcomeJSON](t, out)
		_, out, _ = circctl(t, dir, "items", "--source", "provisional", "--json")
		prov := decode[[]itemJSON](t, out)
		switch {
		case kiosk && (code != 1 || res[0].OK || res[0].Code != "item_not_found" || len(prov) != 0):
			t.Errorf("kiosk: exit %d %+v, provisional %+v; want refused, nothing added", code, res, prov)
		case !kiosk && (code != 0 || !res[0].OK || res[0].Online || len(prov) != 1):
			t.Errorf("desk: exit %d %+v, provisional %+v; want lent here, listed as provisional", code, res, prov)
		}
	}
}
