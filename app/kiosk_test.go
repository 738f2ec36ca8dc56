package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/circdesk/circdesk/circ"
)

func TestWedgeScanGreetsChildByFirstName(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.wedge(mayaCard)
	h := s.ui.kiosk.checkout.hello
	s.waitForText("greeting", h.greeting, "Hi Maya!")
	s.waitForText("how many more", h.canBorrow, "You can borrow 10 more books.")
	s.waitForText("prompt", h.prompt, "Put a book under the scanner.")

	shown := s.shownText()
	for _, private := range []string{"Lopez", mayaCard} {
		if strings.Contains(shown, private) {
			t.Errorf("the kiosk shows %q: only the first name may be shown", private)
		}
	}
}

func TestSlowTypingIsNotAScan(t *testing.T) {
	s := newStation(t, stationConfig{})
	for _, r := range mayaCard {
		s.typeRune(r)
		s.clock.Add(80 * time.Millisecond) // a quick person, far slower than a scanner
	}
	s.typeKey(fyne.KeyReturn)
	s.sync()
	if s.ui.state.Phase != circ.PhaseWelcome || s.ui.state.Last != nil {
		t.Fatalf("typed digits were taken for a scan: phase %s, last %+v", s.ui.state.Phase, s.ui.state.Last)
	}
	if !visible(s.ui.kiosk.checkout.welcome.title) {
		t.Fatal("the Welcome screen is gone after someone typed")
	}
	// What was typed is forgotten: the next real scan reads cleanly.
	s.wedge(mayaCard)
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
}

func TestAFocusedButtonDoesNotSwallowScans(t *testing.T) {
	s := newStation(t, stationConfig{})
	c := s.ui.win.Canvas()
	c.Focus(s.ui.kiosk.checkout.welcome.noCard) // as a Tab key on a keyboard does
	s.ui.guardFocus()
	if f := c.Focused(); f != nil {
		t.Fatalf("%T keeps the focus on the kiosk", f)
	}
	s.wedge(mayaCard)
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")

	// The librarian's search entry keeps the focus while they type.
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.SelectIndex(1)
	c.Focus(s.ui.librarian.patron.entry)
	s.ui.guardFocus()
	if c.Focused() != s.ui.librarian.patron.entry {
		t.Fatal("the focus guard took the focus from the librarian's search entry")
	}
}

func TestCheckoutSaysGotItWithTitleAndDueDate(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.wedge(lionBook)

	card := s.ui.kiosk.checkout.banner.card
	s.waitForText("banner headline", card.headline, "Got it!")
	s.waitForText("banner title", card.title, "The Lion Who Wanted to Fly")
	s.waitForText("banner due date", card.detail, "Due Tuesday, December 15")
	if card.kind != symbolOK || !visible(card.symbol) {
		t.Errorf("the banner shows no check symbol beside its words (kind %d)", card.kind)
	}

	h := s.ui.kiosk.checkout.hello
	s.waitForText("how many more", h.canBorrow, "You can borrow 9 more books.")
	if len(h.rows) != 1 {
		t.Fatalf("the session list has %d books, want 1", len(h.rows))
	}
	if got := h.rows[0].title.Text; got != "The Lion Who Wanted to Fly" {
		t.Errorf("book row title %q", got)
	}
	if got := h.rows[0].due.Text; got != "Due Tuesday, December 15" {
		t.Errorf("book row due %q", got)
	}

	s.scan(frogsBook)
	s.waitForText("second banner", card.title, "Frogs and Toads")
	if len(h.rows) != 2 || h.rows[0].title.Text != "Frogs and Toads" {
		t.Errorf("the newest book is not at the top of the list: %d rows", len(h.rows))
	}
}

func TestRefusalsShowTheReasonInWords(t *testing.T) {
	tests := []struct {
		name       string
		card, book string // book "": the card itself is refused
		headline   string
		reason     string
		welcome    bool // shown over the Welcome screen
	}{
		{name: "blocked card", card: leoCard, headline: "Sorry!",
			reason: "Your card needs the librarian. Please see the desk.", welcome: true},
		{name: "expired card", card: avaCard, headline: "Sorry!",
			reason: "Your card needs the librarian. Please see the desk.", welcome: true},
		{name: "overdue books", card: zoeCard, headline: "Sorry!",
			reason: "You have books that are late. Return them to borrow more.", welcome: true},
		{name: "unknown card", card: "424242", headline: "Sorry!",
			reason: "This card is not known here. Please see the librarian.", welcome: true},
		{name: "book on hold for someone else", card: mayaCard, book: moonBook, headline: "Not this one",
			reason: "This book is waiting for someone else. Please give it to the librarian."},
		{name: "book out to someone else", card: mayaCard, book: dinoBook, headline: "Not this one",
			reason: "This book is checked out to someone else. Please take it to the desk."},
		{name: "lost book", card: mayaCard, book: mapBook, headline: "Not this one",
			reason: "This book cannot be checked out. Please give it to the librarian."},
		{name: "book not in the catalog", card: mayaCard, book: unknownBook, headline: "Not this one",
			reason: "This book is not in the catalog. Please give it to the librarian."},
	}
	s := newStation(t, stationConfig{}) // one station: each case starts on a fresh Welcome screen
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.nextCase(t)
			if tt.book != "" {
				s.identify(tt.card, "Hi Maya!")
				s.scan(tt.book)
			} else {
				s.wedge(tt.card)
			}
			card := s.ui.kiosk.checkout.banner.card
			s.waitForText("reason", card.detail, tt.reason)
			s.waitForText("headline", card.headline, tt.headline)
			if card.kind != symbolStop || !visible(card.symbol) {
				t.Errorf("no stop symbol beside the words (kind %d)", card.kind)
			}
			if got := s.ui.kiosk.checkout.welcome.box.Visible(); got != tt.welcome {
				t.Errorf("Welcome screen under the banner: %v, want %v", got, tt.welcome)
			}
			if top := s.ui.win.Canvas().Overlays().Top(); top != nil {
				t.Errorf("a refusal opened a dialog or pop-up a child must dismiss: %T", top)
			}
			if tt.book != "" && len(s.ui.kiosk.checkout.hello.rows) != 0 {
				t.Error("a refused book was added to the session list")
			}
		})
	}
}

func TestBannerHidesByItself(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	b := s.ui.kiosk.checkout.banner
	s.waitForText("banner", b.card.headline, "Got it!")
	s.clock.Add(bannerOK - time.Millisecond)
	s.sync()
	if !b.up() {
		t.Fatalf("the banner went before %v, before the child could read it", bannerOK)
	}
	s.clock.Add(time.Millisecond)
	s.sync()
	if b.up() {
		t.Fatalf("the banner is still up after %v", bannerOK)
	}
	if !visible(s.ui.kiosk.checkout.hello.prompt) {
		t.Error("the Hello screen is not back after the banner")
	}
}

func TestRepeatedScanOfTheSameBookIsIgnored(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	s.waitForText("banner", s.ui.kiosk.checkout.banner.card.headline, "Got it!")
	s.ui.kiosk.checkout.banner.hide()
	s.scan(lionBook)
	s.sync()
	if s.ui.kiosk.checkout.banner.up() {
		t.Errorf("a double read of the same book brought up a banner: %q", s.ui.kiosk.checkout.banner.card.detail.Text)
	}
	if n := len(s.ui.kiosk.checkout.hello.rows); n != 1 {
		t.Errorf("the session list has %d books, want 1", n)
	}
}

func TestImDoneShowsTheSummary(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	s.waitForText("banner", s.ui.kiosk.checkout.banner.card.title, "The Lion Who Wanted to Fly")
	s.scan(frogsBook)
	s.waitForText("banner", s.ui.kiosk.checkout.banner.card.title, "Frogs and Toads")

	done := s.ui.kiosk.checkout.hello.done
	if h := done.Size().Height; h < 64 {
		t.Errorf("the I'm done button is %v px high: too small to touch", h)
	}
	test.Tap(done)
	f := s.ui.kiosk.checkout.finished
	s.waitForText("title", f.title, "All done, Maya!")
	s.waitForText("summary", f.summary, "2 books, due December 15.")
	if s.ui.kiosk.checkout.banner.up() {
		t.Error("a banner still covers the summary")
	}
}

func TestImDoneWithoutBooks(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	test.Tap(s.ui.kiosk.checkout.hello.done)
	f := s.ui.kiosk.checkout.finished
	s.waitForText("title", f.title, "All done, Maya!")
	s.waitForText("summary", f.summary, "See you next time!")
}

func TestScanResetsTheCountdown(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	bar := s.ui.kiosk.checkout.hello.bar
	s.ui.onTick()
	if bar.fraction < 0.99 {
		t.Fatalf("a new session's countdown starts at %.2f, want full", bar.fraction)
	}

	s.clock.Add(45 * time.Second)
	s.ui.onTick()
	if bar.fraction < 0.2 || bar.fraction > 0.3 {
		t.Fatalf("after 45 of 60 s the bar is at %.2f, want a quarter", bar.fraction)
	}

	s.scan(lionBook)
	s.waitForText("banner", s.ui.kiosk.checkout.banner.card.headline, "Got it!")
	s.ui.onTick()
	if bar.fraction < 0.99 {
		t.Fatalf("after a scan the bar is at %.2f, want full again", bar.fraction)
	}

	s.clock.Add(61 * time.Second)
	if _, err := s.st.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.waitForText("summary title", s.ui.kiosk.checkout.finished.title, "All done, Maya!")
	s.waitForText("summary", s.ui.kiosk.checkout.finished.summary, "1 book, due December 15.")
}

func TestShortTimeoutEndsTheSession(t *testing.T) {
	s := newStation(t, stationConfig{timeout: time.Second})
	s.identify(mayaCard, "Hi Maya!")
	bar := s.ui.kiosk.checkout.hello.bar
	s.ui.onTick()
	full := bar.fraction
	s.clock.Add(600 * time.Millisecond)
	s.ui.onTick()
	if bar.fraction >= full || bar.fraction > 0.5 {
		t.Errorf("the countdown bar did not shrink: %.2f after 0.6 of 1 s, %.2f at the start", bar.fraction, full)
	}
	s.clock.Add(400 * time.Millisecond)
	if _, err := s.st.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.waitForText("summary", s.ui.kiosk.checkout.finished.title, "All done, Maya!")
}

func TestNumberPadSendsTheNumberAsAScan(t *testing.T) {
	s := newStation(t, stationConfig{})
	w := s.ui.kiosk.checkout.welcome
	test.Tap(w.noCard)
	if !w.pad.box.Visible() || w.start.Visible() {
		t.Fatal("the number pad did not open")
	}
	for _, k := range []string{"1", "0", "0", "2", "3", "9", "erase", "4"} {
		test.Tap(w.pad.keys[k])
	}
	if got := w.pad.display.Text; got != mayaCard {
		t.Fatalf("the pad shows %q, want %q", got, mayaCard)
	}
	if h := w.pad.keys["ok"].Size().Height; h < 64 {
		t.Errorf("the OK key is %v px high: too small to touch", h)
	}
	test.Tap(w.pad.keys["ok"])
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
	if w.pad.digits != "" {
		t.Error("the pad keeps the number after OK")
	}
	// Back on Welcome later, the picture shows, not the pad.
	test.Tap(s.ui.kiosk.checkout.hello.done)
	s.waitForText("summary", s.ui.kiosk.checkout.finished.title, "All done, Maya!")
	if w.pad.box.Visible() {
		t.Error("the pad is still open under the summary")
	}
}

func TestNumberPadOKNeedsDigits(t *testing.T) {
	s := newStation(t, stationConfig{})
	w := s.ui.kiosk.checkout.welcome
	test.Tap(w.noCard)
	if !w.pad.keys["ok"].Disabled() {
		t.Fatal("OK can be tapped before any digit")
	}
	test.Tap(w.pad.back)
	if w.pad.box.Visible() || !w.start.Visible() {
		t.Fatal("Back did not return to the card picture")
	}
}

func TestDemoPanelScansThroughTheScannerPath(t *testing.T) {
	s := newStation(t, stationConfig{demo: []DemoSample{
		{Kind: "student", Name: "Maya (2-Kim)", Code: mayaCard},
		{Kind: "book", Name: "The Lion Who Wanted to Fly", Code: lionBook},
	}})
	if s.ui.demo == nil || len(s.ui.demo.buttons) != 2 {
		t.Fatal("no demo scanner panel with two samples")
	}
	if got := s.ui.demo.buttons[0].Text; got != "Student: Maya (2-Kim)" {
		t.Errorf("the first sample reads %q, want Student: Maya (2-Kim)", got)
	}
	test.Tap(s.ui.demo.buttons[0])
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
	test.Tap(s.ui.demo.buttons[1])
	s.waitForText("banner", s.ui.kiosk.checkout.banner.card.title, "The Lion Who Wanted to Fly")
}

func TestDemoPadSamplePutsTagsOnThePad(t *testing.T) {
	placed := make(chan string, 1)
	s := newStation(t, stationConfig{
		demo:    []DemoSample{{Kind: "pad_book", Name: "The Lion Who Wanted to Fly", Code: lionBook}},
		demoPad: func(code string) { placed <- code },
	})
	if got := s.ui.demo.buttons[0].Text; got != "On the RFID pad: The Lion Who Wanted to Fly" {
		t.Errorf("the pad sample reads %q", got)
	}
	test.Tap(s.ui.demo.buttons[0])
	select {
	case code := <-placed:
		if code != lionBook {
			t.Errorf("put %q on the pad, want %s", code, lionBook)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("tapping a pad sample put nothing on the pad")
	}
}

func TestNoDemoPanelByDefault(t *testing.T) {
	s := newStation(t, stationConfig{})
	if s.ui.demo != nil {
		t.Fatal("a demo scanner panel on a real station")
	}
}

func TestNotifyBeforeTheStationRuns(t *testing.T) {
	var nobody *UI
	nobody.Notify(circ.State{}) // the station published before New returned: ignored, no panic

	queue := make(chan func(), 16)
	u := newUI(packageApp(), nil, Options{}, func(f func()) { queue <- f }, wallClock{})
	t.Cleanup(func() { u.stop(); u.loops.Wait(); u.bg.wait(); u.win.Close() })
	u.Notify(circ.State{Station: "oak-kiosk-2", Phase: circ.PhaseWelcome, Mode: circ.ModeCheckout, Timeout: time.Minute})
	(<-queue)()
	if got := u.status.station.Text; got != "Station oak-kiosk-2" {
		t.Errorf("status bar shows %q after an early state", got)
	}
	if !u.kiosk.checkout.welcome.box.Visible() {
		t.Error("an early state did not leave the Welcome screen up")
	}
}
