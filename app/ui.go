package app

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/formats/roster"
)

// Options configures the station window.
type Options struct {
	// Audit, when set, records a librarian action (a mode change, lending
	// on a card the station does not know); called off the UI goroutine.
	Audit func(action circ.AuditAction, detail string)
	Demo  []DemoSample // non-nil: show the "Demo scanner" panel
	Wedge devices.WedgeConfig
	// Inventories runs the shelf inventories (nil Service: no Inventory tab).
	Inventories InventoryOptions
	// Devices are the station's readers (nil: no Devices tab).
	Devices Devices
	// DemoPad puts a demo book's RFID tags on the demo's simulated pad, for
	// samples of kind "pad_book": the real pad driver then reads them.
	DemoPad func(code string)
	// Sets runs book sets (nil: no Book sets tab).
	Sets *circ.Sets
	// Rosters imports and lists the school's rosters (nil: no Roster tab),
	// reading them with RosterOptions.
	Rosters       Rosters
	RosterOptions roster.Options
	// ReportDir is where exported lists (missing copies, inventory
	// reports) are saved.
	ReportDir string
	// WindowSize is the window's size: the screen's or the configured one
	// (zero: DefaultWindowSize). FullScreen covers the screen: a kiosk.
	WindowSize fyne.Size
	FullScreen bool
	// Lock puts the librarian views behind the librarian's PIN.
	Lock LockOptions
}

// DefaultWindowSize is the window's size when neither the screen's nor a
// configured one is known: the smallest screen a school station has.
var DefaultWindowSize = fyne.NewSize(1024, 768)

// Rosters imports school rosters and lists what they brought. An import
// is all of the roster or nothing, but not one transaction: it goes in as
// many short ones, each changing whole people and whole class lists, so the
// desk goes on deciding meanwhile (see circ.RosterImporter).
type Rosters interface {
	circ.RosterStore
	circ.RosterImporter
}

// callTimeout bounds one request to the station, so a stuck station never
// piles up requests behind it.
const callTimeout = 10 * time.Second

// UI is the station window. Its fields belong to the Fyne UI goroutine,
// except those marked otherwise.
type UI struct {
	// audit records librarian actions (Options.Audit); never nil.
	audit func(action circ.AuditAction, detail string)
	// askedCardAt is when the last unknown card the librarian was asked about was refused.
	askedCardAt time.Time
	win         fyne.Window
	st          *circ.Station

	inventories InventoryOptions
	inventory   *inventoryView // nil without Options.Inventories
	invJob      *inventory.Job // the inventory taking the scans, if one did last

	// do runs a func on the UI goroutine: fyne.Do, or a test's queue.
	do func(func())
	// clock tells the station's time, for the countdown, the overdue
	// marks and the wedge detector; timers sets the window's timers. Both
	// are the same clock: the wall clock, or a test's.
	clock  func() time.Time
	timers clock

	ctx    context.Context // ends when the window closes
	cancel context.CancelFunc
	reqs   chan func(context.Context) // station requests, served in order by one goroutine
	counts atomic.Bool                // a countdown is running; read by the ticker goroutine
	route  atomic.Int32               // the scanTarget now; read by ScansToStation
	// wantMode is the mode asked for and not yet in a station state ("": none).
	wantMode circ.Mode
	loops    sync.WaitGroup // serve and tickLoop

	wedge     *devices.Wedge
	state     circ.State
	kiosk     *kiosk
	librarian *librarian
	lock      *lock
	status    *statusBar
	demo      *demoPanel // nil without demo samples
	tabs      *container.AppTabs
	// bg runs the window's work off the UI goroutine.
	bg *bridge

	dev       Devices // nil without readers to manage
	listening bool    // the live test view listens to the readers
	// listenMu guards listenStop, which Listen's answer sets off the UI
	// goroutine, and the "listen" ticket's moves.
	listenMu   sync.Mutex
	listenStop func() // stops the current Listen, once it has answered

	sets      *circ.Sets // nil: no Book sets tab
	rosters   Rosters    // nil: no Roster tab
	rosterOpt roster.Options
	reportDir string
	job       circ.Job // the Book sets tab's job, nil when none
	running   running  // the job taking the station's scans, of any tab
}

// New builds the station window on fyne app a. st is a *circ.Station whose Run
// the caller starts after New returns; the caller passes ui.Notify as the station's notify callback.
func New(a fyne.App, st *circ.Station, opts Options) *UI {
	return newUI(a, st, opts, fyne.Do, wallClock{})
}

// newUI is New with the UI goroutine's scheduler and the window's clock:
// tests run the UI on their own goroutine and with a fake clock.
func newUI(a fyne.App, st *circ.Station, opts Options, do func(func()), c clock) *UI {
	registerTranslations()
	ctx, cancel := context.WithCancel(context.Background())
	u := &UI{
		st:     st,
		do:     do,
		clock:  c.Now,
		timers: c,
		ctx:    ctx,
		cancel: cancel,
		reqs:   make(chan func(context.Context), 64),
		bg:     newBridge(do),
	}
	if a.Icon() == nil {
		a.SetIcon(appIcon)
	}
	u.win = a.NewWindow(lang.X("app.title", "CircDesk"))
	u.win.SetIcon(appIcon)
	u.configure(opts)
	size := opts.WindowSize
	if size.Width <= 0 || size.Height <= 0 {
		size = DefaultWindowSize
	}
	u.win.Resize(size)
	if opts.FullScreen || opts.Lock.Kiosk {
		u.win.SetFullScreen(true)
	}
	if opts.Lock.Kiosk && opts.Lock.PIN != nil {
		u.win.SetCloseIntercept(u.lock.interceptClose)
	}
	u.captureWedge()
	u.win.SetOnClosed(u.stop)
	u.loops.Add(2)
	go u.serve()
	go u.tickLoop()
	return u
}

// configure takes opts and shows the window's content. The kiosk's
// screens, which need no options, are built the first time only: a test
// that gives a window new options keeps them.
func (u *UI) configure(opts Options) {
	if opts.Audit == nil {
		opts.Audit = func(circ.AuditAction, string) {}
	}
	u.wedge = devices.NewWedge(opts.Wedge)
	u.dev = opts.Devices
	u.audit = opts.Audit
	u.sets = opts.Sets
	u.rosters = opts.Rosters
	u.rosterOpt = opts.RosterOptions
	u.reportDir = opts.ReportDir
	u.win.SetContent(u.build(opts))
}

func (u *UI) build(opts Options) fyne.CanvasObject {
	u.inventories = opts.Inventories
	if u.kiosk == nil {
		u.kiosk = newKiosk(u)
	}
	u.inventory, u.demo = nil, nil
	u.librarian = newLibrarian(u)
	u.lock = newLock(u, opts.Lock)
	u.status = newStatusBar()
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.X("tab.kiosk", "Kiosk"), theme.HomeIcon(), u.kiosk.object()),
		container.NewTabItemWithIcon(lang.X("tab.librarian", "Librarian"), theme.SettingsIcon(), u.lock.wrap(u.librarian.box)),
	)
	u.tabs.OnSelected = func(*container.TabItem) {
		u.lock.follow()
		u.unfocus()
		u.followDevicesTab()
		u.followScans()
		if !u.librarianShown() {
			// The open exceptions are counted for the librarian only:
			// the kiosk path stays light.
			u.status.showExceptions(-1)
			return
		}
		if u.librarian.todayShown() {
			u.loadToday()
		}
		u.loadExceptions()
	}
	var side fyne.CanvasObject
	if opts.Demo != nil {
		u.demo = newDemoPanel(opts.Demo, u.routeScan, opts.DemoPad)
		side = container.NewHBox(widget.NewSeparator(), sized(u.demo.box, 260, 0))
	}
	return container.NewBorder(nil, u.status.box, nil, side, u.tabs)
}

// Window is the station window.
func (u *UI) Window() fyne.Window { return u.win }

// Notify takes a new station state from any goroutine and shows it (fyne.Do).
func (u *UI) Notify(s circ.State) {
	if u == nil {
		return // the station published before the window existed
	}
	// The link's state is a copy under a mutex: cheap, and read here, on
	// the caller's goroutine, not on the UI's.
	var server circ.LinkState
	if u.st != nil {
		server = u.st.Server()
	}
	u.do(func() { u.show(s, server) })
}

// show applies a station state on the UI goroutine.
func (u *UI) show(s circ.State, server circ.LinkState) {
	u.state = s
	if u.wantMode == s.Mode {
		u.wantMode = ""
	}
	u.status.librarian = u.librarianShown()
	u.status.show(s, server)
	u.kiosk.show(s)
	u.librarian.show(u.mode()) // not a stale state's mode over the one just picked
	u.counts.Store(s.Phase == circ.PhaseActive && !s.Deadline.IsZero())
	u.onTick()
	u.followScans()
	u.librarian.showDeskCheckin(s.Last)
	u.askUnknownCard(s.Last)
	if u.librarianShown() {
		if u.librarian.todayShown() {
			u.loadToday()
		}
		// The exceptions list and count follow the station too (a replay
		// may have made new ones), but only while the librarian looks.
		u.loadExceptions()
	}
}

// librarianShown reports whether the librarian views are on screen:
// their tab is selected and unlocked.
func (u *UI) librarianShown() bool { return u.tabs.SelectedIndex() == 1 && u.lock.open() }

// Close stops the window's goroutines and waits for them, the background
// work's too. The program calls it once the window is closed, before it
// stops the station.
func (u *UI) Close() {
	u.stop()
	u.loops.Wait()
	u.bg.wait()
}

// stop ends the window's goroutines, refuses new background work and
// stops listening to the readers.
func (u *UI) stop() {
	u.stopListening()
	u.bg.stop()
	u.cancel()
}

// send queues a request to the station. Requests run in order on one
// goroutine, never on the UI goroutine; their results come back through
// Notify.
func (u *UI) send(what string, fn func(context.Context) error) {
	req := func(ctx context.Context) {
		if err := fn(ctx); err != nil {
			slog.Warn("station request failed", "request", what, "err", err)
		}
	}
	select {
	case u.reqs <- req:
	default:
		slog.Warn("station busy: request dropped", "request", what)
	}
}

func (u *UI) serve() {
	defer u.loops.Done()
	for {
		select {
		case <-u.ctx.Done():
			return
		case req := <-u.reqs:
			ctx, cancel := context.WithTimeout(u.ctx, callTimeout)
			req(ctx)
			cancel()
		}
	}
}

// submit hands a scan to the station: the one path of the wedge, the number
// pad and the demo panel.
func (u *UI) submit(sc devices.Scan) {
	if sc.At.IsZero() {
		sc.At = time.Now()
	}
	u.send("scan", func(ctx context.Context) error {
		_, err := u.st.Scan(ctx, sc)
		return err
	})
}

// onKeypad sends a number typed on the pad as a scan.
func (u *UI) onKeypad(number string) {
	u.submit(devices.Scan{Kind: devices.Typed, Value: number, Raw: []byte(number), Reader: "keypad"})
}

// onPIN sends the PIN typed on the pad to the station, which checks it
// with the library server.
func (u *UI) onPIN(pin string) {
	u.send("pin", func(ctx context.Context) error {
		_, err := u.st.PIN(ctx, pin)
		return err
	})
}

// onCancelPIN tells the station the PIN will not come.
func (u *UI) onCancelPIN() {
	u.send("cancel pin", func(ctx context.Context) error {
		_, err := u.st.CancelPIN(ctx)
		return err
	})
}

// onDone ends the session: the "I'm done" button.
func (u *UI) onDone() {
	u.send("done", func(ctx context.Context) error {
		_, err := u.st.Done(ctx)
		return err
	})
}

// onSetMode asks the station for mode m. Until the station's new state
// arrives, scans are routed as in m: a scan right after the switch is
// meant for the new mode.
func (u *UI) onSetMode(m circ.Mode) {
	u.unfocus() // the tapped switch would keep the scanner's keys
	u.wantMode = m
	u.followScans()
	u.send("set mode", func(ctx context.Context) error {
		_, err := u.st.SetMode(ctx, m)
		if err == nil {
			u.audit(circ.AuditModeChange, string(m))
		}
		if err != nil {
			u.do(func() {
				if u.wantMode == m {
					u.wantMode = "" // the station kept its mode
					u.followScans()
				}
			})
		}
		return err
	})
}

// later runs f on the UI goroutine after d.
func (u *UI) later(d time.Duration, f func()) {
	u.timers.AfterFunc(d, func() {
		if u.ctx.Err() == nil {
			u.do(f)
		}
	})
}

// unfocus takes the keyboard focus from any entry, so keys reach the wedge
// detector again.
func (u *UI) unfocus() { u.win.Canvas().Unfocus() }

// loadToday asks for today's journal; the latest request wins.
func (u *UI) loadToday() {
	var rows []circ.JournalEntry
	u.bg.start(task{what: "today's journal", latest: "today", work: func(ctx context.Context) (err error) {
		rows, err = u.st.Today(ctx)
		return err
	}, apply: func(err error) {
		u.librarian.today.set(rows, err)
	}})
}

// findPatron looks a card number up for the Patron tab; the latest
// request wins.
func (u *UI) findPatron(card string) {
	var found circ.PatronLookup
	u.bg.start(task{what: "look up a patron", latest: "patron", work: func(ctx context.Context) (err error) {
		found, err = u.st.LookUpPatron(ctx, card)
		return err
	}, apply: func(err error) {
		u.librarian.patron.set(card, found, err)
	}})
}

// tickLoop redraws the countdown a few times a second while a session
// runs, and now and then makes sure the scanner's keys are not lost.
func (u *UI) tickLoop() {
	defer u.loops.Done()
	t := time.NewTicker(tickEvery)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-u.ctx.Done():
			return
		case <-t.C:
			if u.counts.Load() {
				u.do(u.onTick)
			}
			if n%guardEvery == 0 {
				u.do(u.guardFocus)
				u.do(u.checkIdle)
			}
		}
	}
}

// onTick sets the countdown bar from the session deadline.
func (u *UI) onTick() {
	s := u.state
	if s.Phase != circ.PhaseActive || s.Deadline.IsZero() {
		u.kiosk.checkout.hello.bar.set(s.Timeout, s.Timeout)
		return
	}
	u.kiosk.checkout.hello.bar.set(s.Deadline.Sub(u.clock()), s.Timeout)
}
