package ils_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// countingLimiter lets every request through at once and counts them;
// before the n-th (1-based) it runs hook.
type countingLimiter struct {
	mu    sync.Mutex
	waits int
	n     int
	hook  func()
}

func (l *countingLimiter) Wait(context.Context) error {
	l.mu.Lock()
	l.waits++
	hit := l.waits == l.n && l.hook != nil
	l.mu.Unlock()
	if hit {
		l.hook()
	}
	return nil
}

// lentOnline checks out items to Ana, online, and returns them on the
// server only (the main desk), so the station's cache is wrong about each.
func lentOnline(t *testing.T, w *world, items ...string) {
	t.Helper()
	ctx := context.Background()
	a := w.patron(t, ana)
	for _, b := range items {
		if o, err := w.station.Checkout(ctx, a, b); err != nil || !o.Settled {
			t.Fatalf("online checkout %s: %+v %v", b, o, err)
		}
		if o, err := w.library.Checkin(ctx, b); err != nil || !o.OK {
			t.Fatalf("return on the server %s: %+v %v", b, o, err)
		}
	}
}

// A refresh pass asks about each item on loan here and each patron seen
// lately, through the limiter (one wait per request), and corrects the
// cache: books returned at the main desk are back on the shelf here.
func TestRefreshPassCorrectsTheCacheThroughTheLimiter(t *testing.T) {
	ctx := context.Background()
	w := splitWorld(t, circ.Dataset{})
	lentOnline(t, w, book1, book2, book3)
	before := w.srv.Requests("17") + w.srv.Requests("63")
	lim := &countingLimiter{}
	r := &circ.Refresher{Desk: w.station, Limiter: lim}
	res, err := r.Pass(ctx, circ.Refresh{Items: true, Patrons: true})
	if err != nil || res.Offline || res.Interrupted || res.Items != 3 || res.Patrons != 1 {
		t.Fatalf("refresh %+v %v; want 3 items and Ana", res, err)
	}
	if asked := w.srv.Requests("17") + w.srv.Requests("63") - before; asked != lim.waits {
		t.Errorf("%d requests went to the server, %d through the limiter", asked, lim.waits)
	}
	if loans, _ := w.station.Store.PatronLoans(ctx, ana); len(loans) != 0 {
		t.Errorf("after the refresh Ana still has %d loans in the cache", len(loans))
	}
	if it, _ := w.station.Store.Item(ctx, book2); it.Status != circ.Available || it.RefreshedAt.IsZero() {
		t.Errorf("book2 after the refresh: %+v", it)
	}
}

// The refresh never asks while a student session is open: it stops at
// the first request after a session opens.
func TestRefreshStopsForAStudentSession(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := splitWorld(t, circ.Dataset{})
	lentOnline(t, w, book1, book2, book3)
	st := circ.NewStation(w.station, circ.StationConfig{}, nil)
	go st.Run(ctx)
	lim := &countingLimiter{n: 2, hook: func() {
		// A student scans their card while the refresh waits its turn.
		if s, err := st.Scan(ctx, devices.Scan{Kind: devices.Card, Value: ben, At: time.Now()}); err != nil || s.Phase != circ.PhaseActive {
			t.Errorf("Ben's card: %+v %v", s, err)
		}
	}}
	before := w.srv.Requests("17")
	res, err := (&circ.Refresher{Desk: w.station, Limiter: lim}).Pass(ctx, circ.Refresh{Items: true})
	if err != nil || !res.Interrupted || res.Items != 1 || res.Left != 2 {
		t.Fatalf("refresh %+v %v; want it stopped after the first item", res, err)
	}
	if n := w.srv.Requests("17") - before; n != 1 {
		t.Errorf("%d item requests, want 1 (none once the session opened)", n)
	}
	// With the session open, a pass asks nothing at all.
	res, _ = (&circ.Refresher{Desk: w.station, Limiter: &countingLimiter{}}).Pass(ctx, circ.Refresh{Items: true})
	if !res.Interrupted || res.Items != 0 {
		t.Errorf("refresh during a session: %+v", res)
	}
}

// Patrons learned from the server and unseen for the privacy bound are
// dropped, unless they have loans; roster patrons stay.
func TestLearnedPatronsAreForgotten(t *testing.T) {
	ctx := context.Background()
	extra := serverOnly()
	extra.Patrons = append(extra.Patrons, circ.Patron{ID: "1000010", FirstName: "Leo", LastName: "Park", Type: circ.Student})
	w := splitWorld(t, extra)
	clock := clocked(w)
	nia, _, _, err := w.station.Identify(ctx, newStudent)
	if err != nil {
		t.Fatal(err)
	}
	leo, _, _, err := w.station.Identify(ctx, "1000010")
	if err != nil {
		t.Fatal(err)
	}
	if o, err := w.station.Checkout(ctx, leo, book1); err != nil || !o.OK {
		t.Fatalf("Leo's checkout %+v %v", o, err)
	}
	clock.add(31 * 24 * time.Hour)
	w.srv.Close() // offline: forgetting needs no server
	res, err := (&circ.Refresher{Desk: w.station, Limiter: &countingLimiter{}, ForgetAfter: 30 * 24 * time.Hour}).Pass(ctx, circ.Refresh{Items: true, Patrons: true})
	if err != nil || res.Forgotten != 1 {
		t.Fatalf("refresh %+v %v; want Nia forgotten", res, err)
	}
	if _, err := w.station.Store.Patron(ctx, nia.ID); err == nil {
		t.Error("Nia, learned and unseen for 31 days, is still cached")
	}
	for _, id := range []string{"1000010", ana} {
		if _, err := w.station.Store.Patron(ctx, id); err != nil {
			t.Errorf("patron %s (with a loan, or from the roster) was dropped: %v", id, err)
		}
	}
}
