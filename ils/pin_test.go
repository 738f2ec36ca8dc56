package ils_test

import (
	"context"
	"testing"

	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// pinStation runs a kiosk station over w's cache with the PIN setting pin.
func pinStation(t *testing.T, w *world, pin circ.PatronPIN) *circ.Station {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st := circ.NewStation(w.station, circ.StationConfig{PatronPIN: pin}, nil)
	go st.Run(ctx)
	return st
}

func typed(n string) devices.Scan {
	return devices.Scan{Kind: devices.Typed, Value: n, Reader: "keypad"}
}

func TestPatronPINTypedCheckedWithTheServer(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, true)
	w.acs.PINs = map[string]string{ana: "2468", ben: "1357"}
	w.pass(t)
	st := pinStation(t, w, circ.PINTyped)

	s, err := st.Scan(ctx, typed(ana))
	if err != nil || !s.AskPIN || s.Phase != circ.PhaseWelcome || s.Patron.FirstName != "" {
		t.Fatalf("typed number: %+v %v, want the PIN asked and no session", s, err)
	}
	s, _ = st.PIN(ctx, "0000")
	if !s.AskPIN || s.Phase != circ.PhaseWelcome || s.Last == nil || s.Last.Code != circ.CodeWrongPIN {
		t.Fatalf("wrong PIN: %+v, want wrong_pin and the PIN asked again", s)
	}
	s, _ = st.PIN(ctx, "1357") // Ben's PIN is not Ana's
	if s.Phase == circ.PhaseActive {
		t.Fatal("another patron's PIN opened the session")
	}
	s, _ = st.PIN(ctx, "2468")
	if s.AskPIN || s.Phase != circ.PhaseActive || s.Patron.FirstName != "Ana" {
		t.Fatalf("right PIN: %+v, want Ana's session", s)
	}
	st.Done(ctx)

	// A card needs no PIN with "typed".
	s, _ = st.Scan(ctx, devices.Scan{Kind: devices.Card, Value: ben, Reader: "prox"})
	if s.AskPIN || s.Phase != circ.PhaseActive || s.Patron.FirstName != "Ben" {
		t.Fatalf("card with typed: %+v, want Ben's session at once", s)
	}

	// Cancel forgets the patron waiting.
	st.Done(ctx)
	st.Scan(ctx, typed(cal))
	if s, _ = st.CancelPIN(ctx); s.AskPIN || s.Phase != circ.PhaseWelcome {
		t.Fatalf("cancel: %+v", s)
	}
}

func TestPatronPINAlwaysAsksCards(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, true)
	w.acs.PINs = map[string]string{ben: "1357"}
	w.pass(t)
	st := pinStation(t, w, circ.PINAlways)
	s, _ := st.Scan(ctx, devices.Scan{Kind: devices.Card, Value: ben, Reader: "prox"})
	if !s.AskPIN || s.Phase != circ.PhaseWelcome {
		t.Fatalf("card with always: %+v, want the PIN asked", s)
	}
	if s, _ = st.PIN(ctx, "1357"); s.Phase != circ.PhaseActive {
		t.Fatalf("right PIN: %+v", s)
	}
}

func TestPatronPINTypedRefusedOffline(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, false)
	w.acs.PINs = map[string]string{ana: "2468"}
	st := pinStation(t, w, circ.PINTyped)
	s, err := st.Scan(ctx, typed(ana))
	if err != nil || s.AskPIN || s.Phase != circ.PhaseWelcome || s.Last == nil || s.Last.Code != circ.CodeTypedOffline {
		t.Fatalf("typed offline: %+v %v, want typed_offline", s, err)
	}
	if got := assets.English("code."+string(s.Last.Code), nil); got != "Please scan your card or ask the librarian." {
		t.Errorf("sentence %q", got)
	}
	// A card still works offline.
	s, _ = st.Scan(ctx, devices.Scan{Kind: devices.Card, Value: ben, Reader: "prox"})
	if s.Phase != circ.PhaseActive {
		t.Fatalf("card offline: %+v", s)
	}
}
