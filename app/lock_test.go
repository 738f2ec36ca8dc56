package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/storage"
)

const (
	librarianPIN = "2468"
	staffBadge   = "900001"
)

// pinFile is a real PIN file in a temp dir, with cheap argon2id costs;
// pin "" leaves it unset.
func pinFile(t *testing.T, pin string) storage.PINFile {
	t.Helper()
	f := storage.PINFile{Path: filepath.Join(t.TempDir(), storage.PINFileName), Params: storage.PINParams{Time: 1, Memory: 64, Threads: 1}}
	if pin != "" {
		if err := f.Set(pin); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func lockedStation(t *testing.T, lock LockOptions) *station {
	t.Helper()
	if lock.PIN == nil {
		lock.PIN = pinFile(t, librarianPIN)
	}
	return newStation(t, stationConfig{lock: lock})
}

// typePIN taps pin's digits and OK on the PIN pad.
func (s *station) typePIN(pin string) {
	s.t.Helper()
	pad := s.ui.lock.pad
	for _, d := range pin {
		test.Tap(pad.keys[string(d)])
	}
	test.Tap(pad.keys["ok"])
}

// waitLibrarian waits until the librarian views show.
func (s *station) waitLibrarian() {
	s.t.Helper()
	s.waitFor("the librarian views", func() bool { return visible(s.ui.librarian.mode) })
}

// librarianHidden checks that the PIN pad shows and nothing of the views.
func (s *station) librarianHidden(why string) {
	s.t.Helper()
	if visible(s.ui.librarian.mode) || visible(s.ui.librarian.tabs) {
		s.t.Fatalf("%s: the librarian views show without the PIN", why)
	}
	if !visible(s.ui.lock.pad.display) {
		s.t.Fatalf("%s: the PIN pad is not shown", why)
	}
}

func TestLibrarianViewsSitBehindThePIN(t *testing.T) {
	s := lockedStation(t, LockOptions{})
	s.ui.tabs.SelectIndex(1) // the child taps Librarian
	s.librarianHidden("after tapping Librarian")
	if got := s.ui.lock.pad.title.Text; got != "Type the librarian PIN." {
		t.Errorf("the pad says %q", got)
	}
	for _, private := range []string{"Lopez", "Okafor", "Check-in"} {
		if strings.Contains(s.shownText(), private) {
			t.Errorf("the locked Librarian tab shows %q", private)
		}
	}

	s.typePIN("1357")
	s.waitForText("wrong PIN", s.ui.lock.pad.message, "That PIN is not right.")
	s.librarianHidden("after a wrong PIN")
	if s.ui.lock.pad.display.Text != "" {
		t.Error("the wrong PIN stays on the pad")
	}

	s.typePIN(librarianPIN)
	s.waitLibrarian()

	// Still open a minute later; relocked after two idle minutes.
	s.clock.Add(time.Minute)
	s.ui.lock.checkIdle()
	if !visible(s.ui.librarian.mode) {
		t.Fatal("the views relocked after one idle minute; the default is two")
	}
	s.clock.Add(time.Minute)
	s.ui.lock.checkIdle()
	s.librarianHidden("after two idle minutes")

	// Showing the kiosk relocks too.
	s.typePIN(librarianPIN)
	s.waitLibrarian()
	s.ui.tabs.SelectIndex(0)
	s.ui.tabs.SelectIndex(1)
	s.librarianHidden("after the kiosk was shown")
}

func TestALibrarianActionKeepsTheViewsOpen(t *testing.T) {
	s := lockedStation(t, LockOptions{Idle: 2 * time.Minute})
	s.ui.tabs.SelectIndex(1)
	s.typePIN(librarianPIN)
	s.waitLibrarian()
	s.clock.Add(90 * time.Second)
	s.ui.librarian.tabs.SelectIndex(tabPatron) // the librarian works
	s.clock.Add(90 * time.Second)
	s.ui.lock.checkIdle()
	if !visible(s.ui.librarian.mode) {
		t.Fatal("the views relocked 90 s after the librarian's last action")
	}
}

func TestFiveWrongPINsLockThePromptForAMinute(t *testing.T) {
	s := lockedStation(t, LockOptions{})
	s.ui.tabs.SelectIndex(1)
	for i := 1; i <= 4; i++ {
		s.typePIN("0000")
		s.waitForText("wrong PIN", s.ui.lock.pad.message, "That PIN is not right.")
		s.ui.lock.pad.message.SetText("")
	}
	s.typePIN("0000")
	s.waitForText("fifth wrong PIN", s.ui.lock.pad.message, "Too many wrong PINs, so try again in a minute.")

	s.clock.Add(59 * time.Second)
	s.ui.lock.pad.message.SetText("")
	s.typePIN(librarianPIN) // the right one, but too soon
	s.waitForText("locked out", s.ui.lock.pad.message, "Too many wrong PINs, so try again in a minute.")
	s.librarianHidden("during the lockout")

	s.clock.Add(time.Second)
	s.typePIN(librarianPIN)
	s.waitLibrarian()
}

func TestFirstStartAsksForANewPINTwice(t *testing.T) {
	pin := pinFile(t, "")
	s := lockedStation(t, LockOptions{PIN: pin})
	s.ui.AskForFirstPIN() // the window's first start
	if s.ui.tabs.SelectedIndex() != 1 {
		t.Fatal("the first start does not ask for a librarian PIN")
	}
	s.librarianHidden("with no PIN set")
	s.waitForText("choose", s.ui.lock.pad.title, "Choose a librarian PIN of 4 to 12 digits.")
	s.typePIN("12")
	s.waitForText("too short", s.ui.lock.pad.message, "A PIN is 4 to 12 digits.")
	s.typePIN("8642")
	s.waitForText("again", s.ui.lock.pad.title, "Type the new PIN again.")
	s.typePIN("8643")
	s.waitForText("mismatch", s.ui.lock.pad.message, "The two PINs were not the same, so choose one again.")
	s.typePIN("8642")
	s.typePIN("8642")
	s.waitLibrarian()
	if ok, err := pin.Check("8642"); err != nil || !ok {
		t.Fatalf("the new PIN was not saved: %v, %v", ok, err)
	}
	s.ui.tabs.SelectIndex(0)
	s.ui.tabs.SelectIndex(1)
	s.waitForText("enter", s.ui.lock.pad.title, "Type the librarian PIN.")
}

func TestAStaffBadgeUnlocksAndAStudentCardDoesNot(t *testing.T) {
	var how []string
	s := lockedStation(t, LockOptions{Badges: []string{staffBadge}, Unlocked: func(h string) { how = append(how, h) }})
	s.ui.tabs.SelectIndex(1)
	s.wedge(mayaCard)
	s.waitForText("student card", s.ui.lock.pad.message, "That card cannot open the librarian views.")
	s.librarianHidden("after a student's card")
	if s.ui.ScansToStation() {
		t.Error("readers' scans go to the station while the PIN pad shows")
	}
	s.ui.routeScan(devices.Scan{Kind: devices.Barcode, Value: staffBadge, Reader: "test"})
	s.waitLibrarian()
	if strings.Join(how, ",") != "badge" {
		t.Errorf("unlocks told: %v", how)
	}
}

// A staff badge read on a serial card reader opens the views as one from
// a keyboard-wedge scanner does; a student's card is refused there.
func TestAStaffBadgeOnASerialReaderUnlocks(t *testing.T) {
	var how []string
	s := lockedStation(t, LockOptions{Badges: []string{staffBadge}, Unlocked: func(h string) { how = append(how, h) }})
	s.ui.tabs.SelectIndex(1)
	s.ui.ReaderScan(devices.Scan{Kind: devices.Card, Value: mayaCard, Reader: "badge reader"})
	s.waitForText("student card", s.ui.lock.pad.message, "That card cannot open the librarian views.")
	s.librarianHidden("after a student's card")
	s.ui.ReaderScan(devices.Scan{Kind: devices.Card, Value: staffBadge, Reader: "badge reader"})
	s.waitLibrarian()
	if strings.Join(how, ",") != "badge" {
		t.Errorf("unlocks told: %v", how)
	}
}

func TestAKioskWindowClosesOnlyWithThePIN(t *testing.T) {
	s := lockedStation(t, LockOptions{Kiosk: true})
	if !s.ui.win.FullScreen() {
		t.Error("kiosk mode is not full screen")
	}
	s.ui.win.SetOnClosed(func() {
		s.winClosed = true
		s.ui.stop()
	})
	s.ui.lock.interceptClose() // what the window's close button does
	if s.ui.ctx.Err() != nil {
		t.Fatal("the kiosk window closed without the PIN")
	}
	s.librarianHidden("after the close button")
	s.waitForText("close prompt", s.ui.lock.pad.title, "Type the librarian PIN to close the station.")
	s.typePIN(librarianPIN)
	s.waitFor("the window to close", func() bool { return s.winClosed })
}
