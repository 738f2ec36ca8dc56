package ils_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/storage"
)

// Only on the library server: a student the station's roster never had and
// a book catalogued after the station's shelf list.
const (
	newStudent = "1000009"
	newArrival = "31234000000099"
)

// splitWorld is a station whose cache knows less than its library server:
// the server holds stationDS plus extra.
func splitWorld(t *testing.T, extra circ.Dataset) *world {
	t.Helper()
	ds := school(time.Now())
	lib := ds
	lib.Patrons = append(append([]circ.Patron(nil), ds.Patrons...), extra.Patrons...)
	lib.Items = append(append([]circ.Item(nil), ds.Items...), extra.Items...)
	w := &world{}
	w.library = &circ.Desk{Store: openStore(t, "library.db", lib), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	w.srv = sip2.NewServer(ils.NewACS(w.library, "SCH"), sip2.ServerOptions{Institution: "SCH", User: "sc", Password: "pw"})
	addr, err := w.srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.addr = addr
	t.Cleanup(func() { w.srv.Close() })
	w.client, w.station, w.rec = station(t, w.addr, ds)
	w.pass(t) // online
	return w
}

func serverOnly() circ.Dataset {
	return circ.Dataset{
		Patrons: []circ.Patron{{ID: newStudent, FirstName: "Nia", LastName: "Okafor", Type: circ.Student}},
		Items:   []circ.Item{{Barcode: newArrival, Title: "New Arrival", Status: circ.Available, Parts: 1, Location: "NEW"}},
	}
}

// A card and a book only the library server knows: online, the station
// asks (63, 17), caches the answers as learned from the server, and lends.
func TestUnknownCardAndBookAreAskedOnline(t *testing.T) {
	ctx := context.Background()
	w := splitWorld(t, serverOnly())
	p, view, code, err := w.station.Identify(ctx, newStudent)
	if err != nil || code != "" {
		t.Fatalf("identify a card only the server knows: %v %q", err, code)
	}
	if view.FirstName != "Nia" || p.LastName != "" || p.Source != circ.SourceServer || p.RefreshedAt.IsZero() {
		t.Errorf("learned patron %+v view %+v; want first name only, source server, a refresh time", p, view)
	}
	o, err := w.station.Checkout(ctx, p, newArrival)
	if err != nil || !o.OK || !o.Settled {
		t.Fatalf("checkout of a book only the server knows: %+v %v", o, err)
	}
	if who := w.onServer(t, newArrival); who != newStudent {
		t.Errorf("the server lent the new arrival to %q", who)
	}
	it, err := w.station.Store.Item(ctx, newArrival)
	if err != nil || it.Source != circ.SourceServer || it.Title != "New Arrival" || it.Location != "NEW" || it.RefreshedAt.IsZero() {
		t.Errorf("learned item %+v %v", it, err)
	}
	if l, err := w.station.Store.Loan(ctx, newArrival); err != nil || l.Patron != newStudent {
		t.Errorf("the station's loan %+v %v", l, err)
	}
}

// A book returned at another desk (checked in on the server only) stays
// on loan in the station's cache; online, the station asks before it
// refuses, and lends it.
func TestBookReturnedElsewhereIsLent(t *testing.T) {
	ctx := context.Background()
	w := splitWorld(t, circ.Dataset{})
	if o, err := w.station.Checkout(ctx, w.patron(t, ben), book1); err != nil || !o.Settled {
		t.Fatalf("Ben's online checkout: %+v %v", o, err)
	}
	if o, err := w.library.Checkin(ctx, book1); err != nil || !o.OK {
		t.Fatalf("the main desk's return: %+v %v", o, err)
	}
	o, err := w.station.Checkout(ctx, w.patron(t, ana), book1)
	if err != nil || !o.OK || !o.Settled {
		t.Fatalf("checkout of a book the server has back: %+v %v; want it lent", o, err)
	}
	if who := w.onServer(t, book1); who != ana {
		t.Errorf("the server has book1 with %q", who)
	}
	rows, err := w.station.Store.Journal(ctx, circ.JournalFilter{Item: book1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if !r.OK {
			t.Errorf("a refusal was journaled before the server was asked: %+v", r)
		}
	}
}

// The cache counts ten loans for Ana (her limit) that were all returned
// elsewhere: the server's 63 lists none, so the limit refusal is remade.
func TestLimitIsRecheckedWithTheServer(t *testing.T) {
	ctx := context.Background()
	ds := school(time.Now())
	lib := school(time.Now())
	for i := range 10 {
		b := "3123400100" + string(rune('0'+i)) + "000"
		ds.Items = append(ds.Items, circ.Item{Barcode: b, Title: "Old", Status: circ.OnLoan, Parts: 1})
		ds.Loans = append(ds.Loans, circ.Loan{Item: b, Patron: ana, Out: time.Now().AddDate(0, 0, -3), Due: time.Now().AddDate(0, 0, 10)})
		lib.Items = append(lib.Items, circ.Item{Barcode: b, Title: "Old", Status: circ.Available, Parts: 1})
	}
	w := &world{}
	w.library = &circ.Desk{Store: openStore(t, "library.db", lib), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	var client *sip2.Client
	w.srv, w.addr, client, _ = serve(t, w.library)
	_ = client
	w.client, w.station, w.rec = station(t, w.addr, ds)
	w.pass(t)
	// Identify with the server down first, so the cache's count is used.
	p, err := w.station.Store.Patron(ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	o, err := w.station.Checkout(ctx, p, book2)
	if err != nil || !o.OK {
		t.Fatalf("checkout by a patron whose cached loans were all returned elsewhere: %+v %v", o, err)
	}
	if loans, _ := w.station.Store.PatronLoans(ctx, ana); len(loans) != 1 {
		t.Errorf("Ana has %d loans in the cache, want 1 (the server's)", len(loans))
	}
}

// A refusal the server confirms stays a refusal, and the station's cache
// learns what the server knows.
func TestRefusalTheServerConfirms(t *testing.T) {
	ctx := context.Background()
	w := splitWorld(t, circ.Dataset{})
	// On the server only, Ben has the book.
	if o, _ := w.library.Checkout(ctx, w.libPatron(t, ben), taken); !o.OK {
		t.Fatal("setup: the server did not lend to Ben")
	}
	o, err := w.station.Checkout(ctx, w.patron(t, ana), taken)
	if err != nil || o.OK || o.Code != circ.CodeLibraryRefused {
		t.Fatalf("checkout of a book out on the server: %+v %v", o, err)
	}
	it, err := w.station.Store.Item(ctx, taken)
	if err != nil || it.Status != circ.OnLoan || it.RefreshedAt.IsZero() {
		t.Errorf("after the server's refusal the cache has %+v %v; want on loan, refreshed", it, err)
	}
	// Now the cache knows: the next refusal is checked (17) and stands.
	o, _ = w.station.Checkout(ctx, w.patron(t, cal), taken)
	if o.OK || o.Code != circ.CodeOnLoanToOther {
		t.Errorf("second try %+v; want on loan to someone else", o)
	}
}

func (w *world) libPatron(t *testing.T, id string) circ.Patron {
	t.Helper()
	p, _, _, err := w.library.Identify(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Offline, an unknown book follows the station's policy: refused, or lent
// as a provisional item that the reconciler sends like any loan.
func TestOfflineUnknownItemPolicy(t *testing.T) {
	ctx := context.Background()
	for _, policy := range []circ.UnknownItemPolicy{"", circ.RefuseUnknown, circ.AcceptUnknown} {
		t.Run(string(policy)+"_", func(t *testing.T) {
			w := newWorldOf(t, school(time.Now()), false)
			w.station.UnknownItems = policy
			o, err := w.station.Checkout(ctx, w.patron(t, ana), "31234000000999")
			if err != nil {
				t.Fatal(err)
			}
			if policy != circ.AcceptUnknown {
				if o.OK || o.Code != circ.CodeItemNotFound {
					t.Errorf("%+v; want not in the catalog", o)
				}
				if _, err := w.station.Store.Item(ctx, "31234000000999"); !errors.Is(err, circ.ErrNotFound) {
					t.Errorf("a refused unknown book left a row: %v", err)
				}
				return
			}
			if !o.OK || o.Settled {
				t.Fatalf("%+v; want lent on this station, pending", o)
			}
			it, err := w.station.Store.Item(ctx, "31234000000999")
			if err != nil || it.Source != circ.SourceProvisional {
				t.Errorf("provisional item %+v %v", it, err)
			}
			rows, _ := w.station.Store.(*storage.DB).Items(ctx, storage.ItemQuery{Source: circ.SourceProvisional})
			if len(rows) != 1 {
				t.Errorf("the librarian's list of provisional items has %d, want 1", len(rows))
			}
		})
	}
}
