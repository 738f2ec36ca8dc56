package circ_test

import (
	"context"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// startStation runs a station over the fixture until the test ends.
func startStation(t *testing.T, mode circ.Mode) (*circ.Station, *fakeClock, *circ.Desk) {
	t.Helper()
	_, desk, clock := openFixture(t)
	st := circ.NewStation(desk, circ.StationConfig{Mode: mode}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go st.Run(ctx)
	return st, clock, desk
}

func scan(t *testing.T, st *circ.Station, code string) circ.State {
	t.Helper()
	s, err := st.Scan(context.Background(), devices.Scan{Kind: devices.Barcode, Value: code, Reader: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSessionFlow(t *testing.T) {
	ctx := context.Background()
	st, clock, desk := startStation(t, circ.ModeCheckout)

	s := scan(t, st, free1)
	if s.Phase != circ.PhaseWelcome || s.Last == nil || s.Last.Code != circ.CodeNoPatron {
		t.Fatalf("a book before a card: %+v, want the welcome screen asking for the card first", s)
	}
	clock.Add(time.Second)
	s = scan(t, st, "A"+maya+"B") // Codabar framing is stripped
	if s.Phase != circ.PhaseActive || s.Patron.FirstName != "Maya" || s.Patron.CanBorrow != 7 || s.Last != nil {
		t.Fatalf("after Maya's card: %+v, want Hi Maya with 7 more books allowed", s)
	}
	if want := monday.Add(time.Second + circ.DefaultTimeout); !s.Deadline.Equal(want) {
		t.Errorf("deadline %v, want %v", s.Deadline, want)
	}
	clock.Add(3 * time.Second)
	s = scan(t, st, free1)
	if len(s.Books) != 1 || s.Books[0].Title != "Charlotte's Web" || s.Last == nil || !s.Last.OK || s.Patron.CanBorrow != 6 || s.Pending != 1 {
		t.Fatalf("after a book: %+v, want one book, Got it, 6 more allowed, 1 pending", s)
	}
	if want := monday.Add(4*time.Second + circ.DefaultTimeout); !s.Deadline.Equal(want) {
		t.Errorf("a scan did not reset the countdown: deadline %v, want %v", s.Deadline, want)
	}
	// The same book again, at once and later, is silently ignored.
	clock.Add(500 * time.Millisecond)
	scan(t, st, free1)
	clock.Add(5 * time.Second)
	s = scan(t, st, free1)
	if len(s.Books) != 1 {
		t.Errorf("a repeated scan added a book: %d books", len(s.Books))
	}
	rows, _ := desk.Store.Journal(ctx, circ.JournalFilter{})
	if len(rows) != 1 {
		t.Errorf("%d journal rows after repeated scans of one book, want 1", len(rows))
	}
	clock.Add(time.Second)
	s = scan(t, st, samsBook)
	if s.Last == nil || s.Last.OK || s.Last.Code != circ.CodeOnLoanToOther || len(s.Books) != 1 {
		t.Errorf("a book out to Sam: %+v, want a refusal that adds no book", s.Last)
	}
	s, err := st.Done(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Phase != circ.PhaseFinished || len(s.Books) != 1 || s.Patron.FirstName != "Maya" {
		t.Fatalf("after Done: %+v, want the All done summary for Maya", s)
	}
	clock.Add(circ.FinishedLinger)
	s, _ = st.Tick(ctx)
	if s.Phase != circ.PhaseWelcome || s.Patron.FirstName != "" || len(s.Books) != 0 {
		t.Fatalf("after the summary: %+v, want the welcome screen with nothing of Maya", s)
	}
}

func TestSessionTimeout(t *testing.T) {
	ctx := context.Background()
	st, clock, _ := startStation(t, circ.ModeCheckout)
	scan(t, st, maya)
	clock.Add(50 * time.Second)
	scan(t, st, free1) // resets the countdown
	clock.Add(50 * time.Second)
	if s, _ := st.Tick(ctx); s.Phase != circ.PhaseActive {
		t.Fatalf("the session ended 50 s after the last scan: %+v", s.Phase)
	}
	clock.Add(11 * time.Second)
	s, _ := st.Tick(ctx)
	if s.Phase != circ.PhaseFinished {
		t.Fatalf("60 s idle: phase %s, want finished", s.Phase)
	}
	clock.Add(circ.FinishedLinger)
	if s, _ := st.Tick(ctx); s.Phase != circ.PhaseWelcome {
		t.Fatalf("after the summary: phase %s, want welcome", s.Phase)
	}
}

func TestNextPatronEndsSession(t *testing.T) {
	st, clock, _ := startStation(t, circ.ModeCheckout)
	scan(t, st, maya)
	scan(t, st, free1)
	clock.Add(3 * time.Second)
	s := scan(t, st, sam)
	if s.Phase != circ.PhaseActive || s.Patron.FirstName != "Sam" || len(s.Books) != 0 {
		t.Fatalf("the next patron's card: %+v, want a fresh session for Sam", s)
	}
}

func TestPatronRefusals(t *testing.T) {
	tests := []struct {
		card string
		code circ.Code
	}{
		{bob, circ.CodePatronBlocked},
		{eve, circ.CodeCardExpired},
		{omar, circ.CodeTooManyOverdue},
		{"7777777", circ.CodePatronNotFound},
	}
	for _, tt := range tests {
		st, _, _ := startStation(t, circ.ModeCheckout)
		s := scan(t, st, tt.card)
		if s.Phase != circ.PhaseWelcome || s.Last == nil || s.Last.Code != tt.code || s.Patron.FirstName != "" {
			t.Errorf("card %s: %+v, want welcome with %s", tt.card, s, tt.code)
		}
	}
}

func TestCheckinMode(t *testing.T) {
	st, clock, _ := startStation(t, circ.ModeCheckin)
	s := scan(t, st, heldOut)
	if s.Last == nil || s.Last.Code != circ.CodeHoldShelf || s.Last.HoldFor != "Sam" || s.Last.Title != "Wonder" {
		t.Fatalf("returning a held book: %+v, want hold shelf for Sam", s.Last)
	}
	clock.Add(3 * time.Second)
	s = scan(t, st, samsBook)
	if s.Last == nil || s.Last.Code != circ.CodeReturned || !s.Last.OK {
		t.Fatalf("returning a book: %+v", s.Last)
	}
	// In check-in mode a patron card starts no session.
	clock.Add(3 * time.Second)
	if s = scan(t, st, maya); s.Phase != circ.PhaseWelcome || s.Last == nil || s.Last.Code != circ.CodeCardNotBook {
		t.Errorf("a card in check-in mode: %+v, want no session and a word that it is a card", s)
	}
}

func TestRenewMode(t *testing.T) {
	ctx := context.Background()
	st, clock, _ := startStation(t, circ.ModeCheckout)
	if _, err := st.SetMode(ctx, circ.ModeRenew); err != nil {
		t.Fatal(err)
	}
	scan(t, st, maya)
	clock.Add(time.Second)
	s := scan(t, st, mayasBook)
	if s.Last == nil || s.Last.Code != circ.CodeRenewed || len(s.Books) != 1 {
		t.Fatalf("renewing Maya's book: %+v", s.Last)
	}
	clock.Add(time.Second)
	s = scan(t, st, free1)
	if s.Last == nil || s.Last.Code != circ.CodeNotYours {
		t.Fatalf("renewing a book on the shelf: %+v, want not yours", s.Last)
	}
}

func TestNotifyReportsEveryChange(t *testing.T) {
	_, desk, _ := openFixture(t)
	got := make(chan circ.State, 16)
	st := circ.NewStation(desk, circ.StationConfig{}, func(s circ.State) { got <- s })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go st.Run(ctx)
	if _, err := st.Scan(ctx, devices.Scan{Value: maya}); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Second)
	for {
		select {
		case s := <-got:
			if s.Patron.FirstName == "Maya" {
				return
			}
		case <-deadline:
			t.Fatal("notify never reported Maya's session")
		}
	}
}

// TestProxCardMatchesAnyRendering: an EM4100 reader sends the card's hex
// number, but the school enrolled its printed decimal number.
func TestProxCardMatchesAnyRendering(t *testing.T) {
	st, _, _ := startStation(t, circ.ModeCheckout)
	s, err := st.Scan(context.Background(), devices.Scan{Kind: devices.Card, Value: "13005D1DA5", Tag: map[string]string{
		devices.CardHex: "13005D1DA5", devices.CardDecimal: mayaBar, devices.CardFacilityCard: "093,07589",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Phase != circ.PhaseActive || s.Patron.FirstName != "Maya" {
		t.Fatalf("a prox card enrolled by another rendering: %+v", s)
	}
}
