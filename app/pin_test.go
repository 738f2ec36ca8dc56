package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/circdesk/circdesk/circ"
)

// pinLibrary is a library server whose patrons' PIN is pin.
type pinLibrary struct {
	fakeLibrary
	pin string
}

func (l *pinLibrary) CheckPassword(_ context.Context, _, password string) (bool, error) {
	return password == l.pin, nil
}

func TestATypedNumberAsksThePINOnThePad(t *testing.T) {
	s := newStation(t, stationConfig{library: &pinLibrary{pin: "2468"}, patronPIN: circ.PINTyped})
	w := s.ui.kiosk.checkout.welcome
	s.tapNumber(mayaCard)
	test.Tap(w.pad.keys["ok"])
	s.waitForText("PIN title", w.pad.title, "Now type your PIN")
	if w.pad.display.Text != "" || !visible(w.pad.display) {
		t.Fatalf("the PIN pad shows %q", w.pad.display.Text)
	}

	s.tapNumber("1111")
	if w.pad.display.Text != "●●●●" {
		t.Fatalf("the PIN is not hidden: %q", w.pad.display.Text)
	}
	test.Tap(w.pad.keys["ok"])
	s.waitForText("wrong PIN", w.pad.message, "That PIN is not right. Please type it again.")
	if w.pad.digits != "" || w.pad.display.Text != "" {
		t.Errorf("a wrong PIN stays on the pad: %q", w.pad.display.Text)
	}
	if s.ui.kiosk.checkout.hello.box.Visible() {
		t.Fatal("a wrong PIN opened the session")
	}

	s.tapNumber("2468")
	test.Tap(w.pad.keys["ok"])
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
	if w.pinMode || w.pad.title.Text != "Type your student number" {
		t.Error("the pad is still a PIN pad after the session began")
	}
}
