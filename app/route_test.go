package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// stationState asks the station for its state through the window's queue
// of requests: every request the window sent before has been served when
// it answers, so it is a barrier for them.
func (s *station) stationState() circ.State {
	s.t.Helper()
	done := make(chan circ.State, 1)
	s.ui.send("barrier", func(ctx context.Context) error {
		st, err := s.st.State(ctx)
		done <- st
		return err
	})
	select {
	case st := <-done:
		return st
	case <-time.After(3 * time.Second):
		s.t.Fatal("the station did not answer")
	}
	return circ.State{}
}

func TestDevicesTestAreaShowsEveryScanAndLendsNothing(t *testing.T) {
	d := schoolDevices()
	s := newStation(t, stationConfig{devices: d})
	v := s.openDevices(2)
	s.waitFor("the live view", func() bool { fn, _ := d.listening(); return fn != nil })
	if s.ui.ScansToStation() {
		t.Error("the readers' scans go to the station while the Devices tab shows")
	}

	// The keyboard scanner: a card, then a book.
	s.wedge(mayaCard)
	s.wedge(lionBook)
	// A reader's scan.
	go d.send(devices.Scan{Kind: devices.Card, Value: samCard, Reader: "Card reader"})
	s.waitFor("three scans in the test area", func() bool { return len(v.scans) == 3 })
	if v.scans[2].Reader != "keyboard" || v.scans[2].Value != mayaCard || v.scans[1].Value != lionBook {
		t.Errorf("the test area lists %+v", v.scans)
	}

	st := s.stationState()
	if st.Phase != circ.PhaseWelcome || st.Last != nil {
		t.Errorf("a scan on the Devices tab reached the station: phase %s, last %+v", st.Phase, st.Last)
	}
	rows, err := s.st.Today(context.Background())
	if err != nil || len(rows) != 0 {
		t.Errorf("the journal has %d rows (%v): the test area lent a book", len(rows), err)
	}
}

func TestLibrarianViewsTakeNoScansForTheHiddenKiosk(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.ui.tabs.SelectIndex(1) // Librarian → Today
	l := s.ui.librarian
	s.waitForText("the line", l.scanLine, "Scans go to the kiosk when it is showing.")
	if s.ui.ScansToStation() {
		t.Error("the readers' scans go to the hidden kiosk")
	}
	s.wedge(mayaCard)
	if st := s.stationState(); st.Phase != circ.PhaseWelcome {
		t.Fatalf("a card scanned on the Today tab started a session at the hidden kiosk (phase %s)", st.Phase)
	}

	// Back on the kiosk, scans go there again.
	s.ui.tabs.SelectIndex(0)
	if !s.ui.ScansToStation() {
		t.Error("the readers' scans do not go to the kiosk")
	}
	s.wedge(mayaCard)
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
}

func TestCheckinAtTheDesk(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.switchMode("Check-in", circ.ModeCheckin)
	s.ui.tabs.SelectIndex(1)
	l := s.ui.librarian
	s.waitForText("the line", l.scanLine, "Check-in at the desk: scan a book to return it.")
	if !s.ui.ScansToStation() {
		t.Error("check-in at the desk takes no scans from the readers")
	}
	s.wedge(oceanBook)
	s.waitForText("the desk's line", l.scanLine, "Returned: Ocean Secrets Hold shelf: Sam.")
}

// radioOption is the tappable option of the librarian's mode switch that
// reads label.
func (s *station) radioOption(label string) fyne.Tappable {
	s.t.Helper()
	for _, o := range test.WidgetRenderer(s.ui.librarian.mode).Objects() {
		if w, ok := o.(fyne.Widget); ok && strings.Contains(test.RenderObjectToMarkup(w), label) {
			if tp, ok := o.(fyne.Tappable); ok {
				return tp
			}
		}
	}
	s.t.Fatalf("no %q option on the mode switch", label)
	return nil
}

// A librarian taps Check-in and scans at once: the scan is a return, not
// lost (the tapped option kept the keyboard's focus and ate the scanner's
// keys, and the mode reached the window only after the station answered).
func TestModeChangeThenScanAtOnce(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.ui.tabs.SelectIndex(1)
	test.Tap(s.radioOption("Check-in"))
	s.wedge(oceanBook)
	s.waitForText("the desk's line", s.ui.librarian.scanLine, "Returned: Ocean Secrets Hold shelf: Sam.")

	// And on the kiosk: back to checkout, a card at once.
	test.Tap(s.radioOption("Checkout"))
	s.ui.tabs.SelectIndex(0)
	s.wedge(mayaCard)
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
}
