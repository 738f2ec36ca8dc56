package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// fakeLibrary is a library server whose answers a test writes as funcs; a
// nil func answers yes (and Ping answers).
type fakeLibrary struct {
	checkout func(circ.LibraryRequest) (circ.LibraryAnswer, error)
	ping     func() error
}

func (f *fakeLibrary) Checkout(_ context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	if f.checkout != nil {
		return f.checkout(r)
	}
	return circ.LibraryAnswer{OK: true, Due: r.Due}, nil
}

func (f *fakeLibrary) Checkin(context.Context, circ.LibraryRequest) (circ.LibraryAnswer, error) {
	return circ.LibraryAnswer{OK: true}, nil
}

func (f *fakeLibrary) Renew(_ context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	return circ.LibraryAnswer{OK: true, Due: r.Due}, nil
}

func (f *fakeLibrary) ItemState(context.Context, string) (circ.LibraryItem, error) {
	return circ.LibraryItem{Found: true}, nil
}

func (f *fakeLibrary) Patron(context.Context, string) (circ.LibraryPatron, error) {
	return circ.LibraryPatron{}, nil // not found: the cache stays as it is
}

func (f *fakeLibrary) Ping(context.Context) error {
	if f.ping != nil {
		return f.ping()
	}
	return nil
}

// refuseOnReplay checks book out at the kiosk (a session must be active)
// and settles its journal row as the library server's refusal, through the
// real storage: an open exception. It returns the journal row.
func (s *station) refuseOnReplay(book string, code circ.ExceptionCode, message string) int64 {
	s.t.Helper()
	s.scan(book)
	s.waitFor("checkout of "+book, func() bool {
		l := s.ui.state.Last
		return l != nil && l.Item == book && l.OK
	})
	id := s.ui.state.Last.Txn
	err := s.desk.Store.Settle(context.Background(), circ.Settlement{
		Txn: id, Sync: circ.SyncException, Code: code, Message: message, At: s.clock.Now(),
	})
	if err != nil {
		s.t.Fatalf("settle journal row %d as an exception: %v", id, err)
	}
	return id
}

// openExceptions shows the librarian's Exceptions tab.
func (s *station) openExceptions() *exceptionsView {
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.SelectIndex(tabExceptions)
	return s.ui.librarian.exceptions
}

// storedException reads exception id from the store, open or not.
func (s *station) storedException(id int64) circ.Exception {
	s.t.Helper()
	all, err := s.desk.Store.Exceptions(context.Background(), circ.ExceptionFilter{})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, e := range all {
		if e.ID == id {
			return e
		}
	}
	s.t.Fatalf("no exception %d in the store", id)
	return circ.Exception{}
}

// dialogButton finds the button labelled text in the dialog on top of the
// window, nil when there is none.
func (s *station) dialogButton(text string) *widget.Button {
	top := s.ui.win.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return findButton(top, text)
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
		return b
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if b := findButton(k, text); b != nil {
			return b
		}
	}
	return nil
}

func TestExceptionsTabListsOpenExceptionsNewestFirst(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.refuseOnReplay(lionBook, circ.ExOnHold, "Item on hold for another patron")
	s.clock.Add(time.Minute)
	s.refuseOnReplay(frogsBook, circ.ExOnLoanToOther, "Item checked out to another patron")

	x := s.openExceptions()
	s.waitFor("two exceptions", func() bool { return len(x.rows) == 2 })
	want := [][]string{
		{"Dec 1 10:01:00", "Out to another patron at the library", "Checkout", "Frogs and Toads (" + frogsBook + ")", "Maya Lopez", "Item checked out to another patron", "Open"},
		{"Dec 1 10:00:00", "On hold for another patron at the library", "Checkout", "The Lion Who Wanted to Fly (" + lionBook + ")", "Maya Lopez", "Item on hold for another patron", "Open"},
	}
	for row, cols := range want {
		for col, w := range cols {
			if got := x.cell(row, col); got != w {
				t.Errorf("row %d column %s: %q, want %q", row, x.header(col), got, w)
			}
		}
	}
	if x.retry.Disabled() == false || x.resolve.Disabled() == false {
		t.Error("Retry and Resolve are enabled with nothing selected")
	}
	if got := s.ui.status.exceptions.Text; got != "2 exceptions to check" || !visible(s.ui.status.exceptions) {
		t.Errorf("status bar: %q (visible %v), want 2 exceptions to check", got, visible(s.ui.status.exceptions))
	}

	// Filter by problem.
	x.code.SetSelected("On hold for another patron at the library")
	s.waitFor("the on-hold exception only", func() bool { return len(x.rows) == 1 && x.rows[0].Txn.Item == lionBook })

	// Sort by item, then back by time.
	x.code.SetSelected("Every problem")
	s.waitFor("both exceptions", func() bool { return len(x.rows) == 2 })
	x.sortBy(exColItem)
	if x.rows[0].Txn.Item != frogsBook { // by title: Frogs before The Lion
		t.Errorf("sorted by item, the first row is %q", x.cell(0, exColItem))
	}
	x.sortBy(exColTime)
	if x.rows[0].Txn.Item != frogsBook {
		t.Errorf("sorted by time, the first row is %q, want the newest", x.cell(0, exColItem))
	}

	// The count is for the librarian: the kiosk does not show it.
	s.ui.tabs.SelectIndex(0)
	if s.ui.status.exBox.Visible() {
		t.Error("the kiosk's status bar shows the exceptions count")
	}
}

func TestRetryPutsTheTransactionBackInTheQueue(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	txn := s.refuseOnReplay(lionBook, circ.ExOnHold, "Item on hold for another patron")

	x := s.openExceptions()
	s.waitFor("the exception", func() bool { return len(x.rows) == 1 })
	id := x.rows[0].ID
	x.table.Select(widget.TableCellID{Row: 0, Col: exColProblem})
	if x.retry.Disabled() {
		t.Fatal("Retry is disabled on a selected open exception")
	}
	test.Tap(x.retry)
	s.waitFor("the list without it", func() bool { return len(x.rows) == 0 })
	s.waitForText("message", x.message, "Sent again: it goes to the library server with the next replay.")
	if top := s.ui.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Retry asked for a confirmation (%T): it is safe", top)
	}

	pending, err := s.desk.Store.Journal(context.Background(), circ.JournalFilter{Sync: circ.Pending})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(pending, func(r circ.Transaction) bool { return r.ID == txn }) {
		t.Errorf("journal row %d is not pending again after Retry", txn)
	}
	if e := s.storedException(id); e.Resolved.IsZero() {
		t.Error("the retried exception is still open")
	}

	// All shows it, closed.
	x.show.SetSelected("All")
	s.waitFor("the closed exception", func() bool { return len(x.rows) == 1 })
	if got := x.cell(0, exColStatus); !strings.HasPrefix(got, "Resolved: ") {
		t.Errorf("status of a retried exception: %q", got)
	}
	x.table.Select(widget.TableCellID{Row: 0, Col: exColProblem})
	if !x.retry.Disabled() || !x.resolve.Disabled() {
		t.Error("a closed exception can be retried or resolved again")
	}
}

func TestResolveNeedsANoteAndAConfirmation(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.refuseOnReplay(lionBook, circ.ExOnHold, "Item on hold for another patron")

	x := s.openExceptions()
	s.waitFor("the exception", func() bool { return len(x.rows) == 1 })
	id := x.rows[0].ID
	x.table.Select(widget.TableCellID{Row: 0, Col: exColProblem})

	// No note: refused, and nothing asked or sent.
	for _, note := range []string{"", "   "} {
		x.note.SetText(note)
		test.Tap(x.resolve)
		s.waitForText("needs a note", x.message, "Write in the note what you did about it, then press Resolve.")
		if top := s.ui.win.Canvas().Overlays().Top(); top != nil {
			t.Fatalf("Resolve with note %q opened %T", note, top)
		}
	}
	s.sync()
	if e := s.storedException(id); !e.Resolved.IsZero() {
		t.Fatal("an exception was resolved without a note")
	}

	// A note, then Cancel: still open.
	s.ui.win.Canvas().Focus(x.note)
	test.Type(x.note, "Gave the book to Sam's hold shelf")
	test.Tap(x.resolve)
	if b := s.dialogButton("Cancel"); b == nil {
		t.Fatal("Resolve with a note asks for no confirmation")
	} else {
		test.Tap(b)
	}
	s.sync()
	if e := s.storedException(id); !e.Resolved.IsZero() || len(x.rows) != 1 {
		t.Fatal("a cancelled Resolve resolved the exception")
	}

	// Confirmed: resolved with the note, gone from the open list.
	test.Tap(x.resolve)
	b := s.dialogButton("Resolve")
	if b == nil {
		t.Fatal("no Resolve button in the confirmation")
	}
	if !strings.Contains(s.shownText(), "Note: Gave the book to Sam") {
		t.Error("the confirmation does not repeat the note")
	}
	test.Tap(b)
	s.waitFor("the list without it", func() bool { return len(x.rows) == 0 })
	s.waitForText("message", x.message, "Resolved.")
	e := s.storedException(id)
	if e.Resolved.IsZero() || e.Note != "Gave the book to Sam's hold shelf" {
		t.Errorf("stored exception: resolved %v note %q", e.Resolved, e.Note)
	}
	if x.note.Text != "" {
		t.Errorf("the note %q stays in the entry after resolving", x.note.Text)
	}
	if got := s.ui.status.exceptions.Text; got != "No exceptions" {
		t.Errorf("status bar after resolving: %q", got)
	}
}

func TestStatusBarWithALibraryServer(t *testing.T) {
	t.Run("online", func(t *testing.T) {
		s := newStation(t, stationConfig{library: &fakeLibrary{}})
		s.waitForText("online", s.ui.status.online, "Online")
	})
	t.Run("offline", func(t *testing.T) {
		lib := &fakeLibrary{ping: func() error { return errors.New("dial tcp 10.0.0.5:6001: connection refused") }}
		s := newStation(t, stationConfig{library: lib})
		// The kiosk says it plainly; the librarian sees why.
		s.waitForText("offline at the kiosk", s.ui.status.online, "Offline: your books are still saved")
		if top := s.ui.win.Canvas().Overlays().Top(); top != nil {
			t.Errorf("offline opened %T at the kiosk", top)
		}
		s.ui.tabs.SelectIndex(1)
		s.waitForText("offline for the librarian", s.ui.status.online, "Offline: dial tcp 10.0.0.5:6001: connection refused")
	})
}

func TestLibraryRefusalShowsTheServersWords(t *testing.T) {
	lib := &fakeLibrary{checkout: func(circ.LibraryRequest) (circ.LibraryAnswer, error) {
		return circ.LibraryAnswer{Refusal: circ.ExItemNotFound, Message: "Item belongs to the Elm branch"}, nil
	}}
	s := newStation(t, stationConfig{library: lib})
	s.waitForText("online", s.ui.status.online, "Online")
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	card := s.ui.kiosk.checkout.banner.card
	s.waitForText("reason", card.detail, "The library said no to this one. Please see the librarian.")
	s.waitForText("server's words", card.screen, "Item belongs to the Elm branch")
	s.waitForText("headline", card.headline, "Not this one")
	if card.kind != symbolStop || !visible(card.symbol) {
		t.Errorf("no stop symbol beside the words (kind %d)", card.kind)
	}
	if top := s.ui.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a refusal opened %T at the kiosk", top)
	}
	if len(s.ui.kiosk.checkout.hello.rows) != 0 {
		t.Error("a book the library refused was added to the session list")
	}
}

func TestLibraryAcceptanceShowsItsDueDateNotItsWords(t *testing.T) {
	lib := &fakeLibrary{checkout: func(r circ.LibraryRequest) (circ.LibraryAnswer, error) {
		return circ.LibraryAnswer{OK: true, Due: r.At.AddDate(0, 0, 21), Message: "Checked out OK"}, nil
	}}
	s := newStation(t, stationConfig{library: lib})
	s.waitForText("online", s.ui.status.online, "Online")
	s.identify(mayaCard, "Hi Maya!")
	s.scan(lionBook)
	card := s.ui.kiosk.checkout.banner.card
	s.waitForText("headline", card.headline, "Got it!")
	s.waitForText("the server's due date", card.detail, "Due Tuesday, December 22")
	if card.screen.Visible() || strings.Contains(s.shownText(), "Checked out OK") {
		t.Error("the kiosk shows the server's words on a checkout that went through")
	}
	s.waitFor("the session list", func() bool { return len(s.ui.kiosk.checkout.hello.rows) == 1 })
	if got := s.ui.kiosk.checkout.hello.rows[0].due.Text; got != "Due Tuesday, December 22" {
		t.Errorf("session list due date %q", got)
	}
}

func TestEveryExceptionCodeHasWords(t *testing.T) {
	registerTranslations()
	seen := map[string]circ.ExceptionCode{}
	for _, c := range exceptionCodes {
		w := exceptionWords(c)
		if w == "" || w == strings.ReplaceAll(string(c), "_", " ") {
			t.Errorf("exception %q has no words of its own: %q", c, w)
		}
		if other, dup := seen[w]; dup {
			t.Errorf("exceptions %q and %q both read %q", c, other, w)
		}
		seen[w] = c
	}
	listed := map[circ.ExceptionCode]bool{}
	for _, c := range exceptionCodes {
		listed[c] = true
	}
	for _, c := range circ.ExceptionCodes() {
		if !listed[c] {
			t.Errorf("circ's exception code %q is missing from the librarian's filter", c)
		}
	}
	if len(exceptionCodes) != len(circ.ExceptionCodes()) {
		t.Errorf("%d exception codes listed, want the %d of circ", len(exceptionCodes), len(circ.ExceptionCodes()))
	}
}

func TestClip(t *testing.T) {
	if got := clip("short", 10); got != "short" {
		t.Errorf("clip short: %q", got)
	}
	if got := clip("a reason far too long", 10); got != "a reason…" || len([]rune(got)) > 10 {
		t.Errorf("clip long: %q", got)
	}
}

// A checkout the library server later refused no longer says "OK" on Today.
func TestTodayShowsALaterServerRefusal(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	s.refuseOnReplay(lionBook, circ.ExOnHold, "Item on hold for another patron")
	s.ui.tabs.SelectIndex(1)
	today := s.ui.librarian.today
	s.waitFor("the row in Today", func() bool { return len(today.rows) == 1 })
	if got := today.cell(0, colResult); got != "Refused by the library server: Checked out" {
		t.Errorf("Today says %q for a checkout the server refused", got)
	}
}

// At the desk, offline, an unknown card: the librarian is asked, and may
// lend on it.
func TestDeskLendsOnAnUnknownCardOffline(t *testing.T) {
	lib := &fakeLibrary{ping: func() error { return errors.New("connection refused") }}
	s := newStation(t, stationConfig{library: lib, unknownItems: circ.AcceptUnknown})
	s.waitForText("offline", s.ui.status.online, "Offline: your books are still saved")
	s.scan("5550001")
	s.waitFor("the question", func() bool { return s.dialogButton("Lend on it") != nil })
	test.Tap(s.dialogButton("Lend on it"))
	s.waitForText("the session", s.ui.kiosk.checkout.hello.greeting, "Hi!")
}
