package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// kitBook is a set in three parts: a book, a CD and a map.
const kitBook = "31234000000078"

var kitItem = circ.Item{Barcode: kitBook, Title: "Space Explorer Kit", Status: circ.Available, Parts: 3}

// fakeGate stands in for the RFID pads' AFI writes: it refuses the tags
// the test names, or every tag.
type fakeGate struct {
	mu        sync.Mutex
	refuseAll bool
	written   map[string]byte
}

func (g *fakeGate) WriteAFI(_ context.Context, uid string, afi byte) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refuseAll {
		return errors.New("the tag did not take the AFI")
	}
	if g.written == nil {
		g.written = map[string]byte{}
	}
	g.written[uid] = afi
	return nil
}

// rfidTag is what a pad reports for part part of a set of parts of item.
func rfidTag(item string, part, parts int) devices.Scan {
	return devices.Scan{Kind: devices.RFIDItem, Value: item, Reader: "Pad", Tag: map[string]string{
		devices.TagUID:        fmt.Sprintf("E00401%02d%s", part, item[len(item)-8:]),
		devices.TagItemID:     item,
		devices.TagAFI:        "07",
		devices.TagPartNumber: fmt.Sprint(part),
		devices.TagPartsInSet: fmt.Sprint(parts),
	}}
}

func TestRFIDCheckoutWhoseSecurityFailsSaysSoInTheGreenBanner(t *testing.T) {
	s := newStation(t, stationConfig{security: &fakeGate{refuseAll: true}})
	s.identify(mayaCard, "Hi Maya!")
	s.ui.submit(rfidTag(lionBook, 1, 1))

	card := s.ui.kiosk.checkout.banner.card
	s.waitForText("banner headline", card.headline, "Got it!")
	s.waitForText("banner title", card.title, "The Lion Who Wanted to Fly")
	s.waitForText("security warning", card.warning, "Security not cleared. Please take it to the desk.")
	if card.kind != symbolOK {
		t.Errorf("the checkout went through but the banner is not green (kind %d)", card.kind)
	}
	if !visible(card.warnSymbol) || card.warnSymbol.kind != symbolWarn {
		t.Error("the security warning has no warning symbol beside its words")
	}
	if strings.Contains(s.shownText(), "Lopez") {
		t.Error("the kiosk shows the last name")
	}

	// The next book, whose tag takes it, has no warning left over.
	s.ui.submit(devices.Scan{Kind: devices.Barcode, Value: frogsBook, Reader: "test"})
	s.waitForText("next banner", card.title, "Frogs and Toads")
	if card.warnBox.Visible() {
		t.Errorf("the warning of the last book stays up: %q", card.warning.Text)
	}
}

func TestRFIDSetWaitsForEveryPartInAmber(t *testing.T) {
	gate := &fakeGate{}
	s := newStation(t, stationConfig{security: gate, items: []circ.Item{kitItem}})
	s.identify(mayaCard, "Hi Maya!")
	card := s.ui.kiosk.checkout.banner.card

	s.ui.submit(rfidTag(kitBook, 1, 3))
	s.waitForText("parts headline", card.headline, "This set has 3 parts.")
	s.waitForText("one part seen", card.detail, "1 is on the pad. Put all of them on the pad.")
	s.ui.submit(rfidTag(kitBook, 2, 3))
	s.waitForText("two parts seen", card.detail, "2 are on the pad. Put all of them on the pad.")
	s.waitForText("the set's title", card.title, "Space Explorer Kit")
	if card.kind != symbolWarn || !visible(card.symbol) {
		t.Errorf("waiting for parts is not the amber card with its symbol (kind %d)", card.kind)
	}
	if len(s.ui.state.Books) != 0 {
		t.Fatalf("the set went out before every part was on the pad: %+v", s.ui.state.Books)
	}

	s.ui.submit(rfidTag(kitBook, 3, 3))
	s.waitForText("banner headline", card.headline, "Got it!")
	s.waitForText("banner title", card.title, "Space Explorer Kit")
	if card.kind != symbolOK || card.warnBox.Visible() {
		t.Errorf("a whole set is not a plain green banner (kind %d, warning %q)", card.kind, card.warning.Text)
	}
	gate.mu.Lock()
	defer gate.mu.Unlock()
	if len(gate.written) != 3 {
		t.Errorf("%d of the set's 3 tags were secured", len(gate.written))
	}
}

func TestRFIDSetAllowedOutNamesTheMissingParts(t *testing.T) {
	s := newStation(t, stationConfig{security: &fakeGate{}, items: []circ.Item{kitItem}, parts: circ.PartsAllow})
	s.identify(mayaCard, "Hi Maya!")
	card := s.ui.kiosk.checkout.banner.card
	s.ui.submit(rfidTag(kitBook, 1, 3))
	s.waitForText("banner headline", card.headline, "Got it!")
	s.waitForText("parts missing", card.warning, "Parts 2, 3 of 3 are missing. Please tell the librarian.")
}

func TestWarningWords(t *testing.T) {
	registerTranslations()
	tests := []struct {
		o       circ.Outcome
		checkin bool
		want    string
	}{
		{circ.Outcome{OK: true}, false, ""},
		{circ.Outcome{OK: true, Warning: circ.CodeSecurityNotCleared}, false, "Security not cleared. Please take it to the desk."},
		{circ.Outcome{OK: true, Warning: circ.CodeSecurityNotCleared}, true, "Security not set. Please give it to the librarian."},
		{circ.Outcome{OK: true, Warning: circ.CodePartsMissing, Parts: circ.Parts{Seen: 2, Total: 3, Missing: []int{3}}}, false,
			"Part 3 of 3 is missing. Please tell the librarian."},
		{circ.Outcome{OK: true, Warning: circ.CodePartsMissing}, false, "A part of this set is missing. Please tell the librarian."},
		{circ.Outcome{OK: true, Warning: circ.CodeBadCheckDigit}, false, "This barcode may be wrong. Please show the book to the librarian."},
	}
	for _, tc := range tests {
		if got := warningText(tc.o, tc.checkin); got != tc.want {
			t.Errorf("warning %q (check-in %v): %q, want %q", tc.o.Warning, tc.checkin, got, tc.want)
		}
	}
}

func TestUnsupportedTagIsRed(t *testing.T) {
	s := newStation(t, stationConfig{security: &fakeGate{}})
	s.identify(mayaCard, "Hi Maya!")
	// The drivers send an unreadable tag's UID as its value.
	s.ui.submit(devices.Scan{Kind: devices.RFIDItem, Value: "E004010012345678", Reader: "Pad", Tag: map[string]string{
		devices.TagUID: "E004010012345678", devices.TagError: "blank tag",
	}})
	card := s.ui.kiosk.checkout.banner.card
	s.waitForText("banner headline", card.headline, "Not this one")
	s.waitForText("reason", card.detail, "This book's tag cannot be read. Please give it to the librarian.")
	if card.kind != symbolStop {
		t.Errorf("an unreadable tag is not the red stop card (kind %d)", card.kind)
	}
}

func TestRFIDReturnWhoseSecurityFailsSaysItIsNotSet(t *testing.T) {
	s := newStation(t, stationConfig{security: &fakeGate{refuseAll: true}})
	s.switchMode("Check-in", circ.ModeCheckin)
	r := s.ui.kiosk.returns
	s.ui.submit(rfidTag(dinoBook, 1, 1))
	s.waitForText("returned", r.result.title, "Dinosaur Days")
	if r.result.headline.Text != "Returned!" {
		t.Errorf("the returns headline is %q", r.result.headline.Text)
	}
	s.waitForText("security", r.result.warning, "Security not set. Please give it to the librarian.")
	if !visible(r.result.warnSymbol) {
		t.Error("the security line has no warning symbol")
	}
}
