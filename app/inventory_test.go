package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
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
	u.inventories = InventoryOptions{Service: &inventory.Service{Store: s.desk.Store.(inventory.Store), Desk: s.desk}, Dir: t.TempDir()}
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
	s.waitFor("On shelf", func() bool { return v.result.Text == "On shelf" })
	if v.headline.Text != "On shelf" || v.banner.FillColor != resultGreen {
		t.Errorf("headline %q in %v; want On shelf in green", v.headline.Text, v.banner.FillColor)
	}
	if v.progress.Value != 0.25 || !strings.Contains(v.share.Text, "1 of 4") {
		t.Errorf("progress after one of four: %v, %q", v.progress.Value, v.share.Text)
	}

	s.scan("41000000000030") // 597 FIS
	s.waitFor("the second scan", func() bool { return strings.Contains(v.share.Text, "2 of 4") })
	s.scan("41000000000020") // 595.7 BUG, shelved after 597 FIS
	s.waitFor("out of order", func() bool { return v.headline.Text == "Out of order" })
	if v.result.Text != "Belongs after 590 ANI" || v.banner.FillColor != resultAmber {
		t.Errorf("out of order shows %q in %v; want where it belongs, in amber", v.result.Text, v.banner.FillColor)
	}
	s.scan("41000000000050") // 600 INV: outside the range
	s.waitFor("wrong location", func() bool { return v.headline.Text == "Wrong location" })
	if v.result.Text != "It belongs in Nonfiction: 600 INV" {
		t.Errorf("a book from another range says %q, want where it belongs", v.result.Text)
	}
	s.scan("99999999999999")
	s.waitFor("not in catalog", func() bool { return v.headline.Text == "Not in catalog" })
	if v.banner.FillColor != resultRed || !strings.Contains(v.recent.Text, "41000000000020 — Belongs after 590 ANI") {
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
	if v.result.Text != "On shelf" || !strings.Contains(v.recent.Text, "41000000000010 — On shelf") {
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
	// Begin has answered once something waits on the UI queue.
	deadline := time.Now().Add(3 * time.Second)
	for len(s.queue) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	s.scan("41000000000010")
	svc := s.ui.inventories.Service
	for time.Now().Before(deadline) {
		if sum, err := svc.Summary(context.Background(), "All"); err == nil && sum.Scanned == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	s.waitFor("the scan shown", func() bool { return v.scanning && v.result.Text == "On shelf" })
	if s.ui.invJob == nil || s.ui.running.job != s.ui.invJob {
		t.Errorf("the tab did not record its job: %v, %v", s.ui.invJob, s.ui.running.job)
	}
	if !strings.Contains(v.recent.Text, "41000000000010 — On shelf") {
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
	if v.result.Text != "Checked out → checked in" {
		t.Errorf("a checked-out book nobody holds shows %q", v.result.Text)
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
	s.waitFor("On shelf", func() bool { return v.result.Text == "On shelf" })
	if v.to.Text != "" {
		t.Errorf("the scan went into the To field: %q", v.to.Text)
	}
}
