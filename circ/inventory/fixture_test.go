package inventory_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/formats/render"
	"github.com/circdesk/circdesk/storage"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second) // every scan a second after the last
	return c.now
}

var monday = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)

// shelf is the 590s of a school library, and a few others.
var shelf = []circ.Item{
	{Barcode: "B590", Title: "Animals", CallNumber: "590 ANI", Location: "Nonfiction"},
	{Barcode: "B591", Title: "Animal Homes", CallNumber: "591.56 HOM", Location: "Nonfiction"},
	{Barcode: "B595", Title: "Bugs", CallNumber: "595.7 BUG", Location: "Nonfiction"},
	{Barcode: "B597", Title: "Fish", CallNumber: "597 FIS", Location: "Nonfiction"},
	{Barcode: "B5975", Title: "Sharks", CallNumber: "597.3 SHA", Location: "Nonfiction"},
	{Barcode: "B598", Title: "Birds", CallNumber: "598 BIR", Location: "Nonfiction"},
	{Barcode: "B599", Title: "Mammals", CallNumber: "599 MAM", Location: "Nonfiction"},
	{Barcode: "B59975", Title: "Lions", CallNumber: "599.75 LIO", Location: "Nonfiction"},
	{Barcode: "B59976", Title: "Tigers", CallNumber: "599.756 TIG", Location: "Nonfiction", Status: circ.OnLoan},
	{Barcode: "B600", Title: "Inventions", CallNumber: "600 INV", Location: "Nonfiction"},
	{Barcode: "BLOST", Title: "Whales", CallNumber: "599.5 WHA", Location: "Nonfiction", Status: circ.Lost},
	{Barcode: "BGONE", Title: "Old Dinosaurs", CallNumber: "567.9 DIN", Location: "Nonfiction", Status: circ.Withdrawn},
	{Barcode: "BFIC", Title: "Hatchet", CallNumber: "FIC PAU", Location: "Fiction"},
	{Barcode: "BEASY", Title: "Frog and Toad", CallNumber: "E LOB", Location: "Easy"},
}

type env struct {
	db    *storage.DB
	desk  *circ.Desk
	svc   *inventory.Service
	clock *fakeClock
	dir   string
}

// newEnv seeds a station with items (those on loan are out to Maya) and
// holds (placed by Sam).
func newEnv(t testing.TB, items []circ.Item, station string, holds ...circ.Hold) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Open(ctx, filepath.Join(dir, "circdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := circ.Dataset{
		Patrons: []circ.Patron{{ID: "1001", FirstName: "Maya", Type: circ.Student}, {ID: "1002", FirstName: "Sam", Type: circ.Student}},
		Items:   items,
		Holds:   holds,
	}
	for _, it := range items {
		if it.Status == circ.OnLoan {
			d.Loans = append(d.Loans, circ.Loan{Item: it.Barcode, Patron: "1001", Out: monday.AddDate(0, 0, -3), Due: monday.AddDate(0, 0, 11)})
		}
	}
	if _, err := db.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: monday}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: clock, Station: station}
	return &env{db: db, desk: desk, svc: &inventory.Service{Store: db, Desk: desk, WriteFile: render.WriteFile}, clock: clock, dir: dir}
}
