package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/callnumber"
	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/formats/render"
)

var shelfBooks = []circ.Item{
	{Barcode: "41000000000010", Title: "Animals", CallNumber: "590 ANI", Location: "Nonfiction"},
	{Barcode: "41000000000020", Title: "Bugs", CallNumber: "595.7 BUG", Location: "Nonfiction"},
	{Barcode: "41000000000030", Title: "Fish", CallNumber: "597 FIS", Location: "Nonfiction"},
	{Barcode: "41000000000040", Title: "Lions", CallNumber: "599.75 LIO", Location: "Nonfiction"},
	{Barcode: "41000000000050", Title: "Inventions", CallNumber: "600 INV", Location: "Nonfiction"},
}

// inventoryStation is a station whose librarian has the Inventory tab.
func inventoryStation(t *testing.T) (*station, *inventoryView) {
	t.Helper()
	s := newStation(t, stationConfig{items: shelfBooks})
	u := s.ui
	u.inventories = InventoryOptions{Service: &inventory.Service{Store: s.desk.Store.(inventory.Store), Desk: s.desk, WriteFile: render.WriteFile}, Dir: t.TempDir()}
	u.inventory = newInventoryView(u.inventoryActions())
	u.librarian.invTab = container.NewTabItemWithIcon("Inventory", theme.StorageIcon(), u.inventory.box)
	u.librarian.tabs.Append(u.librarian.invTab)
	return s, u.inventory
}

func TestInventoryScreenScansLive(t *testing.T) {
	s, v := inventoryStation(t)
	test.Type(v.name, "Nonfiction 500s")
	test.Type(v.loc, "Nonfiction")
	test.Type(v.from, "590")
	test.Type(v.to, "599")
	test.Tap(v.start)
	s.waitFor("the new inventory picked", func() bool { return v.pick.Selected == "Nonfiction 500s" })
	test.Tap(v.scan)
	s.waitFor("scanning", func() bool { return v.scanning })
	if v.progress.Value != 0 || !strings.Contains(v.share.Text, "0 of 4") {
		t.Errorf("progress before a scan: %v, %q", v.progress.Value, v.share.Text)
	}

	s.scan("41000000000010") // 590 ANI
	// Its place on the shelf is judged by the next book: no verdict yet.
	s.waitFor("checking order", func() bool { return v.headline.Text == "Checking order…" })
	if v.banner.FillColor != resultNeutral {
		t.Errorf("checking order in %v; want the neutral colour", v.banner.FillColor)
	}
	if v.progress.Value != 0.25 || !strings.Contains(v.share.Text, "1 of 4") {
		t.Errorf("progress after one of four: %v, %q", v.progress.Value, v.share.Text)
	}

	s.scan("41000000000030") // 597 FIS
	s.waitFor("the second scan", func() bool { return strings.Contains(v.share.Text, "2 of 4") })
	if !strings.Contains(v.recent.Text, "41000000000010 · 590 ANI · Animals — On shelf") {
		t.Errorf("the first book, judged by the second: recent\n%s", v.recent.Text)
	}
	s.scan("41000000000020") // 595.7 BUG, shelved after 597 FIS
	s.waitFor("checking BUG", func() bool {
		return strings.Contains(v.recent.Text, "41000000000020 · 595.7 BUG · Bugs — Checking order…")
	})
	s.scan("41000000000050") // 600 INV: outside the range; BUG is judged now
	s.waitFor("BUG out of order", func() bool { return v.headline.Text == "41000000000020 · 595.7 BUG is out of order" })
	if !strings.HasPrefix(v.result.Text, "Belongs after 590 ANI") || v.banner.FillColor != resultAmber ||
		!strings.Contains(v.result.Text, "It belongs in Nonfiction: 600 INV") {
		t.Errorf("the banner says %q in %v; want BUG's place, in amber, and where this book belongs", v.result.Text, v.banner.FillColor)
	}
	s.scan("99999999999999")
	s.waitFor("not in catalog", func() bool { return v.headline.Text == "Not in catalog" })
	if v.result.Text == v.headline.Text {
		t.Errorf("the banner's subtitle repeats its headline %q", v.headline.Text)
	}
	if v.banner.FillColor != resultRed || !strings.Contains(v.recent.Text, "41000000000020 · 595.7 BUG · Bugs — Belongs after 590 ANI") {
		t.Errorf("recent scans:\n%s", v.recent.Text)
	}
	if !strings.Contains(v.counts.Text, "On shelf: 2") || !strings.Contains(v.counts.Text, "Out of order: 1") {
		t.Errorf("counts = %q", v.counts.Text)
	}

	// The kiosk gets its scans back.
	test.Tap(v.scan)
	s.waitFor("scanning stopped", func() bool { return !v.scanning })
	s.waitFor("the station out of the job", func() bool { return !s.ui.state.Job })
}

func TestInventoryScreenExportsAndFinalizes(t *testing.T) {
	s, v := inventoryStation(t)
	test.Type(v.name, "All")
	test.Tap(v.start)
	s.waitFor("picked", func() bool { return v.pick.Selected == "All" })
	test.Tap(v.csv)
	s.waitFor("saved", func() bool { return strings.HasPrefix(v.message.Text, "Report saved to ") })
	path := strings.TrimPrefix(v.message.Text, "Report saved to ")
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "599.75 LIO") {
		t.Errorf("CSV at %s: %v", path, err)
	}
	test.Tap(v.final)
	s.waitFor("the confirmation", func() bool { return len(s.ui.win.Canvas().Overlays().List()) > 0 })
	// The school's five shelf books and the two available books without a location.
	if text := overlayText(s); !strings.Contains(text, "7 items not found will be marked missing") {
		t.Errorf("confirmation says %q", text)
	}
	for _, o := range test.LaidOutObjects(s.ui.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Finalize" {
			test.Tap(b)
		}
	}
	s.waitFor("finalized", func() bool { return strings.HasPrefix(v.message.Text, "7 items marked missing") })
	if it, err := s.desk.Store.Item(context.Background(), "41000000000040"); err != nil || it.Status != circ.Missing {
		t.Errorf("an unscanned book after finalize: %+v, %v", it, err)
	}
	s.waitFor("the finalized inventory off the list", func() bool { return len(v.pick.Options) == 0 })
}

// overlayText is the text of the labels in the window's top overlay.
func overlayText(s *station) string {
	var out []string
	for _, o := range test.LaidOutObjects(s.ui.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, " ")
}

// startScanning starts an inventory of every item on the tab and begins
// scanning into it.
func startScanning(t *testing.T, s *station, v *inventoryView, name string) {
	t.Helper()
	test.Type(v.name, name)
	test.Tap(v.start)
	s.waitFor("the new inventory picked", func() bool { return v.pick.Selected == name })
	test.Tap(v.scan)
	s.waitFor("scanning", func() bool { return v.scanning })
}

func TestInventoryScreenCleansScannedCodes(t *testing.T) {
	s, v := inventoryStation(t)
	startScanning(t, s, v, "All")
	// A Codabar scanner frames the code in start/stop characters.
	s.scan("A41000000000010B")
	s.waitFor("a result", func() bool { return v.result.Text != "All" })
	if v.headline.Text != "Checking order…" || !strings.Contains(v.recent.Text, "41000000000010 · 590 ANI · Animals — Checking order…") {
		t.Errorf("a Codabar-framed scan shows %q; recent:\n%s", v.result.Text, v.recent.Text)
	}
}

// A scan that reaches the station as soon as the inventory took its scans,
// before the tab has heard that it did: the tab must not read the session
// the station goroutine is writing (go test -race).
func TestInventoryScreenScanRightAfterStart(t *testing.T) {
	s, v := inventoryStation(t)
	test.Type(v.name, "All")
	test.Tap(v.start)
	s.waitFor("the new inventory picked", func() bool { return v.pick.Selected == "All" })
	test.Tap(v.scan)
	// Begin has answered once the background work is done: its answer
	// waits on the UI queue, not yet applied.
	select {
	case <-s.ui.bg.idleNow():
	case <-time.After(3 * time.Second):
		t.Fatal("Begin did not answer")
	}
	s.scan("41000000000010")
	s.stationBarrier() // the station took the scan; the UI has not heard of Begin
	if sum, err := s.ui.inventories.Service.Summary(context.Background(), "All"); err != nil || sum.Scanned != 1 {
		t.Fatalf("the inventory did not take the scan: %+v, %v", sum, err)
	}
	s.waitFor("the scan shown", func() bool { return v.scanning && v.headline.Text == "Checking order…" })
	if s.ui.invJob == nil || s.ui.running.job != s.ui.invJob {
		t.Errorf("the tab did not record its job: %v, %v", s.ui.invJob, s.ui.running.job)
	}
	if !strings.Contains(v.recent.Text, "41000000000010 · 590 ANI · Animals — Checking order…") {
		t.Errorf("recent scans:\n%s", v.recent.Text)
	}
	test.Tap(v.scan)
	s.waitFor("scanning stopped", func() bool { return !v.scanning })
	s.waitFor("the station out of the job", func() bool { return !s.ui.state.Job })
}

func TestInventoryScreenSendsAHeldBookToTheHoldShelf(t *testing.T) {
	s, v := inventoryStation(t)
	startScanning(t, s, v, "All")
	s.scan(oceanBook) // out to Leo, and Sam is waiting for it
	s.waitFor("a result", func() bool { return v.result.Text != "All" })
	if v.headline.Text != "Hold shelf" || v.result.Text != "Checked in: put it on the hold shelf for Sam" {
		t.Errorf("a checked-out book someone holds shows %q, %q", v.headline.Text, v.result.Text)
	}
	if it, err := s.desk.Store.Item(context.Background(), oceanBook); err != nil || it.Status != circ.OnHold {
		t.Errorf("the book after the scan: %+v, %v", it, err)
	}
	s.scan(dinoBook) // out to Zoe, nobody waiting
	s.waitFor("the second result", func() bool { return strings.Contains(v.recent.Text, dinoBook) })
	if v.headline.Text != "Checked out → checked in" || v.result.Text == v.headline.Text {
		t.Errorf("a checked-out book nobody holds shows %q, %q", v.headline.Text, v.result.Text)
	}
}

// The librarian types the range, then scans: the scanner's keys go to the
// inventory, not into the field that was last typed in.
func TestInventoryScreenTakesTheScannerAfterTyping(t *testing.T) {
	s, v := inventoryStation(t)
	test.Type(v.name, "Nonfiction 500s")
	test.Type(v.from, "590")
	test.Tap(v.start)
	s.waitFor("the new inventory picked", func() bool { return v.pick.Selected == "Nonfiction 500s" })
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.SelectIndex(len(s.ui.librarian.tabs.Items) - 1)
	s.ui.win.Canvas().Focus(v.to)
	if s.ui.win.Canvas().Focused() != v.to {
		t.Fatal("setup: the To field did not take the focus")
	}
	v.scan.OnTapped() // a mouse click, which leaves the focus where it was (test.Tap would move it)
	s.waitFor("scanning", func() bool { return v.scanning })
	s.wedge("41000000000010")
	s.waitFor("the scan shown", func() bool { return v.headline.Text == "Checking order…" })
	if v.to.Text != "" {
		t.Errorf("the scan went into the To field: %q", v.to.Text)
	}
}

// The sequence the librarian saw go wrong: 597.3 GIB, PAL, SCH, SIM,
// 597.8 BIS, the misplaced 599.75 PAL, then 597.8 CAR and HAW. The big
// banner never calls the misplaced book "On shelf" nor the next book out
// of order; it says so, large, when the misplaced book is found out.
func TestInventoryScreenNeverFlashesAWrongVerdict(t *testing.T) {
	var books []circ.Item
	calls := []string{"597.3 GIB", "597.3 PAL", "597.3 SCH", "597.3 SIM", "597.8 BIS", "599.75 PAL", "597.8 CAR", "597.8 HAW"}
	for i, cn := range calls {
		books = append(books, circ.Item{Barcode: fmt.Sprintf("4200000000%04d", i), Title: cn, CallNumber: cn, Location: "Nonfiction"})
	}
	s := newStation(t, stationConfig{items: books})
	u := s.ui
	u.inventories = InventoryOptions{Service: &inventory.Service{Store: s.desk.Store.(inventory.Store), Desk: s.desk, WriteFile: render.WriteFile}, Dir: t.TempDir()}
	u.inventory = newInventoryView(u.inventoryActions())
	u.librarian.invTab = container.NewTabItemWithIcon("Inventory", theme.StorageIcon(), u.inventory.box)
	u.librarian.tabs.Append(u.librarian.invTab)
	v := u.inventory
	startScanning(t, s, v, "All")
	for i, cn := range calls {
		s.scan(books[i].Barcode)
		s.waitFor(cn+" shown", func() bool { return strings.HasPrefix(v.recent.Text, books[i].Barcode+" · "+cn) })
		switch {
		case cn == "599.75 PAL" && v.headline.Text != "Checking order…":
			t.Errorf("the misplaced book's banner says %q, want Checking order…", v.headline.Text)
		case cn == "597.8 CAR" && (v.headline.Text == "Out of order" || strings.Contains(v.result.Text, "Belongs after 597.8 BIS")):
			t.Errorf("the correctly shelved 597.8 CAR is called out of order: %q %q", v.headline.Text, v.result.Text)
		case cn == "597.8 HAW" && v.headline.Text != books[5].Barcode+" · 599.75 PAL is out of order":
			t.Errorf("after 597.8 HAW the banner says %q %q, want 599.75 PAL out of order", v.headline.Text, v.result.Text)
		}
	}
	if !strings.Contains(v.recent.Text, "599.75 PAL — Belongs after") || !strings.Contains(v.recent.Text, "597.8 CAR — On shelf") {
		t.Errorf("the list disagrees with the report:\n%s", v.recent.Text)
	}
}

// Finalize asked while scanning stops the scanning first: the count the
// librarian confirms is the count marked missing, whatever is scanned
// while the question is open.
func TestInventoryFinalizeCountCannotGoStale(t *testing.T) {
	s, v := inventoryStation(t)
	startScanning(t, s, v, "All")
	s.scan("41000000000010")
	s.waitFor("the scan", func() bool { return strings.Contains(v.recent.Text, "41000000000010") })
	test.Tap(v.final)
	s.waitFor("the confirmation", func() bool { return len(s.ui.win.Canvas().Overlays().List()) > 0 })
	if v.scanning {
		t.Error("scanning goes on while finalize asks")
	}
	if text := overlayText(s); !strings.Contains(text, "6 items not found will be marked missing") {
		t.Errorf("confirmation says %q", text)
	}
	s.scan("41000000000020") // goes to the kiosk now, not into the inventory
	for _, o := range test.LaidOutObjects(s.ui.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Finalize" {
			test.Tap(b)
		}
	}
	s.waitFor("finalized", func() bool { return strings.HasPrefix(v.message.Text, "6 items marked missing") })
}

// The whole scope can be chosen on the screen: collection, material type,
// scheme and books seen lately left out.
func TestInventoryScreenOffersTheWholeScope(t *testing.T) {
	s, v := inventoryStation(t)
	test.Type(v.name, "Picture books")
	test.Type(v.skipDays, "many")
	test.Tap(v.start)
	s.waitFor("the bad number", func() bool { return strings.Contains(v.message.Text, "1 to 3650 days") })
	v.skipDays.SetText("30")
	test.Type(v.collection, "Picture")
	test.Type(v.material, "Book")
	v.scheme.SetSelected("Dewey")
	test.Tap(v.start)
	s.waitFor("picked", func() bool { return v.pick.Selected == "Picture books" })
	sum, err := s.ui.inventories.Service.Summary(context.Background(), "Picture books")
	if err != nil {
		t.Fatal(err)
	}
	if sp := sum.Spec; sp.Collection != "Picture" || sp.MaterialType != "Book" || sp.Scheme != callnumber.Dewey || sp.SkipSeenSince.IsZero() {
		t.Errorf("the inventory's scope %+v", sp)
	}
}
