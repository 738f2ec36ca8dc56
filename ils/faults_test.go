package ils_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
)

// addLines gives the world's reconciler n connections of its own.
func (w *world) addLines(t testing.TB, n int, timeout time.Duration) {
	w.rec.Lines = nil
	for range n {
		c := sip2.NewClient(sip2.Config{Address: w.addr, User: "sc", Password: "pw", Institution: "SCH",
			Timeout: timeout, ConnectTimeout: timeout, KeepAlive: -1})
		t.Cleanup(func() { c.Close() })
		w.rec.Lines = append(w.rec.Lines, ils.NewLibrary(c))
	}
}

// Random faults — requests lost before and after the server applies them,
// answers that stall past the timeout, garbage, cut answers and server
// restarts — over 320 transactions on four lines: every transaction is
// applied exactly once and nothing is lost.
func TestRandomFaultsExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	ctx := context.Background()
	const items = 160
	var ds circ.Dataset
	for i := range items / 8 {
		ds.Patrons = append(ds.Patrons, circ.Patron{ID: fmt.Sprintf("%07d", 3000000+i), FirstName: "P", LastName: fmt.Sprint(i), Type: circ.Student})
	}
	var barcodes []string
	for i := range items {
		b := fmt.Sprintf("3%013d", 5000+i)
		barcodes = append(barcodes, b)
		ds.Items = append(ds.Items, circ.Item{Barcode: b, Title: "Book", Status: circ.Available, Parts: 1})
	}
	w := newWorldOf(t, ds, false)
	w.library.Policy.LoanDays[circ.Student] = 28 // no due date to tell anyone about
	for i, b := range barcodes {
		p := w.patron(t, ds.Patrons[i%len(ds.Patrons)].ID)
		if o, _ := w.station.Checkout(ctx, p, b); !o.OK {
			t.Fatalf("offline checkout %s: %+v", b, o)
		}
		w.station.Checkin(ctx, b)
	}
	w.start(t)
	w.addLines(t, 4, 300*time.Millisecond)
	w.rec.MaxAttempts = 20
	rng := rand.New(rand.NewPCG(7, 11))
	kinds := []sip2.FaultKind{sip2.FaultDropBefore, sip2.FaultDropAfter, sip2.FaultGarbage, sip2.FaultTruncate, sip2.FaultCorruptChecksum}
	msgs := []string{"11", "09", "17", "63", ""}
	for round := 0; round < 60; round++ {
		w.srv.ClearFaults()
		for range 3 {
			f := sip2.Fault{Kind: kinds[rng.IntN(len(kinds))], Message: msgs[rng.IntN(len(msgs))], Times: 1 + rng.IntN(2)}
			if rng.IntN(6) == 0 {
				f = sip2.Fault{Kind: sip2.FaultDelay, Message: msgs[rng.IntN(2)], Times: 1, Delay: time.Second}
			}
			w.srv.Inject(f)
		}
		if rng.IntN(10) == 0 {
			if err := w.srv.Restart(20 * time.Millisecond); err != nil {
				t.Fatal(err)
			}
		}
		res, err := w.rec.Pass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Exceptions != 0 {
			ex, _ := w.station.Store.Exceptions(ctx, circ.ExceptionFilter{Open: true})
			t.Fatalf("round %d: %+v; exceptions %+v", round, res, ex)
		}
		if res.Pending == 0 {
			break
		}
	}
	w.srv.ClearFaults()
	if res := w.pass(t); res.Pending != 0 {
		t.Fatalf("after the faults: %+v", res)
	}
	for _, b := range barcodes {
		if n, m := w.srv.Applied("11", b), w.srv.Applied("09", b); n != 1 || m != 1 {
			t.Errorf("%s: checked out %d and returned %d times on the server, want once each", b, n, m)
		}
	}
}
