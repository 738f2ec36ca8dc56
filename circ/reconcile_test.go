package circ_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// linked opens the fixture with a library server that starts offline.
func linked(t *testing.T) (*circ.Desk, *fakeLibrary, *circ.Reconciler, *fakeClock) {
	t.Helper()
	_, desk, clock := openFixture(t)
	lib := newFakeLibrary()
	lib.down = true
	desk.Link = circ.NewLink(lib, time.Second)
	return desk, lib, &circ.Reconciler{Store: desk.Store, Link: desk.Link, Clock: clock}, clock
}

func pass(t *testing.T, r *circ.Reconciler) circ.SyncResult {
	t.Helper()
	res, err := r.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func syncOf(t *testing.T, d *circ.Desk, id int64) circ.SyncState {
	t.Helper()
	rows, err := d.Store.Journal(context.Background(), circ.JournalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == id {
			return r.Sync
		}
	}
	t.Fatalf("no journal row %d", id)
	return ""
}

func TestOfflineThenReplayExactlyOnce(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, clock := linked(t)
	p := patron(t, desk, maya)
	o1, _ := desk.Checkout(ctx, p, free1)
	clock.Add(time.Minute)
	o2, _ := desk.Checkout(ctx, p, free2)
	clock.Add(time.Minute)
	o3, _ := desk.Checkin(ctx, free1)
	for _, o := range []circ.Outcome{o1, o2, o3} {
		if !o.OK || o.Settled {
			t.Fatalf("offline outcome %+v: want the local decision, waiting to be sent", o)
		}
	}
	if s := desk.Link.State(); s.Online {
		t.Fatal("the link says online while the server is down")
	}
	if res := pass(t, rec); res.Applied != 0 || res.Pending != 3 {
		t.Fatalf("a pass while the server is down: %+v, want nothing applied and 3 pending", res)
	}
	lib.set(func(f *fakeLibrary) { f.down = false })
	if res := pass(t, rec); res.Applied != 3 || res.Exceptions != 0 || res.Pending != 0 {
		t.Fatalf("replay: %+v, want 3 applied", res)
	}
	if s := desk.Link.State(); !s.Online || s.Backlog {
		t.Errorf("after the replay the link is %+v, want online with nothing waiting", s)
	}
	pass(t, rec)
	for _, c := range []struct {
		a    circ.Action
		item string
	}{{circ.Checkout, free1}, {circ.Checkout, free2}, {circ.Checkin, free1}} {
		if n := lib.count(c.a, c.item); n != 1 {
			t.Errorf("%s %s reached the server %d times, want once", c.a, c.item, n)
		}
	}
	lib.mu.Lock()
	_, out1 := lib.loans[free1]
	who2 := lib.loans[free2]
	lib.mu.Unlock()
	if out1 || who2 != maya {
		t.Errorf("server state after replay: free1 out %v, free2 to %q; want free1 back and free2 with Maya", out1, who2)
	}
	for _, o := range []circ.Outcome{o1, o2, o3} {
		if s := syncOf(t, desk, o.Txn); s != circ.Synced {
			t.Errorf("journal row %d is %s, want synced", o.Txn, s)
		}
	}
}

func TestReplayRefusalBecomesException(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, clock := linked(t)
	o, _ := desk.Checkout(ctx, patron(t, desk, maya), free1)
	lib.set(func(f *fakeLibrary) { f.down = false; f.refuse[free1] = circ.ExOnHold })
	if res := pass(t, rec); res.Exceptions != 1 || res.Applied != 0 || res.Pending != 0 {
		t.Fatalf("replay of a refused loan: %+v, want one exception", res)
	}
	ex, err := desk.Store.Exceptions(ctx, circ.ExceptionFilter{Open: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 1 || ex[0].Code != circ.ExOnHold || ex[0].Txn.ID != o.Txn || ex[0].Message != "refused: on_hold" {
		t.Fatalf("exceptions %+v, want the refusal with the server's words", ex)
	}
	// The student has the book: the local loan stands until the librarian acts.
	if l, err := desk.Store.Loan(ctx, free1); err != nil || l.Patron != maya {
		t.Errorf("the local loan is gone (%+v, %v)", l, err)
	}
	calls := lib.calls
	pass(t, rec)
	if lib.calls != calls {
		t.Errorf("a refused transaction was retried on its own: %d requests, want %d", lib.calls, calls)
	}
	lib.set(func(f *fakeLibrary) { delete(f.refuse, free1) })
	clock.Add(time.Hour)
	if err := desk.Store.RetryException(ctx, ex[0].ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if res := pass(t, rec); res.Applied != 1 {
		t.Fatalf("retry: %+v, want it applied", res)
	}
	if ex, _ := desk.Store.Exceptions(ctx, circ.ExceptionFilter{Open: true}); len(ex) != 0 {
		t.Errorf("%d open exceptions after a successful retry", len(ex))
	}
}

func TestAmbiguousAnswerIsLookedUpNotResent(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		set  func(*fakeLibrary)
	}{
		{"applied, answer lost", func(f *fakeLibrary) { f.loseOne = true }},
		{"lost before it was applied", func(f *fakeLibrary) { f.dropOne = true }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			desk, lib, rec, _ := linked(t)
			desk.Checkout(ctx, patron(t, desk, maya), free1)
			lib.set(func(f *fakeLibrary) { f.down = false; tt.set(f) })
			if res := pass(t, rec); res.Applied != 1 || res.Pending != 0 {
				t.Fatalf("%+v, want the checkout applied", res)
			}
			if n := lib.count(circ.Checkout, free1); n != 1 {
				t.Errorf("the checkout reached the server %d times, want exactly once", n)
			}
		})
	}
}

func TestServerStopsMidPassKeepsOrder(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, clock := linked(t)
	p := patron(t, desk, maya)
	for _, item := range []string{free1, free2} {
		desk.Checkout(ctx, p, item)
		clock.Add(time.Minute)
	}
	desk.Checkin(ctx, free1)
	lib.set(func(f *fakeLibrary) { f.down = false; f.downAfter = 1 }) // answers one request
	if res := pass(t, rec); res.Applied != 1 || res.Pending != 2 {
		t.Fatalf("a server that stops: %+v, want 1 applied and 2 pending", res)
	}
	if lib.count(circ.Checkin, free1) != 0 || lib.count(circ.Checkout, free2) != 0 {
		t.Error("a later transaction went out after an earlier one failed")
	}
	lib.set(func(f *fakeLibrary) { f.down, f.downAfter = false, 0 })
	if res := pass(t, rec); res.Applied != 2 || res.Pending != 0 {
		t.Fatalf("after recovery: %+v", res)
	}
}

func TestDueDateChangedOnReplay(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, _ := linked(t)
	desk.Checkout(ctx, patron(t, desk, maya), free1)
	lib.set(func(f *fakeLibrary) { f.down = false; f.dueIn = 7 * 24 * time.Hour })
	res := pass(t, rec)
	if res.Applied != 0 || res.Exceptions != 1 {
		t.Fatalf("%+v, want one due-date exception (counted once)", res)
	}
	ex, _ := desk.Store.Exceptions(ctx, circ.ExceptionFilter{})
	if len(ex) != 1 || ex[0].Code != circ.ExDueDateChanged {
		t.Fatalf("exceptions %+v", ex)
	}
	if l, _ := desk.Store.Loan(ctx, free1); l.Due.Format(time.DateOnly) != "2026-12-07" {
		t.Errorf("the cache keeps due %s, want the server's 2026-12-07", l.Due.Format(time.DateOnly))
	}
}

func TestOnlineCheckoutShowsTheServersAnswer(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, _ := linked(t)
	lib.set(func(f *fakeLibrary) { f.down = false; f.dueIn = 21 * 24 * time.Hour })
	pass(t, rec) // finds the server
	if !desk.Link.State().Online {
		t.Fatal("the link did not come up")
	}
	maya := patron(t, desk, maya)
	o, err := desk.Checkout(ctx, maya, free1)
	if err != nil || !o.OK || !o.Settled || o.Due.Format(time.DateOnly) != "2026-12-21" || o.Screen != "ok" {
		t.Fatalf("online checkout %+v (%v), want the server's due date and words", o, err)
	}
	if s := syncOf(t, desk, o.Txn); s != circ.Synced {
		t.Errorf("journal row %s, want synced", s)
	}
	if l, _ := desk.Store.Loan(ctx, free1); !l.Due.Equal(o.Due) {
		t.Errorf("cached due %v, want the server's %v", l.Due, o.Due)
	}

	// Refused online: the local effect is undone and the student is told.
	lib.set(func(f *fakeLibrary) { f.refuse[free2] = circ.ExPatronBlocked })
	o, _ = desk.Checkout(ctx, maya, free2)
	if o.OK || o.Code != circ.CodeLibraryRefused || o.Screen != "refused: patron_blocked" {
		t.Fatalf("refused online: %+v", o)
	}
	if _, err := desk.Store.Loan(ctx, free2); !errors.Is(err, circ.ErrNotFound) {
		t.Error("the refused loan is still in the cache")
	}
	if it, _ := desk.Store.Item(ctx, free2); it.Status != circ.Available {
		t.Errorf("item status %s after the undo, want available", it.Status)
	}
	if s := syncOf(t, desk, o.Txn); s != circ.Undone {
		t.Errorf("journal row %s, want undone", s)
	}

	// The hold Sam's checkout met comes back when the server refuses it.
	sam := patron(t, desk, sam)
	lib.set(func(f *fakeLibrary) { f.refuse[shelfHold] = circ.ExServerError })
	desk.Checkout(ctx, sam, shelfHold)
	holds, _ := desk.Store.Holds(ctx, shelfHold)
	if it, _ := desk.Store.Item(ctx, shelfHold); len(holds) != 1 || holds[0].Patron != sam.ID || it.Status != circ.OnHold {
		t.Errorf("after an undone hold pickup: holds %+v, status %s; want Sam's hold back on the shelf", holds, it.Status)
	}
}

func TestSilentServerLeavesTheLocalDecision(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, _ := linked(t)
	lib.set(func(f *fakeLibrary) { f.down = false })
	pass(t, rec)
	lib.set(func(f *fakeLibrary) { f.down = true })
	p := patron(t, desk, maya)
	o, _ := desk.Checkout(ctx, p, free1)
	if !o.OK || o.Settled || desk.Link.State().Online {
		t.Fatalf("checkout with a silent server: %+v online=%v; want the local loan, pending, offline", o, desk.Link.State().Online)
	}
	calls := lib.calls
	desk.Checkout(ctx, p, free2)
	if lib.calls != calls {
		t.Error("the next scan waited for the server again instead of going on offline")
	}
}

// TestDeskAndReconcilerNeverSendTwice checks out books online while the
// reconciler runs passes beside it: every loan reaches the server once.
func TestDeskAndReconcilerNeverSendTwice(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, clock := linked(t)
	lib.set(func(f *fakeLibrary) { f.down = false })
	pass(t, rec)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 200; i++ {
			if _, err := rec.Pass(ctx); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	teacher := patron(t, desk, tina)
	for _, b := range spares {
		clock.Add(time.Second)
		if o, err := desk.Checkout(ctx, teacher, b); err != nil || !o.OK {
			t.Fatalf("checkout %s: %+v %v", b, o, err)
		}
	}
	<-done
	pass(t, rec)
	for _, b := range spares {
		if n := lib.count(circ.Checkout, b); n != 1 {
			t.Errorf("%s reached the server %d times, want once", b, n)
		}
	}
}

// TestSentBeforeACrashIsLookedUp: the station marked a row sent, the
// server applied it, and the station stopped before the answer came. The
// next pass must ask, not send it again.
func TestSentBeforeACrashIsLookedUp(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, _ := linked(t)
	o, _ := desk.Checkout(ctx, patron(t, desk, maya), free1)
	if err := desk.Store.MarkSent(ctx, []int64{o.Txn}); err != nil {
		t.Fatal(err)
	}
	lib.set(func(f *fakeLibrary) { f.down = false; f.loans[free1] = maya; f.applied["checkout "+free1] = 1 })
	if res := pass(t, rec); res.Applied != 1 || res.Pending != 0 {
		t.Fatalf("%+v", res)
	}
	if n := lib.count(circ.Checkout, free1); n != 1 {
		t.Errorf("the server applied the checkout %d times, want once", n)
	}
}
