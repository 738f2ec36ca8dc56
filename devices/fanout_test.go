//go:build !windows

package devices_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// station is a station that takes scans one at a time and records their
// values.
type station chan string

func newStation() station { return make(station, 1024) }

func (st station) scan(_ context.Context, sc devices.Scan) error {
	st <- sc.Value
	return nil
}

func (st station) next(t *testing.T) string {
	t.Helper()
	return receive(t, st, "the station")
}

// receive takes the next value from ch; the test fails when none comes
// within 5 s.
func receive[T any](t *testing.T, ch <-chan T, who string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		var zero T
		t.Fatalf("%s got nothing within 5 s", who)
		return zero
	}
}

// oneScanner starts a set of one serial scanner, named name, and waits
// until it is connected.
func oneScanner(t *testing.T, name string) (*device, *set) {
	t.Helper()
	d := newDevice(t, "usb-scanner")
	s := startSet(t, []devices.Config{{Name: name, Kind: "line", Port: d.link}}, devices.ReaderSetOptions{})
	s.connected(t, name)
	return d, s
}

// feed runs Feed until the test ends.
func feed(t *testing.T, s *set, route devices.Route) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Feed(ctx, route); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// A pad reading a stack sends scans faster than the station takes them:
// 256 wait, in order; the ones after are dropped, never delivered late;
// every listener hears all of them.
func TestAFullQueueDropsScans(t *testing.T) {
	scanner, s := oneScanner(t, "scanner")
	heard := make(chan string, 1024)
	defer s.Listen(func(sc devices.Scan) { heard <- sc.Value })()

	const sent = 300
	for i := range sent {
		scanner.send(fmt.Sprintf("%d\r", i))
	}
	for i := range sent {
		if v := receive(t, heard, "the listener"); v != fmt.Sprint(i) {
			t.Fatalf("listener heard %s as scan %d", v, i)
		}
	}
	// Every scan has been queued or dropped: the station starts taking.
	st := newStation()
	feed(t, s, devices.Route{Station: st.scan})
	for i := range 256 {
		if v := st.next(t); v != fmt.Sprint(i) {
			t.Fatalf("station's scan %d is %s", i, v)
		}
	}
	scanner.send("after\r")
	if v := st.next(t); v != "after" {
		t.Errorf("after the 256 queued scans the station got %s, want the next scan (the rest dropped)", v)
	}
}

func TestListenersHearEveryScanUntilStopped(t *testing.T) {
	scanner, s := oneScanner(t, "scanner")
	a, b := make(chan string, 8), make(chan string, 8)
	stopA := s.Listen(func(sc devices.Scan) { a <- sc.Reader + ":" + sc.Value })
	defer s.Listen(func(sc devices.Scan) { b <- sc.Reader + ":" + sc.Value })()
	scanner.send("31234000123453\r")
	if va, vb := receive(t, a, "listener a"), receive(t, b, "listener b"); va != "scanner:31234000123453" || vb != va {
		t.Errorf("listeners heard %q and %q", va, vb)
	}
	stopA()
	scanner.send("42\r")
	if vb := receive(t, b, "listener b"); vb != "scanner:42" {
		t.Errorf("listener b heard %q", vb)
	}
	// b heard the scan after stop: a, stopped before it, did not.
	if len(a) != 0 {
		t.Errorf("a stopped listener heard %q", <-a)
	}
}

// While the window shows a librarian view, a reader's scan does not reach
// the station (the Devices tab hears it through Listen); the next one,
// with the kiosk back, does.
func TestScansGoToTheStationOnlyWhenItTakesThem(t *testing.T) {
	scanner, s := oneScanner(t, "scanner")
	heard := make(chan string, 8)
	defer s.Listen(func(sc devices.Scan) { heard <- sc.Value })()
	st := newStation()
	var asked atomic.Int32
	// The first scan comes while the Devices tab shows; the second with
	// the kiosk back.
	feed(t, s, devices.Route{Station: st.scan, ToStation: func() bool { return asked.Add(1) > 1 }})

	scanner.send("card-on-the-devices-tab\r")
	scanner.send("book\r")
	if v := st.next(t); v != "book" {
		t.Errorf("the station got %q first, want the book (the card was the Devices tab's)", v)
	}
	for _, want := range []string{"card-on-the-devices-tab", "book"} {
		if v := receive(t, heard, "the listener"); v != want {
			t.Errorf("the listener heard %q, want %q", v, want)
		}
	}
}

// While the librarian's PIN pad shows, a staff badge read on a serial card
// reader must reach it, as one from a keyboard-wedge reader does: a scan
// the station does not take goes to the window, one that it takes does
// not.
func TestAScanTheStationDoesNotTakeGoesToTheWindow(t *testing.T) {
	cards, s := oneScanner(t, "badge reader")
	st := newStation()
	window := make(chan devices.Scan, 8)
	var asked atomic.Int32
	// The PIN pad shows for the first scan; the kiosk for the second.
	feed(t, s, devices.Route{Station: st.scan, ToStation: func() bool { return asked.Add(1) > 1 },
		Elsewhere: func(sc devices.Scan) { window <- sc }})

	cards.send("900001\r")
	cards.send("31234000123453\r")
	if v := st.next(t); v != "31234000123453" {
		t.Errorf("the station got %q, want the book", v)
	}
	select {
	case sc := <-window:
		if sc.Value != "900001" || sc.Reader != "badge reader" {
			t.Errorf("the window got %+v, want the badge", sc)
		}
	default:
		t.Fatal("the badge read while the PIN pad showed went nowhere")
	}
	// The book, which the station took, did not go to the window too.
	if len(window) != 0 {
		t.Errorf("the window also got %+v", <-window)
	}
}
