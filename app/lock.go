package app

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/circdesk/circdesk/devices"
)

// PIN is the librarian's PIN, kept hashed (storage.PINFile). Check may take
// a noticeable moment: the window calls it off the UI goroutine.
type PIN interface {
	IsSet() (bool, error)
	Set(pin string) error
	Check(pin string) (bool, error)
}

// LockOptions put the librarian views behind the librarian's PIN.
type LockOptions struct {
	// PIN is the librarian's PIN; nil: the librarian views are not locked.
	PIN PIN
	// Badges are staff card numbers whose scan unlocks instead of the PIN.
	Badges []string
	// Idle is how long the librarian views stay open untouched
	// (0: DefaultIdleLock).
	Idle time.Duration
	// Kiosk: the window cannot be closed without the PIN.
	Kiosk bool
	// Unlocked is told how the views were opened ("pin", "badge",
	// "new_pin"), for the audit; may be nil. Called on the UI goroutine.
	Unlocked func(how string)
}

// DefaultIdleLock is how long the librarian views stay open untouched.
const DefaultIdleLock = 2 * time.Minute

// The PIN prompt's lockout: after maxPINFailures wrong PINs in a row it
// takes no PIN for pinLockout.
const (
	maxPINFailures = 5
	pinLockout     = time.Minute
)

// lockStage is what the PIN pad asks for.
type lockStage int

const (
	stageEnter   lockStage = iota // the PIN, to unlock
	stageChoose                   // a new PIN: none is set yet
	stageConfirm                  // the new PIN again
)

// lock keeps the librarian views behind the PIN. Its fields belong to the
// UI goroutine, except lastActive.
type lock struct {
	u    *UI
	opts LockOptions

	unlocked    bool
	stage       lockStage
	chosen      string    // the new PIN typed once, in stageConfirm
	failures    int       // wrong PINs in a row
	lockedUntil time.Time // the prompt takes no PIN before then
	checking    bool      // a PIN is being checked
	closing     bool      // the window closes once the PIN is right
	lastActive  atomic.Int64

	pad    *pinPad
	view   fyne.CanvasObject // the PIN pad's screen
	hidden fyne.CanvasObject // the librarian views
}

func newLock(u *UI, opts LockOptions) *lock {
	if opts.Idle <= 0 {
		opts.Idle = DefaultIdleLock
	}
	l := &lock{u: u, opts: opts, unlocked: opts.PIN == nil}
	l.pad = newPINPad(l.onPIN)
	l.view = l.pad.box
	return l
}

// wrap is the Librarian tab's content: the views, or the PIN pad over
// them while locked.
func (l *lock) wrap(views fyne.CanvasObject) fyne.CanvasObject {
	if l.opts.PIN == nil {
		return views
	}
	l.hidden = views
	l.relock()
	return container.NewStack(views, l.view)
}

// open reports whether the librarian views are unlocked.
func (l *lock) open() bool { return l.unlocked }

// shown reports whether the PIN pad is on screen.
func (l *lock) shown() bool { return !l.unlocked && l.u.tabs.SelectedIndex() == 1 }

// touch notes that the librarian did something. Safe from any goroutine.
func (l *lock) touch() { l.lastActive.Store(l.u.clock().UnixNano()) }

// relock closes the librarian views and asks for the PIN again.
func (l *lock) relock() {
	if l.opts.PIN == nil {
		return
	}
	l.unlocked = false
	l.chosen = ""
	l.hidden.Hide()
	l.view.Show()
	l.stage = stageEnter
	set, err := l.opts.PIN.IsSet()
	if err != nil {
		slog.Error("librarian PIN", "err", err)
	}
	if err == nil && !set {
		l.stage = stageChoose
	}
	l.pad.busy(false)
	l.pad.ask(l.prompt(), "")
}

func (l *lock) prompt() string {
	switch {
	case l.closing:
		return lang.X("lock.close", "Type the librarian PIN to close the station.")
	case l.stage == stageChoose:
		return lang.X("lock.choose", "Choose a librarian PIN of 4 to 12 digits.")
	case l.stage == stageConfirm:
		return lang.X("lock.confirm", "Type the new PIN again.")
	}
	return lang.X("lock.enter", "Type the librarian PIN.")
}

// follow relocks when the kiosk is shown; called whenever the window's tab
// changes.
func (l *lock) follow() {
	if l.u.tabs.SelectedIndex() != 1 {
		if l.unlocked || l.closing {
			l.closing = false
			l.relock()
		}
		return
	}
	l.touch()
}

// checkIdle relocks the views when they were left untouched for too long.
func (l *lock) checkIdle() {
	if !l.unlocked || l.opts.PIN == nil {
		return
	}
	if l.u.clock().Sub(time.Unix(0, l.lastActive.Load())) >= l.opts.Idle {
		l.relock()
		l.u.refollow()
	}
}

// onPIN takes a PIN from the pad.
func (l *lock) onPIN(pin string) {
	if l.checking {
		return
	}
	switch l.stage {
	case stageChoose:
		if !validPIN(pin) {
			l.pad.ask(l.prompt(), lang.X("lock.bad_pin", "A PIN is 4 to 12 digits."))
			return
		}
		l.chosen, l.stage = pin, stageConfirm
		l.pad.ask(l.prompt(), "")
	case stageConfirm:
		if pin != l.chosen {
			l.chosen, l.stage = "", stageChoose
			l.pad.ask(l.prompt(), lang.X("lock.mismatch", "The two PINs were not the same, so choose one again."))
			return
		}
		l.check(func() (bool, error) { return true, l.opts.PIN.Set(pin) }, "new_pin")
	default:
		if now := l.u.clock(); now.Before(l.lockedUntil) {
			l.pad.ask(l.prompt(), lang.X("lock.locked", "Too many wrong PINs, so try again in a minute."))
			return
		}
		l.check(func() (bool, error) { return l.opts.PIN.Check(pin) }, "pin")
	}
}

// check runs work (a PIN check or save) off the UI goroutine and unlocks
// when it says so.
func (l *lock) check(work func() (bool, error), how string) {
	l.checking = true
	l.pad.busy(true)
	var ok bool
	err := l.u.bg.start(task{what: "check the librarian PIN", timeout: -1, work: func(context.Context) (err error) {
		ok, err = work()
		return err
	}, apply: func(err error) { l.checked(ok, err, how) }})
	if err != nil { // the window is closing
		l.checking = false
		l.pad.busy(false)
	}
}

func (l *lock) checked(ok bool, err error, how string) {
	l.checking = false
	l.pad.busy(false)
	switch {
	case err != nil:
		slog.Error("librarian PIN", "err", err)
		l.pad.ask(l.prompt(), lang.X("lock.failed", "The PIN could not be checked, so see the station's log."))
	case !ok:
		l.failures++
		msg := lang.X("lock.wrong", "That PIN is not right.")
		if l.failures >= maxPINFailures {
			l.failures = 0
			l.lockedUntil = l.u.clock().Add(pinLockout)
			msg = lang.X("lock.locked", "Too many wrong PINs, so try again in a minute.")
		}
		l.pad.ask(l.prompt(), msg)
	default:
		l.unlock(how)
	}
}

// onBadge takes a scan made while the PIN pad shows: a staff badge opens
// the views.
func (l *lock) onBadge(sc devices.Scan) {
	if l.checking || l.stage != stageEnter || !slices.Contains(l.opts.Badges, sc.Value) {
		l.pad.ask(l.prompt(), lang.X("lock.badge_refused", "That card cannot open the librarian views."))
		return
	}
	l.unlock("badge")
}

func (l *lock) unlock(how string) {
	l.failures = 0
	l.chosen = ""
	l.stage = stageEnter
	l.unlocked = true
	l.touch()
	l.view.Hide()
	l.hidden.Show()
	if l.opts.Unlocked != nil {
		l.opts.Unlocked(how)
	}
	if l.closing {
		l.u.win.Close()
		return
	}
	l.u.refollow()
}

// interceptClose keeps a kiosk's window open until the PIN is typed.
func (l *lock) interceptClose() {
	if l.unlocked {
		l.u.win.Close()
		return
	}
	l.closing = true
	l.u.tabs.SelectIndex(1)
	l.pad.ask(l.prompt(), "")
}

// validPIN reports whether pin is 4 to 12 digits.
func validPIN(pin string) bool {
	if len(pin) < 4 || len(pin) > maxPINDigits {
		return false
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// refollow brings everything that depends on what shows up to date after
// the lock opened or closed the librarian views.
func (u *UI) refollow() {
	if f := u.tabs.OnSelected; f != nil {
		f(u.tabs.Selected())
	}
}

// AskForFirstPIN shows the Librarian tab's "Choose a librarian PIN" when
// no PIN is set yet: the window's first start.
func (u *UI) AskForFirstPIN() {
	if u.lock.opts.PIN == nil {
		return
	}
	set, err := u.lock.opts.PIN.IsSet()
	if err != nil {
		// The views stay locked; a librarian PIN cannot be chosen over one
		// that may exist.
		slog.Warn("check whether a librarian PIN is set", "err", err)
		return
	}
	if !set {
		u.tabs.SelectIndex(1)
	}
}
