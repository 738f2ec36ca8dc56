package ils_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils/sip2"
)

// movingClock is a clock tests move; the station and the server share one.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movingClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// clocked gives the station, its reconciler and the server one clock, on a
// Wednesday morning.
func clocked(w *world) *movingClock {
	c := &movingClock{t: time.Date(2026, 11, 4, 9, 0, 0, 0, time.Local)}
	w.station.Clock, w.library.Clock, w.rec.Clock = c, c, c
	return c
}

// serverDue is the due date of item's loan on the server.
func (w *world) serverDue(t *testing.T, item string) time.Time {
	t.Helper()
	l, err := w.library.Store.Loan(context.Background(), item)
	if err != nil {
		t.Fatalf("the server has no loan of %s: %v", item, err)
	}
	return l.Due
}

func (w *world) openExceptions(t *testing.T) []circ.Exception {
	t.Helper()
	ex, err := w.station.Store.Exceptions(context.Background(), circ.ExceptionFilter{Open: true})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// A renewal whose request or answer is lost is settled by the server's
// due date, never by "charged": lost before it arrived, it is sent again;
// applied with its answer lost, it is not.
func TestLostRenewalIsProvenByTheDueDate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault sip2.FaultKind
	}{
		{"request lost", sip2.FaultDropBefore},
		{"answer lost", sip2.FaultDropAfter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, true)
			clock := clocked(w)
			w.pass(t)
			ana := w.patron(t, ana)
			if o, err := w.station.Checkout(ctx, ana, book1); err != nil || !o.Settled {
				t.Fatalf("online checkout: %+v %v", o, err)
			}
			lent := w.serverDue(t, book1)
			clock.add(7 * 24 * time.Hour)
			w.srv.Inject(sip2.Fault{Kind: tt.fault, Message: "29", Times: 1})
			o, err := w.station.Renew(ctx, ana, book1)
			if err != nil || !o.OK || o.Settled {
				t.Fatalf("renewal that lost its way: %+v %v; want the local renewal, pending", o, err)
			}
			if res := w.pass(t); res.Applied != 1 || res.Pending != 0 || res.Exceptions != 0 {
				t.Fatalf("replay: %+v, want the renewal applied", res)
			}
			if n := w.srv.Applied("29", book1); n != 1 {
				t.Errorf("the server renewed the loan %d times, want exactly once", n)
			}
			if due := w.serverDue(t, book1); !due.After(lent) {
				t.Errorf("the server's due date stayed %s: the renewal never reached it", due.Format(time.DateOnly))
			}
		})
	}
}

// A renewal on the day of the loan cannot move the due date, so the due
// date cannot prove it: the librarian is asked, nothing is guessed.
func TestSameDayRenewalIsNotGuessed(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, true)
	clocked(w)
	w.pass(t)
	ana := w.patron(t, ana)
	w.station.Checkout(ctx, ana, book1)
	w.srv.Inject(sip2.Fault{Kind: sip2.FaultDropBefore, Message: "29", Times: 1})
	if o, _ := w.station.Renew(ctx, ana, book1); o.Settled {
		t.Fatal("the renewal was settled though its request was lost")
	}
	if res := w.pass(t); res.Exceptions != 1 || res.Applied != 0 {
		t.Fatalf("replay: %+v, want one exception", res)
	}
	ex := w.openExceptions(t)
	if len(ex) != 1 || ex[0].Code != circ.ExUnsureRenewal || ex[0].Message == "" {
		t.Fatalf("exceptions %+v, want unsure_renewal with a sentence", ex)
	}
}

// The server had lent the book to Ben; the station, offline, lent it to
// Ana. The replayed 11's answer is lost: "charged" must not count as
// applied, since it does not say to whom.
func TestLostAnswerOnAConflictingCheckout(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, false)
	b, _, _, _ := w.library.Identify(ctx, ben)
	if o, _ := w.library.Checkout(ctx, b, taken); !o.OK {
		t.Fatal("setup: the server did not lend to Ben")
	}
	w.station.Checkout(ctx, w.patron(t, ana), taken)
	w.start(t)
	w.srv.Inject(sip2.Fault{Kind: sip2.FaultDropAfter, Message: "11", Times: 2})
	res := w.pass(t)
	if res.Applied != 0 || res.Exceptions != 1 {
		t.Fatalf("replay: %+v, want one exception and nothing applied", res)
	}
	ex := w.openExceptions(t)
	if len(ex) != 1 || ex[0].Code != circ.ExOnLoanToOther {
		t.Fatalf("exceptions %+v, want on_loan_to_other", ex)
	}
	if who := w.onServer(t, taken); who != ben {
		t.Errorf("the server lends the book to %q, want Ben still", who)
	}
}

// A lost answer to a check-in: the item not charged proves it; still
// charged to the same patron, it is sent again.
func TestLostCheckinIsProvenByTheItem(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault sip2.FaultKind
	}{
		{"request lost", sip2.FaultDropBefore},
		{"answer lost", sip2.FaultDropAfter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, true)
			w.pass(t)
			w.station.Checkout(ctx, w.patron(t, ana), book2)
			w.srv.Inject(sip2.Fault{Kind: tt.fault, Message: "09", Times: 1})
			if o, _ := w.station.Checkin(ctx, book2); o.Settled {
				t.Fatal("the check-in was settled though it was lost")
			}
			if res := w.pass(t); res.Applied != 1 || res.Pending != 0 {
				t.Fatalf("replay: %+v", res)
			}
			if n := w.srv.Applied("09", book2); n != 1 {
				t.Errorf("the server took the return %d times, want once", n)
			}
			if who := w.onServer(t, book2); who != "" {
				t.Errorf("the server still lends book2 to %q", who)
			}
		})
	}
}

// A due date the server sets later than the station did (weekend
// shifting, a longer period) is taken silently; an earlier one is the
// librarian's business.
func TestServerDueDateWinsSilentlyUnlessEarlier(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, false)
	clocked(w)
	longer, shorter := circ.DefaultPolicy(), circ.DefaultPolicy()
	longer.LoanDays[circ.Student] = 21
	shorter.LoanDays[circ.Student] = 7
	a := w.patron(t, ana)
	w.station.Checkout(ctx, a, book1)
	w.station.Checkout(ctx, a, book2)
	w.start(t)
	w.library.Policy = longer
	if res := w.pass(t); res.Applied != 2 || res.Exceptions != 0 {
		t.Fatalf("later due dates: %+v, want both applied, no exception", res)
	}
	loan, _ := w.station.Store.Loan(ctx, book1)
	if !sameDate(loan.Due, w.serverDue(t, book1)) {
		t.Errorf("the cache says due %s, the server %s", loan.Due.Format(time.DateOnly), w.serverDue(t, book1).Format(time.DateOnly))
	}
	rows, _ := w.station.Store.Journal(ctx, circ.JournalFilter{Item: book1})
	if len(rows) != 1 || rows[0].ServerDue.IsZero() || sameDate(rows[0].Due, rows[0].ServerDue) {
		t.Errorf("the journal keeps %+v, want the station's and the server's due dates", rows)
	}
	w.library.Policy = shorter
	// Its request lost, the checkout is replayed rather than answered at once.
	w.srv.Inject(sip2.Fault{Kind: sip2.FaultDropBefore, Message: "11", Times: 1})
	w.station.Checkout(ctx, a, book3)
	if res := w.pass(t); res.Exceptions != 1 || res.Applied != 0 {
		t.Fatalf("an earlier due date: %+v, want one exception", res)
	}
}

func sameDate(a, b time.Time) bool { return a.Format(time.DateOnly) == b.Format(time.DateOnly) }
