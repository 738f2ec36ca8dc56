package ils_test

import (
	"context"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// A set handed out offline reaches the library server like any checkout,
// and a copy the server refuses becomes the same typed exception.
func TestOfflineSetHandoutIsReplayed(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, false)
	b, _, _, _ := w.library.Identify(ctx, ben)
	if o, _ := w.library.Checkout(ctx, b, taken); !o.OK {
		t.Fatal("setup: the server did not lend to Ben")
	}
	sets := &circ.Sets{Desk: w.station, Store: w.station.Store.(*storage.DB)}
	if err := sets.Create(ctx, "Reading group", []string{book1, book2, taken}); err != nil {
		t.Fatal(err)
	}
	a := w.patron(t, ana)
	due := time.Now().AddDate(0, 0, 42)
	for _, it := range []string{book1, book2, taken} {
		if o, err := sets.Lend(ctx, "Reading group", a, "", it, due); err != nil || !o.OK || o.Settled {
			t.Fatalf("offline set loan %s: %+v %v", it, o, err)
		}
	}
	w.start(t)
	// The server lends the two copies for its own student period, not the
	// set's six weeks: the librarian is told, as for any changed due date.
	if res := w.pass(t); res.Applied != 0 || res.Exceptions != 3 || res.Pending != 0 {
		t.Fatalf("replay of the set: %+v, want 2 applied with earlier due dates and the third refused: 3 exceptions", res)
	}
	if who := w.onServer(t, book2); who != ana {
		t.Errorf("book2 is with %q on the server, want Ana", who)
	}
	ex, err := w.station.Store.Exceptions(ctx, circ.ExceptionFilter{Open: true})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]circ.ExceptionCode{}
	for _, e := range ex {
		codes[e.Txn.Item] = e.Code
	}
	want := map[string]circ.ExceptionCode{book1: circ.ExDueDateChanged, book2: circ.ExDueDateChanged, taken: circ.ExOnLoanToOther}
	for it, c := range want {
		if codes[it] != c {
			t.Errorf("exception of %s: %q, want %q (all: %v)", it, codes[it], c, codes)
		}
	}
	if l, _ := w.station.Store.Loan(ctx, book1); l.Due.Sub(due) > -24*time.Hour {
		t.Errorf("book1's due date stayed %v; want the server's", l.Due)
	}
}
