//go:build !windows

package main

import (
	"context"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/devices"
)

// TestReaderScansGoToWhatIsOnScreen: a card read on a serial reader while
// a librarian view shows (the window says the station does not take
// scans) never reaches the station, so the book read next, with the kiosk
// back, finds no patron rather than being lent to the card's owner.
func TestReaderScansGoToWhatIsOnScreen(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env, err := setup.Open(ctx, setup.Flags{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	samples, _, err := seedDemo(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	var card, book string
	for _, s := range samples {
		switch {
		case s.Kind == "student" && card == "":
			card = s.Code
		case s.Kind == "book" && book == "":
			book = s.Code
		}
	}
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer master.Close()
	port := slave.Name()
	slave.Close()
	connected := make(chan struct{})
	var once atomic.Bool
	readers, err := startReaders(env, []devices.Config{{Name: "Scanner", Kind: "line", Port: port}}, func(states []devices.ReaderState) {
		if len(states) == 1 && states[0].Status == devices.Connected && once.CompareAndSwap(false, true) {
			close(connected)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer readers.Close()
	select {
	case <-connected:
	case <-time.After(5 * time.Second):
		t.Fatalf("the scanner did not connect: %+v", readers.States())
	}

	w := newWorkers(ctx)
	defer w.stop()
	// Every state the station publishes, in order: the book's outcome is
	// the one to wait for.
	states := make(chan circ.State, 64)
	st := circ.NewStation(env.Desk, env.Station, func(s circ.State) {
		select {
		case states <- s:
		case <-ctx.Done():
		}
	})
	w.Go(st.Run)
	var asked atomic.Int32
	// The first scan comes while the Devices tab shows; the second with the
	// kiosk back.
	w.Go(func(ctx context.Context) { feedStation(ctx, readers, st, func() bool { return asked.Add(1) > 1 }, nil) })
	send(t, master, card+"\r")
	send(t, master, book+"\r")

	timeout := time.After(5 * time.Second)
	for {
		select {
		case s := <-states:
			if s.Last == nil || s.Last.Item != book {
				continue
			}
			if s.Last.Code != circ.CodeNoPatron || s.Phase != circ.PhaseWelcome {
				t.Fatalf("the card read on the librarian's side reached the station: the book got %s in phase %s", s.Last.Code, s.Phase)
			}
			return
		case <-timeout:
			t.Fatal("the book never reached the station")
		}
	}
}

func send(t *testing.T, device *os.File, s string) {
	t.Helper()
	if _, err := device.Write([]byte(s)); err != nil {
		t.Fatalf("scanner: %v", err)
	}
}
