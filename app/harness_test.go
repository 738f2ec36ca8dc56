package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	_ "github.com/circdesk/circdesk/app/locale" // a real locale on machines set to C
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/storage"
)

// The test school. The station's clock starts on Tuesday, December 1, 2026,
// so a 14-day student loan is due Tuesday, December 15.
var schoolDay = time.Date(2026, time.December, 1, 10, 0, 0, 0, time.Local)

const (
	mayaCard    = "100234" // Maya Lopez, student in good standing
	samCard     = "100555" // Sam Okafor, waits for Moon Garden
	leoCard     = "100777" // Leo Brandt, blocked
	avaCard     = "100888" // Ava Chen, card expired
	zoeCard     = "100999" // Zoe Park, has an overdue book
	lionBook    = "31234000000011"
	frogsBook   = "31234000000029"
	moonBook    = "31234000000037" // on the hold shelf for Sam
	dinoBook    = "31234000000045" // out to Zoe, overdue
	mapBook     = "31234000000052" // marked lost
	oceanBook   = "31234000000060" // out to Leo; Sam holds it
	unknownBook = "31234000000999"
)

func schoolData() circ.Dataset {
	return circ.Dataset{
		Patrons: []circ.Patron{
			{ID: mayaCard, FirstName: "Maya", LastName: "Lopez", Type: circ.Student, School: "Oak", Grade: "2"},
			{ID: samCard, FirstName: "Sam", LastName: "Okafor", Type: circ.Student, School: "Oak", Grade: "4"},
			{ID: leoCard, FirstName: "Leo", LastName: "Brandt", Type: circ.Student, School: "Oak", Blocked: true, BlockReason: "damaged book"},
			{ID: avaCard, FirstName: "Ava", LastName: "Chen", Type: circ.Student, School: "Oak", Expires: schoolDay.AddDate(0, -1, 0)},
			{ID: zoeCard, FirstName: "Zoe", LastName: "Park", Type: circ.Student, School: "Oak"},
		},
		Items: []circ.Item{
			{Barcode: lionBook, Title: "The Lion Who Wanted to Fly", Status: circ.Available, Parts: 1},
			{Barcode: frogsBook, Title: "Frogs and Toads", Status: circ.Available, Parts: 1},
			{Barcode: moonBook, Title: "Moon Garden", Status: circ.OnHold, Parts: 1},
			{Barcode: dinoBook, Title: "Dinosaur Days", Status: circ.OnLoan, Parts: 1},
			{Barcode: mapBook, Title: "The Lost Map", Status: circ.Lost, Parts: 1},
			{Barcode: oceanBook, Title: "Ocean Secrets", Status: circ.OnLoan, Parts: 1},
		},
		Loans: []circ.Loan{
			{Item: dinoBook, Patron: zoeCard, Out: schoolDay.AddDate(0, 0, -25), Due: time.Date(2026, time.November, 20, 23, 59, 59, 0, time.Local)},
			{Item: oceanBook, Patron: leoCard, Out: schoolDay.AddDate(0, 0, -3), Due: schoolDay.AddDate(0, 0, 11)},
		},
		Holds: []circ.Hold{
			{Item: moonBook, Patron: samCard, Placed: schoolDay.AddDate(0, 0, -2)},
			{Item: oceanBook, Patron: samCard, Placed: schoolDay.AddDate(0, 0, -1)},
		},
	}
}

// fakeClock is the station's and the window's clock, moved by hand: Add
// fires the timers whose time has come, in order, on the test goroutine.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	f  func()
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timers = append(c.timers, fakeTimer{at: c.t.Add(d), f: f})
}

// Add moves the clock on by d, firing the timers due on the way.
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	end := c.t.Add(d)
	for {
		next := -1
		for i, tm := range c.timers {
			if !tm.at.After(end) && (next < 0 || tm.at.Before(c.timers[next].at)) {
				next = i
			}
		}
		if next < 0 {
			break
		}
		tm := c.timers[next]
		c.timers = slices.Delete(c.timers, next, next+1)
		if tm.at.After(c.t) {
			c.t = tm.at
		}
		c.mu.Unlock()
		tm.f()
		c.mu.Lock()
	}
	c.t = end
	c.mu.Unlock()
}

// reset sets the clock to t with no timers.
func (c *fakeClock) reset(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.timers = t, nil
}

// station is a running UI over a real station on a seeded SQLite file. The
// test goroutine is the UI goroutine: everything the UI would hand to
// fyne.Do is queued and run by waitFor.
type station struct {
	t     testing.TB
	ui    *UI
	st    *circ.Station
	desk  *circ.Desk
	clock *fakeClock // the station's and the window's
	queue chan func()
	db    *storage.DB
	// winClosed: the test closed the window itself.
	winClosed bool

	closed      chan struct{} // closed when the window is torn down
	stopRun     func()        // stops the station's Run and waits for it
	kioskMarkup string        // what the kiosk of a new window showed
	reusable    bool          // another test may have the window
	demo        bool          // the window shows the demo panel
}

type stationConfig struct {
	audit        func(circ.AuditAction, string) // Options.Audit
	unknownItems circ.UnknownItemPolicy         // what the desk does offline with what it does not know
	timeout      time.Duration
	demo         []DemoSample
	demoPad      func(string)
	wedge        devices.WedgeConfig
	// library, when set, is the station's library server: the desk gets a
	// circ.Link over it, and one reconciler pass before the station runs
	// finds out whether it answers.
	library circ.Library
	// security writes RFID tags' AFI (circ.StationConfig.Security).
	security circ.Security
	parts    circ.PartsPolicy
	// devices are the station's readers (Options.Devices): the Devices tab.
	devices Devices
	// items and patrons are added to the school's.
	items   []circ.Item
	patrons []circ.Patron
	// sets gives the station book sets and rosters (the Book sets and
	// Roster tabs), saving reports in reportDir.
	sets      bool
	reportDir string
	// lock puts the librarian views behind a PIN (Options.Lock).
	lock LockOptions
	// patronPIN asks patrons their PIN (circ.StationConfig.PatronPIN).
	patronPIN circ.PatronPIN
}

// The package's Fyne app: one for every test, so the fonts its windows
// parse are parsed once.
var (
	appOnce sync.Once
	testApp fyne.App
)

func packageApp() fyne.App {
	appOnce.Do(func() { testApp = test.NewApp() })
	fyne.SetCurrentApp(testApp)
	return testApp
}

// idleStation is a window a finished test left whole, for the next test
// to reuse: building a window's kiosk screens, in their own theme, is what
// a station costs. Tests in this package do not run in parallel, and at
// most one window is open at a time: Fyne's test driver takes the last
// window made for the one any widget is on (pop-ups, dropdowns).
var idleStation *station

// newStation gives t a running window over a new station on a freshly
// seeded SQLite file. The window is a finished test's when one is idle and,
// made ready for cfg, its kiosk shows exactly what a new window's does;
// otherwise a new one.
func newStation(t testing.TB, cfg stationConfig) *station {
	t.Helper()
	packageApp()
	if s := idleStation; s != nil {
		idleStation = nil
		// The demo panel takes the kiosk's room: another layout.
		if s.demo != (cfg.demo != nil) {
			s.teardown()
		} else if s.attach(t, cfg) {
			return s
		}
	}
	s := newWindow(t)
	s.demo = cfg.demo != nil
	if !s.attach(t, cfg) {
		t.Fatal("a new window does not show what a new window shows")
	}
	return s
}

// seededDBs are database files seeded once per dataset, copied for each
// test: a copy is cheaper than migrating and seeding a new file.
var seededDBs = map[string]string{}

// seededDB opens a copy of a database seeded with data, in t's temp dir.
func seededDB(t testing.TB, data circ.Dataset) *storage.DB {
	t.Helper()
	ctx := context.Background()
	key := fmt.Sprintf("%v", data)
	tmpl, ok := seededDBs[key]
	if !ok {
		tmpl = filepath.Join(templateDir, fmt.Sprintf("seeded-%d.db", len(seededDBs)))
		db, err := storage.Open(ctx, tmpl)
		if err != nil {
			t.Fatalf("open storage: %v", err)
		}
		if _, err := db.Seed(ctx, data); err != nil {
			_ = db.Close()
			t.Fatalf("seed: %v", err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("close the seeded database: %v", err)
		}
		seededDBs[key] = tmpl
	}
	raw, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatalf("read the seeded database: %v", err)
	}
	path := filepath.Join(t.TempDir(), "circdesk.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatalf("copy the seeded database: %v", err)
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("open storage: %v", err)
	}
	return db
}

// newWindow makes a window with no station yet.
func newWindow(t testing.TB) *station {
	s := &station{t: t, queue: make(chan func(), 4096), closed: make(chan struct{}), clock: &fakeClock{t: schoolDay}}
	do := func(f func()) {
		select {
		case s.queue <- f:
		case <-s.closed:
		}
	}
	s.ui = newUI(testApp, nil, Options{}, do, s.clock)
	return s
}

// attach readies the window for t: a new station over a new database as
// cfg says, the window's options from cfg, and every trace of an earlier
// test gone. It reports false, and tears the window down, when the kiosk
// then shows anything a new window would not.
func (s *station) attach(t testing.TB, cfg stationConfig) bool {
	t.Helper()
	s.t = t
	ctx := context.Background()
	data := schoolData()
	data.Items = append(data.Items, cfg.items...)
	data.Patrons = append(data.Patrons, cfg.patrons...)
	db := seededDB(t, data)
	s.clock.reset(schoolDay)
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: s.clock, Station: "oak-kiosk-1", UnknownItems: cfg.unknownItems}
	if cfg.library != nil {
		desk.Link = circ.NewLink(cfg.library, time.Second)
		r := &circ.Reconciler{Store: db, Link: desk.Link, Clock: s.clock}
		if _, err := r.Pass(ctx); err != nil {
			_ = db.Close()
			t.Fatalf("first reconciler pass: %v", err)
		}
	}
	s.desk, s.db = desk, db
	ui := s.ui
	s.st = circ.NewStation(desk, circ.StationConfig{Timeout: cfg.timeout, Security: cfg.security, Parts: cfg.parts, PatronPIN: cfg.patronPIN}, func(st circ.State) { ui.Notify(st) })
	opts := Options{Demo: cfg.demo, DemoPad: cfg.demoPad, Wedge: cfg.wedge, Devices: cfg.devices, Lock: cfg.lock, Audit: cfg.audit}
	if cfg.sets {
		opts.Sets = &circ.Sets{Desk: desk, Store: db, Roster: db}
		opts.Rosters = db
		opts.ReportDir = cfg.reportDir
	}

	// Forget the last test: no goroutine of the window runs now (the last
	// test's detach waited for them), so these writes race with nothing.
	ui.st = s.st
	ui.state = circ.State{}
	ui.wantMode = ""
	ui.askedCardAt = time.Time{}
	ui.invJob, ui.job, ui.running = nil, nil, running{}
	ui.listening, ui.listenStop = false, nil
	ui.counts.Store(false)
	c := ui.win.Canvas()
	for top := c.Overlays().Top(); top != nil; top = c.Overlays().Top() {
		c.Overlays().Remove(top)
	}
	c.Unfocus()
	k := ui.kiosk
	k.last = nil
	k.returns.clear()
	k.checkout.banner.hide()
	k.checkout.welcome.reset()
	ui.configure(opts)
	if opts.Lock.Kiosk {
		ui.win.SetFullScreen(true)
		if opts.Lock.PIN != nil {
			ui.win.SetCloseIntercept(ui.lock.interceptClose)
		}
	}
	ui.win.Resize(fyne.NewSize(1280, 800))

	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		s.st.Run(runCtx)
	}()
	s.stopRun = func() {
		stop()
		<-ran
	}
	s.reusable = false // until the kiosk is known to be as new
	t.Cleanup(s.detach)
	s.waitFor("the welcome screen", func() bool {
		return ui.state.Station != "" && visible(ui.kiosk.checkout.welcome.box) && !ui.kiosk.checkout.banner.up()
	})
	// A new size first, so what the test sees is laid out afresh.
	ui.win.Resize(fyne.NewSize(640, 480))
	ui.win.Resize(fyne.NewSize(1280, 800))
	// What the kiosk shows, and the book rows the Hello screen keeps
	// hidden for the next session (a longer session than any before makes
	// new ones, in the kiosk's theme): as in a new window.
	shown := fmt.Sprintf("%s\nbook rows: %d", test.RenderObjectToMarkup(k.object()), len(k.checkout.hello.pool))
	if s.kioskMarkup == "" {
		s.kioskMarkup = shown
	} else if shown != s.kioskMarkup {
		t.Logf("a reused window's kiosk differs from a new one's: a new window instead")
		return false // detach closes it at the end of the test
	}
	s.reusable = !opts.Lock.Kiosk
	return true
}

// detach ends the test's station and, when the window may serve another
// test, keeps it for the next; otherwise the window is closed.
func (s *station) detach() {
	ui := s.ui
	keep := s.reusable && !s.winClosed && !s.t.Failed() && !ui.bg.isStopped()
	if keep {
		ui.stopListening()
		keep = s.quiet()
	}
	s.stopRun()
	_ = s.db.Close()
	if keep {
		idleStation = s
		return
	}
	s.teardown()
}

// teardown closes the window and waits for its goroutines.
func (s *station) teardown() {
	ui := s.ui
	ui.stop()
	close(s.closed)
	ui.loops.Wait()
	ui.bg.wait()
	if !s.winClosed {
		ui.win.Close()
	}
}

// quiet waits, as sync does, for everything the test asked to be done,
// and reports whether it was.
func (s *station) quiet() bool {
	return s.waitDone() == nil
}

// nextCase readies a station shared by a table's cases for the case t:
// what the last case asked is done, its session is over, its banner is
// down, and the Welcome screen is up. Refused scans change no loan, so
// cases that only see refusals may share a station's data.
func (s *station) nextCase(t testing.TB) {
	was := s.t
	s.t = t
	t.Cleanup(func() { s.t = was })
	s.sync()
	if _, err := s.st.SetMode(t.Context(), circ.ModeCheckout); err != nil {
		t.Fatalf("end the last case's session: %v", err)
	}
	s.sync()
	s.ui.kiosk.checkout.banner.hide()
	s.waitFor("the Welcome screen", func() bool {
		return s.ui.state.Phase == circ.PhaseWelcome && s.ui.state.Last == nil && visible(s.ui.kiosk.checkout.welcome.box)
	})
}

// waitFor runs the UI's queued work until cond holds, for up to 3 s.
func (s *station) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.After(3 * time.Second)
	for !cond() {
		select {
		case f := <-s.queue:
			f()
		case <-deadline:
			s.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// sync returns once everything asked of the window before it is done and
// shown: the requests queued to the station (a barrier through the
// window's request queue and the station's), the background work (the
// bridge idle) and what they handed to the UI goroutine. Checks that
// something did not happen come after it.
func (s *station) sync() {
	s.t.Helper()
	if err := s.waitDone(); err != nil {
		s.t.Fatal(err)
	}
}

// stationBarrier returns once the station handled every request sent
// before it, running none of the UI's queued work.
func (s *station) stationBarrier() {
	s.t.Helper()
	done := s.barrier()
	select {
	case err := <-done:
		if err != nil {
			s.t.Fatalf("barrier: %v", err)
		}
	case <-time.After(3 * time.Second):
		s.t.Fatal("timed out waiting for the station's barrier")
	}
}

// barrier sends a barrier through the window's request queue and the
// station's; the channel gets its answer.
func (s *station) barrier() <-chan error {
	done := make(chan error, 1)
	s.ui.send("barrier", func(ctx context.Context) error {
		err := s.st.Barrier(ctx)
		done <- err
		return err
	})
	return done
}

// waitDone is sync's wait: the barrier, running the UI's queued work
// meanwhile, then the queue drained until the bridge is idle.
func (s *station) waitDone() error {
	done := s.barrier()
	deadline := time.After(3 * time.Second)
	for waiting := true; waiting; {
		select {
		case f := <-s.queue:
			f()
		case err := <-done:
			if err != nil {
				return fmt.Errorf("barrier: %w", err)
			}
			waiting = false
		case <-deadline:
			return errors.New("timed out waiting for the station's barrier")
		}
	}
	return s.drain(deadline)
}

// drain runs the UI's queued work until the bridge is idle and the queue
// empty.
func (s *station) drain(deadline <-chan time.Time) error {
	for {
		select {
		case f := <-s.queue:
			f()
			continue
		default:
		}
		idle := s.ui.bg.idleNow()
		select {
		case f := <-s.queue:
			f()
		case <-idle:
			// Every task handed its answer to the queue before it ended.
			select {
			case f := <-s.queue:
				f()
			default:
				return nil
			}
		case <-deadline:
			return errors.New("timed out waiting for the window's background work")
		}
	}
}

// scan sends a code down the scanner path, as the demo panel and the wedge do.
func (s *station) scan(code string) {
	s.ui.submit(devices.Scan{Kind: devices.Barcode, Value: code, Reader: "test"})
}

// wedge types code and Enter into the window as fast as a scanner.
func (s *station) wedge(code string) {
	for _, r := range code {
		s.typeRune(r)
	}
	s.typeKey(fyne.KeyReturn)
}

// typeRune delivers a typed character the way Fyne's desktop driver does
// (glfw window.processCharInput): to the focused widget if there is one,
// otherwise to the canvas handler, where the wedge detector listens.
func (s *station) typeRune(r rune) {
	c := s.ui.win.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedRune(r)
	} else if h := c.OnTypedRune(); h != nil {
		h(r)
	}
}

// typeKey delivers a key like typeRune does.
func (s *station) typeKey(k fyne.KeyName) {
	c := s.ui.win.Canvas()
	ev := &fyne.KeyEvent{Name: k}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// identify scans a card and waits for the Hello screen.
func (s *station) identify(card, greeting string) {
	s.t.Helper()
	s.scan(card)
	s.waitForText("the greeting", s.ui.kiosk.checkout.hello.greeting, greeting)
}

// waitForText waits until l shows want.
func (s *station) waitForText(what string, l *widget.Label, want string) {
	s.t.Helper()
	deadline := time.After(3 * time.Second)
	for l.Text != want || !visible(l) {
		select {
		case f := <-s.queue:
			f()
		case <-deadline:
			s.t.Fatalf("%s: got %q (visible %v), want %q", what, l.Text, visible(l), want)
		}
	}
}

// visible reports whether o would be seen: it and the screens holding it
// are shown, and it was laid out.
func visible(o fyne.CanvasObject) bool {
	if !o.Visible() || o.Size().Width <= 0 || o.Size().Height <= 0 {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return false
	}
	return objectShown(c.Content(), o)
}

// objectShown walks the visible tree from root looking for o.
func objectShown(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	if !root.Visible() {
		return false
	}
	switch x := root.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if objectShown(c, o) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if objectShown(c, o) {
				return true
			}
		}
	}
	return false
}

// shownText is every text the window shows, for privacy checks.
func (s *station) shownText() string {
	return test.RenderToMarkup(s.ui.win.Canvas())
}
