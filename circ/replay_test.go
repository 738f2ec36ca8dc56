package circ_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// A request the server never answers does not block the queue: each pass
// tries it, other students' loans go on, the rows of the same item and
// patron wait behind it (and say so), and after three passes it is a
// no_answer exception.
func TestNeverAnsweredRowBecomesAnException(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, clock := linked(t)
	m := patron(t, desk, maya)
	poisoned, _ := desk.Checkout(ctx, m, free1)
	clock.Add(time.Minute)
	behind, _ := desk.Checkout(ctx, m, free2) // Maya's next book waits behind
	clock.Add(time.Minute)
	other, _ := desk.Checkout(ctx, patron(t, desk, tina), spare(0)) // Tina's does not
	lib.set(func(f *fakeLibrary) { f.down, f.dueIn = false, 60*24*time.Hour })
	lib.loseAll(free1)
	for n := 1; n <= 2; n++ {
		res := pass(t, rec)
		if res.Exceptions != 0 || syncOf(t, desk, poisoned.Txn) != circ.Pending {
			t.Fatalf("pass %d: %+v, want the unanswered row still pending", n, res)
		}
		if !waitsBehind(res, behind.Txn, poisoned.Txn) {
			t.Errorf("pass %d: %+v, want transaction %d listed waiting behind %d", n, res.Waiting, behind.Txn, poisoned.Txn)
		}
	}
	if syncOf(t, desk, other.Txn) != circ.Synced {
		t.Errorf("another patron's loan did not go on")
	}
	if lib.count(circ.Checkout, free2) != 0 {
		t.Errorf("a later loan of the same patron went out before the unanswered one")
	}
	res := pass(t, rec)
	if res.Exceptions != 1 || syncOf(t, desk, poisoned.Txn) != circ.SyncException {
		t.Fatalf("third pass: %+v, want the unanswered row an exception", res)
	}
	ex, _ := desk.Store.Exceptions(ctx, circ.ExceptionFilter{Open: true})
	if len(ex) != 1 || ex[0].Code != circ.ExNoAnswer || !strings.Contains(ex[0].Message, "did not answer") {
		t.Fatalf("exceptions %+v, want no_answer with a sentence", ex)
	}
	// Until the librarian settles it, Maya's next loan still waits.
	if res := pass(t, rec); !waitsBehind(res, behind.Txn, poisoned.Txn) || lib.count(circ.Checkout, free2) != 0 {
		t.Errorf("after the exception: %+v, want Maya's next loan waiting", res)
	}
	if err := desk.Store.ResolveException(ctx, ex[0].ID, "checked at the county desk", clock.Now()); err != nil {
		t.Fatal(err)
	}
	if res := pass(t, rec); res.Applied != 1 || lib.count(circ.Checkout, free2) != 1 {
		t.Errorf("after the librarian resolved it: %+v, want Maya's next loan sent", res)
	}
}

func waitsBehind(res circ.SyncResult, txn, behind int64) bool {
	for _, w := range res.Waiting {
		if w.Txn == txn && w.Behind == behind && w.Reason != "" {
			return true
		}
	}
	return false
}

// A refusal the server gives without words still tells the librarian
// something.
func TestRefusalWithoutWordsHasASentence(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, _ := linked(t)
	desk.Checkin(ctx, heldOut)
	lib.set(func(f *fakeLibrary) { f.down, f.quiet = false, true; f.refuse[heldOut] = circ.ExServerError })
	pass(t, rec)
	ex, _ := desk.Store.Exceptions(ctx, circ.ExceptionFilter{Open: true})
	if len(ex) != 1 || ex[0].Message == "" {
		t.Fatalf("exceptions %+v, want one with a sentence", ex)
	}
}

// Over several lines, the transactions of one item and of one patron still
// reach the server in journal order.
func TestParallelReplayKeepsEachItemsAndPatronsOrder(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, clock := linked(t)
	rec.Lines = []circ.Library{lib, lib, lib, lib}
	m, tn := patron(t, desk, maya), patron(t, desk, tina)
	var want []string
	for round := 0; round < 3; round++ {
		for i := 0; i < 6; i++ {
			clock.Add(time.Second)
			desk.Checkout(ctx, tn, spare(i))
			want = append(want, "checkout "+spare(i)+" "+tina)
			clock.Add(time.Second)
			desk.Checkin(ctx, spare(i))
			want = append(want, "checkin "+spare(i)+" ")
		}
		desk.Checkout(ctx, m, free1)
		want = append(want, "checkout "+free1+" "+maya)
		desk.Checkin(ctx, free1)
		want = append(want, "checkin "+free1+" ")
	}
	lib.set(func(f *fakeLibrary) { f.down, f.dueIn = false, 60*24*time.Hour })
	if res := pass(t, rec); res.Applied != len(want) || res.Pending != 0 {
		t.Fatalf("%+v, want %d applied", res, len(want))
	}
	lib.mu.Lock()
	got := append([]string(nil), lib.order...)
	lib.mu.Unlock()
	for _, key := range []string{free1, spare(0), spare(5), " " + tina} {
		if g, w := only(got, key), only(want, key); fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("requests about %q reached the server as %v, want %v", key, g, w)
		}
	}
}

func only(all []string, key string) []string {
	var out []string
	for _, s := range all {
		if strings.Contains(s+" ", key+" ") {
			out = append(out, s)
		}
	}
	return out
}

// Two programs on one data directory: while one sends the journal, the
// other sends nothing and says in a sentence who is sending.
func TestOneReconcilerPerJournal(t *testing.T) {
	ctx := context.Background()
	db, desk, clock := openFixture(t)
	desk.Checkout(ctx, patron(t, desk, maya), free1)
	lib := newFakeLibrary()
	link := circ.NewLink(lib, time.Second)
	link.Lease = db.SendLease()
	release, _, ok, err := link.Lease.Acquire("The station window")
	if err != nil || !ok {
		t.Fatalf("first lease: %v %v", ok, err)
	}
	// The other program: its own handle on the same file.
	other, err := storage.Open(ctx, dbPath(t, db))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	olink := circ.NewLink(lib, time.Second)
	olink.Lease = other.SendLease()
	rec := &circ.Reconciler{Store: other, Link: olink, Clock: clock, Holder: "circctl sync"}
	_, err = rec.Pass(ctx)
	var busy *circ.BusyError
	if !errors.As(err, &busy) || err.Error() != "The station window is sending to the library server now; try again in a minute." {
		t.Fatalf("second reconciler: %v, want a sentence naming the station window", err)
	}
	if lib.calls != 0 {
		t.Errorf("the second reconciler sent %d requests", lib.calls)
	}
	release()
	if res, err := rec.Pass(ctx); err != nil || res.Applied != 1 {
		t.Fatalf("after the lease was let go: %+v %v", res, err)
	}
}

func dbPath(t *testing.T, db *storage.DB) string {
	t.Helper()
	p := db.Path()
	if !filepath.IsAbs(p) {
		t.Fatalf("database path %q", p)
	}
	return p
}

func spare(i int) string { return spares[i] }
