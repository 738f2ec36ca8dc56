package app

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// switchMode picks a mode on the librarian's switch and waits for the station.
func (s *station) switchMode(label string, m circ.Mode) {
	s.t.Helper()
	s.ui.librarian.mode.SetSelected(label)
	s.waitFor("mode "+string(m), func() bool { return s.ui.state.Mode == m })
}

func TestCheckinShowsReturnedAndHoldShelf(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.switchMode("Check-in", circ.ModeCheckin)
	r := s.ui.kiosk.returns
	s.waitForText("heading", r.prompt, "Returning books")
	if r.how.Text != "Put a book under the scanner." || !visible(r.picture) {
		t.Errorf("before a return: %q, picture shown %v; want what to do and the picture", r.how.Text, visible(r.picture))
	}

	s.wedge(oceanBook)
	s.waitForText("returned", r.result.title, "Ocean Secrets")
	if r.result.headline.Text != "Returned!" || visible(r.picture) {
		t.Errorf("the returns headline is %q (picture shown %v), want Returned! and the card in place of the picture", r.result.headline.Text, visible(r.picture))
	}
	s.waitForText("hold card", r.hold.headline, "Hold shelf: Sam")
	if r.hold.kind != symbolHold || !visible(r.hold.symbol) {
		t.Errorf("the hold card has no hold symbol (kind %d)", r.hold.kind)
	}
	if strings.Contains(s.shownText(), "Okafor") {
		t.Error("the hold card shows the waiting patron's last name")
	}

	s.scan(lionBook)
	s.waitForText("not on loan", r.result.detail, "It was not checked out.")
	if r.hold.box.Visible() {
		t.Error("the hold card of the previous book is still up")
	}
}

func TestCheckinFlagsALostBook(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.switchMode("Check-in", circ.ModeCheckin)
	r := s.ui.kiosk.returns
	s.scan(mapBook)
	s.waitForText("returned", r.result.title, "The Lost Map")
	if r.result.headline.Text != "Returned!" {
		t.Errorf("the returns headline is %q", r.result.headline.Text)
	}
	s.waitForText("lost", r.result.detail, "This book was marked lost. Give it to the librarian.")
	if r.result.kind != symbolStop {
		t.Errorf("a lost book is not flagged with the stop symbol (kind %d)", r.result.kind)
	}
}

func TestModeSwitchBackToCheckout(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.switchMode("Check-in", circ.ModeCheckin)
	if !visible(s.ui.kiosk.returns.prompt) {
		t.Fatal("check-in mode does not show the returns screen")
	}
	s.switchMode("Checkout", circ.ModeCheckout)
	if !visible(s.ui.kiosk.checkout.welcome.title) {
		t.Fatal("checkout mode does not show the Welcome screen")
	}
}

func TestRenewMode(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.switchMode("Checkout", circ.ModeCheckout)
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	s.waitForText("checked out", s.ui.kiosk.checkout.banner.card.headline, "Got it!")
	s.switchMode("Renew", circ.ModeRenew)
	s.identify(mayaCard, "Hi Maya!")
	s.waitForText("prompt", s.ui.kiosk.checkout.hello.prompt, "Put a book under the scanner to renew it.")
	if got := s.ui.kiosk.checkout.hello.canBorrow.Text; got != "You can renew the books you have." {
		t.Errorf("renewing, the kiosk says %q", got)
	}
	s.clock.Add(3 * time.Second)
	s.scan(lionBook)
	s.waitForText("renewed", s.ui.kiosk.checkout.banner.card.headline, "Renewed!")
}

func TestTodayListsTransactionsNewestFirst(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	s.waitForText("banner", s.ui.kiosk.checkout.banner.card.title, "The Lion Who Wanted to Fly")
	s.clock.Add(time.Minute)
	s.scan(moonBook)
	s.waitForText("refusal", s.ui.kiosk.checkout.banner.card.title, "Moon Garden")

	s.ui.tabs.SelectIndex(1)
	today := s.ui.librarian.today
	s.waitFor("two rows in Today", func() bool { return len(today.rows) == 2 })
	want := [][]string{
		{"10:01:00", "Checkout", "Moon Garden", "Maya Lopez", "Refused: On hold for another patron"},
		{"10:00:00", "Checkout", "The Lion Who Wanted to Fly", "Maya Lopez", "OK: Checked out"},
	}
	for row, cols := range want {
		for col, w := range cols {
			if got := today.cell(row, col); got != w {
				t.Errorf("row %d column %s: %q, want %q", row, today.header(col), got, w)
			}
		}
	}

	// A new transaction shows without pressing Refresh.
	s.clock.Add(time.Minute)
	s.scan(frogsBook)
	s.waitFor("a third row", func() bool { return len(today.rows) == 3 })
	if got := today.cell(0, colItem); got != "Frogs and Toads" {
		t.Errorf("the newest row is %q, want Frogs and Toads", got)
	}
}

func TestPatronSearchShowsLoansAndOverdue(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.SelectIndex(1)
	p := s.ui.librarian.patron
	s.ui.win.Canvas().Focus(p.entry)
	test.Type(p.entry, zoeCard)
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	s.waitForText("name", p.name, "Zoe Park (100999)")
	if p.source.Text != "From the school roster" {
		t.Errorf("where the patron is from: %q", p.source.Text)
	}
	if p.name.Size().Height == 0 || p.rows[0].title.Size().Height == 0 {
		t.Fatal("the patron's name and loans are not laid out: they cannot be seen")
	}
	if len(p.rows) != 1 {
		t.Fatalf("%d loans shown, want 1", len(p.rows))
	}
	r := p.rows[0]
	if r.title.Text != "Dinosaur Days" || !r.overdue {
		t.Errorf("loan %q overdue %v, want Dinosaur Days overdue", r.title.Text, r.overdue)
	}
	if r.due.Text != "Overdue: due Friday, November 20" {
		t.Errorf("overdue line %q", r.due.Text)
	}

	p.entry.SetText(leoCard)
	test.Tap(p.find)
	s.waitForText("blocked", p.standing, "Blocked: damaged book")

	p.entry.SetText(samCard)
	test.Tap(p.find)
	s.waitForText("Sam's holds", p.holds, "Holds: Moon Garden (on the hold shelf); Ocean Secrets")

	p.entry.SetText("555")
	test.Tap(p.find)
	s.waitForText("not found", p.message, "No patron has the card number or name 555.")

	// By name: one match shows the patron at once.
	p.entry.SetText("zoe park")
	test.Tap(p.find)
	s.waitForText("by name", p.name, "Zoe Park (100999)")
	// Several: a list to choose from.
	p.entry.SetText("a")
	test.Tap(p.find)
	s.waitFor("the matches", func() bool { return len(p.matches) > 1 })
	var ava *widget.Button
	for _, b := range p.matches {
		if strings.HasPrefix(b.Text, "Ava Chen") {
			ava = b
		}
	}
	if ava == nil {
		t.Fatalf("Ava Chen is not among the matches for \"a\"")
	}
	test.Tap(ava)
	s.waitForText("the chosen patron", p.name, "Ava Chen (100888)")
}

func TestTypingInTheSearchIsNotAScan(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.SelectIndex(1)
	p := s.ui.librarian.patron
	c := s.ui.win.Canvas()
	c.Focus(p.entry)
	// Keys go to the focused entry, never to the wedge detector, however fast.
	s.wedge(mayaCard)
	s.waitForText("search result", p.name, "Maya Lopez (100234)")
	s.sync()
	if s.ui.state.Phase != circ.PhaseWelcome {
		t.Fatalf("the search started a kiosk session: phase %s", s.ui.state.Phase)
	}
	// After the search the entry lets go of the keys: a scanner works again.
	if c.Focused() != nil {
		t.Fatal("the search entry keeps the focus after searching")
	}
	s.ui.tabs.SelectIndex(0)
	s.wedge(mayaCard)
	s.waitForText("greeting", s.ui.kiosk.checkout.hello.greeting, "Hi Maya!")
}

func TestStatusBar(t *testing.T) {
	s := newStation(t, stationConfig{})
	b := s.ui.status
	s.waitForText("station", b.station, "Station oak-kiosk-1")
	s.waitForText("no server", b.online, "No library server")
	s.waitForText("nothing pending", b.pending, "Nothing waiting to send")
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	s.waitForText("pending", b.pending, "1 waiting to send")
	s.scan(frogsBook)
	s.waitForText("pending", b.pending, "2 waiting to send")
}

// A card refused at the kiosk (blocked) is on Today, with the student's name.
func TestTodayListsARefusedCard(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.scan(leoCard)
	s.waitFor("the refusal", func() bool { return s.ui.state.Last != nil && s.ui.state.Last.Code == circ.CodePatronBlocked })
	s.ui.tabs.SelectIndex(1)
	today := s.ui.librarian.today
	s.waitFor("the row in Today", func() bool { return len(today.rows) == 1 })
	if got := []string{today.cell(0, colItem), today.cell(0, colPatron), today.cell(0, colResult)}; got[1] != "Leo Brandt" || got[2] != "Refused: Card blocked" {
		t.Errorf("Today says %q for a blocked card", got)
	}
}

// A mode change is a librarian action the audit keeps.
func TestModeChangeIsAudited(t *testing.T) {
	var mu sync.Mutex
	var got []string
	s := newStation(t, stationConfig{audit: func(a circ.AuditAction, d string) {
		mu.Lock()
		got = append(got, string(a)+" "+d)
		mu.Unlock()
	}})
	s.switchMode("Check-in", circ.ModeCheckin)
	s.waitFor("the audit", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1 && got[0] == "mode_change checkin"
	})
}
