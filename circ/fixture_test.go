package circ_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// monday is the fixture's "today": Monday 30 November 2026, mid-morning.
var monday = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)

// Fixture patrons and items.
const (
	maya    = "1000001" // a student in good standing with one book out
	sam     = "1000002" // a student with a book out and holds waiting
	bob     = "1000003" // manually blocked
	eve     = "1000004" // card expired
	omar    = "1000005" // one overdue book
	fran    = "1000006" // at the 10-book limit
	tina    = "900001"  // a teacher
	mayaBar = "21234000000018"

	free1     = "31234000000016"
	free2     = "31234000000024"
	samsBook  = "31234000000032" // on loan to sam
	shelfHold = "31234000000040" // on the hold shelf for sam
	heldOut   = "31234000000057" // on loan to maya, sam waits for it
	mayasBook = "31234000000065" // on loan to maya, renewable
	worn      = "31234000000073" // on loan to maya, renewed to the limit
	lostBook  = "31234000000081"
	missBook  = "31234000000099"
	omarsLate = "31234000000107"
)

func fixture() circ.Dataset {
	day := func(n int) time.Time { return monday.AddDate(0, 0, n) }
	ds := circ.Dataset{
		Patrons: []circ.Patron{
			{ID: maya, FirstName: "Maya", LastName: "Lopez", Type: circ.Student, Grade: "2", Homeroom: "2-Kim"},
			{ID: sam, FirstName: "Sam", LastName: "Okafor", Type: circ.Student, Grade: "3", Homeroom: "3-Diaz"},
			{ID: bob, FirstName: "Bob", LastName: "Ng", Type: circ.Student, Blocked: true, BlockReason: "damaged books"},
			{ID: eve, FirstName: "Eve", LastName: "Ito", Type: circ.Student, Expires: day(-30)},
			{ID: omar, FirstName: "Omar", LastName: "Haddad", Type: circ.Student},
			{ID: fran, FirstName: "Fran", LastName: "Berg", Type: circ.Student},
			{ID: tina, FirstName: "Tina", LastName: "Kim", Type: circ.Teacher},
		},
		Aliases: []circ.Alias{{Alias: mayaBar, Patron: maya}},
		Items: []circ.Item{
			{Barcode: free1, Title: "Charlotte's Web", Status: circ.Available, Parts: 1},
			{Barcode: free2, Title: "The Snowy Day", Status: circ.Available, Parts: 1},
			{Barcode: samsBook, Title: "Frog and Toad", Status: circ.OnLoan, Parts: 1},
			{Barcode: shelfHold, Title: "Dog Man", Status: circ.OnHold, Parts: 1},
			{Barcode: heldOut, Title: "Wonder", Status: circ.OnLoan, Parts: 1},
			{Barcode: mayasBook, Title: "Matilda", Status: circ.OnLoan, Parts: 1},
			{Barcode: worn, Title: "Holes", Status: circ.OnLoan, Parts: 1},
			{Barcode: lostBook, Title: "Hatchet", Status: circ.Lost, Parts: 1},
			{Barcode: missBook, Title: "Stuart Little", Status: circ.Missing, Parts: 1},
			{Barcode: omarsLate, Title: "Ramona", Status: circ.OnLoan, Parts: 1},
		},
		Loans: []circ.Loan{
			{Item: samsBook, Patron: sam, Out: day(-3), Due: day(11)},
			{Item: heldOut, Patron: maya, Out: day(-5), Due: day(9)},
			{Item: mayasBook, Patron: maya, Out: day(-2), Due: day(12)},
			{Item: worn, Patron: maya, Out: day(-40), Due: day(2), Renewals: 2},
			{Item: omarsLate, Patron: omar, Out: day(-20), Due: day(-6)},
		},
		Holds: []circ.Hold{
			{Item: shelfHold, Patron: sam, Placed: day(-4)},
			{Item: heldOut, Patron: sam, Placed: day(-1)},
		},
	}
	for _, b := range spares {
		ds.Items = append(ds.Items, circ.Item{Barcode: b, Title: "Spare " + b, Status: circ.Available, Parts: 1})
	}
	ds.Items = append(ds.Items, circ.Item{Barcode: kit, Title: "Science Kit", Status: circ.Available, Parts: 3})
	// Fran has ten books out.
	for i := range 10 {
		b := barcode(500 + i)
		ds.Items = append(ds.Items, circ.Item{Barcode: b, Title: "Book " + b, Status: circ.OnLoan, Parts: 1})
		ds.Loans = append(ds.Loans, circ.Loan{Item: b, Patron: fran, Out: day(-1), Due: day(13)})
	}
	return ds
}

// kit is a set in three parts, each with its own tag.
var kit = barcode(800)

// spares are twenty more books on the shelf.
var spares = func() []string {
	var out []string
	for i := range 20 {
		out = append(out, barcode(700+i))
	}
	return out
}()

// barcode makes a valid 14-digit item barcode from a sequence number.
func barcode(n int) string {
	body := []byte("3123400000000")
	for i := len(body) - 1; n > 0; i-- {
		body[i] = byte('0' + n%10)
		n /= 10
	}
	return string(body) + string(circ.Mod10(string(body)))
}

// openFixture opens a fresh cache holding the fixture and a desk over it.
func openFixture(t testing.TB) (*storage.DB, *circ.Desk, *fakeClock) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "circdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: monday}
	return db, &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: clock, Station: "test"}, clock
}
