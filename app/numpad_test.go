package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// tapNumber opens the pad (when closed) and taps number on it, without OK.
func (s *station) tapNumber(number string) {
	w := s.ui.kiosk.checkout.welcome
	if !w.pad.box.Visible() {
		test.Tap(w.noCard)
	}
	for _, d := range number {
		test.Tap(w.pad.keys[string(d)])
	}
}

func TestANumberLeftOnThePadIsGoneForTheNextChild(t *testing.T) {
	s := newStation(t, stationConfig{timeout: 60 * time.Second})
	w := s.ui.kiosk.checkout.welcome
	s.tapNumber(mayaCard) // and walks away without OK
	s.clock.Add(30 * time.Second)
	s.ui.checkIdle()
	if w.pad.display.Text != mayaCard {
		t.Fatalf("the pad lost the number after 30 s: %q", w.pad.display.Text)
	}
	s.clock.Add(40 * time.Second) // 70 s: the next child
	s.ui.checkIdle()
	if w.pad.digits != "" || w.pad.display.Text != "" {
		t.Errorf("the next child finds %q on the pad", w.pad.display.Text)
	}
	if w.pad.box.Visible() || !w.start.Visible() {
		t.Error("the pad is still open for the next child")
	}
	if !w.pad.keys["ok"].Disabled() {
		t.Error("OK still borrows on the abandoned number")
	}
}

func TestAMistypedNumberKeepsThePadOpenToTryAgain(t *testing.T) {
	s := newStation(t, stationConfig{})
	w := s.ui.kiosk.checkout.welcome
	s.tapNumber("100235") // Maya's number, one digit off
	test.Tap(w.pad.keys["ok"])
	s.waitForText("not found", w.pad.message, "That number was not found. Check it and type it again.")
	if !visible(w.pad.display) || w.pad.display.Text != "" {
		t.Fatalf("after a mistyped number the pad is closed or keeps it: %q", w.pad.display.Text)
	}
	if s.ui.kiosk.checkout.banner.up() {
		t.Errorf("a mistyped number sends the child to the desk: %q", s.ui.kiosk.checkout.banner.card.detail.Text)
	}
	s.tapNumber(mayaCard)
	if w.pad.message.Visible() {
		t.Error("the \"not found\" line stays while the child types again")
	}
	test.Tap(w.pad.keys["ok"])
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
}
