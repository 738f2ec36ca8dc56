package circ

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// Mode is what a station does with the items scanned at it.
type Mode string

// The station modes.
const (
	ModeCheckout Mode = "checkout"
	ModeCheckin  Mode = "checkin"
	ModeRenew    Mode = "renew"
)

// Phase is where a checkout session stands.
type Phase string

// The phases of a session.
const (
	// PhaseWelcome: nobody identified; waiting for a card.
	PhaseWelcome Phase = "welcome"
	// PhaseActive: a patron is identified and may scan items.
	PhaseActive Phase = "active"
	// PhaseFinished: the session ended; the summary shows until FinishedUntil.
	PhaseFinished Phase = "finished"
)

// Session timing limits.
const (
	DefaultTimeout  = 60 * time.Second
	MaxTimeout      = 120 * time.Second
	RepeatWindow    = 2 * time.Second
	FinishedLinger  = 5 * time.Second
	pendingInterval = 10 * time.Second
)

// State is a snapshot of a station, for the screen. It is a copy: the
// receiver may keep it.
type State struct {
	Station string
	Mode    Mode
	Phase   Phase
	Patron  PatronView // valid in PhaseActive and PhaseFinished
	Books   []Outcome  // accepted items of this session, in scan order
	Last    *Outcome   // the latest outcome, for the banner; nil when none
	// Deadline is when an idle session ends (PhaseActive), or when the
	// finished summary gives way to the welcome screen (PhaseFinished).
	Deadline time.Time
	Timeout  time.Duration // the full inactivity timeout, for the countdown bar
	Pending  int           // journaled transactions not yet sent to the library server
	Online   bool          // the library server answers
	// AskPIN: a patron was identified and must give their PIN (Station.PIN)
	// before the session starts; the phase stays PhaseWelcome.
	AskPIN bool
	// Job is set while a Job (a book-set handout, an inventory) takes the
	// scans: the kiosk does not take them then.
	Job bool
}

// StationConfig configures a Station.
type StationConfig struct {
	Mode    Mode
	Timeout time.Duration // inactivity timeout; default 60 s, at most 120 s
	Rules   *Classifier
	// Security writes item tags' AFI at checkout and check-in (nil: none).
	Security Security
	AFI      AFI         // zero: DefaultAFI
	Parts    PartsPolicy // multi-part sets; "": PartsWait
	// PatronPIN says when a patron must give their PIN: PINOff (""),
	// PINTyped (a number typed on the pad) or PINAlways (any card too).
	PatronPIN PatronPIN
}

// Station is one circulation station: a kiosk or desk session over a Desk.
// One goroutine (Run) owns its state; the methods send it requests and wait
// for the resulting State.
type Station struct {
	desk        *Desk
	rules       *Classifier
	timeout     time.Duration
	security    Security
	afi         AFI
	partsPolicy PartsPolicy
	patronPIN   PatronPIN
	reqs        chan func()
	notify      func(State)

	// Owned by the Run goroutine.
	st        State
	patron    Patron
	lastCode  string
	lastAt    time.Time
	timer     *time.Timer
	gathering map[string]*gathering // multi-part items arriving on the pad
	// unknownCard is the card just refused as unknown at a desk, offline,
	// that the librarian may lend on (LendToUnknownCard).
	unknownCard string
	returned    map[string]time.Time // items checked in from their tags, recently
	job         Job                  // takes the scans while set (see job.go)
	inSession   bool                 // what the Link was last told (see publish)
	pin         *pinWait             // the patron waiting for their PIN, while st.AskPIN
}

// NewStation makes a station over desk. notify, when not nil, is called
// from the station goroutine with every new state.
func NewStation(desk *Desk, cfg StationConfig, notify func(State)) *Station {
	t := cfg.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	if t > MaxTimeout {
		t = MaxTimeout
	}
	mode := cfg.Mode
	if mode == "" {
		mode = ModeCheckout
	}
	rules := cfg.Rules
	if rules == nil {
		rules, _ = NewClassifier(DefaultScanRules())
	}
	afi := cfg.AFI
	if afi == (AFI{}) {
		afi = DefaultAFI
	}
	s := &Station{
		desk: desk, rules: rules, timeout: t, security: cfg.Security, afi: afi, partsPolicy: cfg.Parts, patronPIN: cfg.PatronPIN,
		reqs: make(chan func()), notify: notify,
		gathering: map[string]*gathering{}, returned: map[string]time.Time{},
	}
	s.st = State{Station: desk.Station, Mode: mode, Phase: PhaseWelcome, Timeout: t}
	return s
}

// Run owns the station until ctx ends.
func (s *Station) Run(ctx context.Context) {
	s.timer = time.NewTimer(time.Hour)
	defer s.timer.Stop()
	pending := time.NewTicker(pendingInterval)
	defer pending.Stop()
	s.refreshPending(ctx)
	s.publish()
	for {
		select {
		case <-ctx.Done():
			return
		case fn := <-s.reqs:
			fn()
		case <-s.timer.C:
			if s.tick() {
				s.publish()
			}
		case <-pending.C:
			if s.refreshPending(ctx) {
				s.publish()
			}
		case <-s.desk.Link.Changed():
			// The reconciler may have sent what was pending.
			s.refreshPending(ctx)
			s.publish()
		}
	}
}

// call runs fn on the station goroutine and returns the state after it.
func (s *Station) call(ctx context.Context, fn func()) (State, error) {
	done := make(chan State, 1)
	req := func() {
		fn()
		s.publish()
		done <- s.snapshot()
	}
	select {
	case s.reqs <- req:
	case <-ctx.Done():
		return State{}, ctx.Err()
	}
	select {
	case st := <-done:
		return st, nil
	case <-ctx.Done():
		return State{}, ctx.Err()
	}
}

// State returns the current state.
func (s *Station) State(ctx context.Context) (State, error) {
	return s.call(ctx, func() {})
}

// Scan handles one scan from any reader: a patron card starts a session, an
// item is checked out, in or renewed according to the mode.
func (s *Station) Scan(ctx context.Context, sc devices.Scan) (State, error) {
	return s.call(ctx, func() { s.scan(ctx, sc) })
}

// Done ends the current session now (the "I'm done" button).
func (s *Station) Done(ctx context.Context) (State, error) {
	return s.call(ctx, func() {
		if s.st.Phase == PhaseActive {
			s.finish()
		}
	})
}

// SetMode switches between checkout, check-in and renew; any session ends.
func (s *Station) SetMode(ctx context.Context, m Mode) (State, error) {
	return s.call(ctx, func() {
		s.reset()
		s.st.Mode = m
	})
}

func (s *Station) scan(ctx context.Context, sc devices.Scan) {
	if s.job != nil {
		s.job.Scan(ctx, sc)
		return
	}
	now := s.desk.Clock.Now()
	code := s.rules.Clean(sc.Value)
	if code == "" {
		return
	}
	// The parts of a set share a code; their tags do not.
	key := code
	if uid := sc.Tag[devices.TagUID]; uid != "" {
		key = uid
	}
	if key == s.lastCode && now.Sub(s.lastAt) < RepeatWindow {
		s.lastAt = now
		return // the same code twice in a row: a double read, not a request
	}
	s.lastCode, s.lastAt = key, now
	if sc.Kind == devices.RFIDItem {
		s.rfid(ctx, sc, now)
		return
	}
	if s.alreadyInSession(code) {
		s.touch(now)
		return
	}
	kind := s.rules.Classify(code)
	if sc.Kind == devices.Card {
		kind = PatronCode
	}
	if kind == Unknown {
		kind = s.guess(ctx, code)
	}
	switch {
	case kind == PatronCode && s.st.Mode != ModeCheckin:
		s.identify(ctx, code, now, sc.Kind, cardNumbers(sc)...)
	case kind == PatronCode:
		s.show(Outcome{Action: Checkin, Code: CodeCardNotBook, At: now})
	default:
		s.item(ctx, code, now)
	}
}

// cardNumbers are the other renderings of a prox card's number a reader
// reports (decimal, facility,card): a patron's alias may be any of them.
func cardNumbers(sc devices.Scan) []string {
	if sc.Kind != devices.Card {
		return nil
	}
	var out []string
	for _, k := range []string{devices.CardDecimal, devices.CardFacilityCard} {
		if v := sc.Tag[k]; v != "" {
			out = append(out, v)
		}
	}
	return out
}

// guess classifies a code no rule matched by looking it up.
func (s *Station) guess(ctx context.Context, code string) ScanKind {
	if _, err := s.desk.Store.Item(ctx, code); err == nil {
		return ItemCode
	}
	if _, err := s.desk.Store.Patron(ctx, code); err == nil {
		return PatronCode
	}
	if s.st.Phase == PhaseActive || s.st.Mode == ModeCheckin {
		return ItemCode
	}
	return PatronCode
}

func (s *Station) alreadyInSession(code string) bool {
	if s.st.Phase != PhaseActive {
		return false
	}
	for _, b := range s.st.Books {
		if b.Item == code {
			return true
		}
	}
	return false
}

// identify starts a session for the patron with card number code (or one
// of the other renderings of the same card).
func (s *Station) identify(ctx context.Context, code string, now time.Time, kind devices.Kind, others ...string) {
	keys := append([]string{code, s.rules.Account(code)}, others...)
	p, view, refuse, err := s.desk.Identify(ctx, keys...)
	switch {
	case errors.Is(err, ErrUnknownPatron):
		s.reset()
		o := Outcome{Code: CodePatronNotFound, At: now}
		if s.desk.mayLendToUnknownCard() {
			// At the desk, offline: the librarian may lend on it.
			s.unknownCard, o.Card = code, code
		}
		s.show(o)
		return
	case err != nil:
		slog.Error("identify patron", "err", err)
		s.show(Outcome{Code: CodeStationError, At: now})
		return
	case s.needPIN(kind):
		s.askPIN(ctx, p, view, refuse, kind, now)
		return
	}
	s.admit(ctx, p, view, refuse, now)
}

// admit starts the session of an identified patron, or refuses their card.
func (s *Station) admit(ctx context.Context, p Patron, view PatronView, refuse Code, now time.Time) {
	switch {
	case refuse != "":
		// The card is refused: journaled for the librarian's Today list
		// (kept on the station, never sent).
		a := Checkout
		if s.st.Mode == ModeRenew {
			a = Renew
		}
		if err := s.desk.Alert(ctx, a, p.ID, "", refuse); err != nil {
			slog.Error("journal a refused card", "err", err)
		}
		s.reset()
		s.show(Outcome{Code: refuse, At: now})
		return
	}
	s.reset()
	s.patron = p
	s.st.Phase, s.st.Patron = PhaseActive, view
	s.touch(now)
}

func (s *Station) item(ctx context.Context, code string, now time.Time) {
	if ok, warn := s.rules.CheckDigit(code); !ok {
		s.show(Outcome{Item: code, Code: CodeBadCheckDigit, At: now})
		return
	} else if warn {
		slog.Warn("item barcode fails its check digit", "item", code)
		defer func() {
			if s.st.Last != nil {
				s.st.Last.Warning = CodeBadCheckDigit
			}
		}()
	}
	if s.st.Mode == ModeCheckin {
		if s.st.Phase == PhaseFinished {
			s.reset()
		}
		o, err := s.desk.Checkin(ctx, code)
		s.result(o, err)
		return
	}
	if s.st.Phase != PhaseActive {
		s.show(Outcome{Item: code, Code: CodeNoPatron, At: now})
		return
	}
	var o Outcome
	var err error
	if s.st.Mode == ModeRenew {
		o, err = s.desk.Renew(ctx, s.patron, code)
	} else {
		o, err = s.desk.Checkout(ctx, s.patron, code)
	}
	s.result(o, err)
	if err == nil && o.OK {
		s.st.Books = append(s.st.Books, o)
		if o.Code == CodeCheckedOut {
			s.st.Patron.ItemsOut++
			if s.st.Patron.CanBorrow > 0 {
				s.st.Patron.CanBorrow--
			}
		}
	}
	s.touch(now)
}

func (s *Station) result(o Outcome, err error) {
	if err != nil {
		slog.Error("record scan", "action", o.Action, "err", err)
	}
	if err == nil && o.OK && !o.Settled {
		s.st.Pending++
	}
	s.show(o)
}

func (s *Station) show(o Outcome) {
	s.st.Last = &o
}

// touch restarts the inactivity countdown.
func (s *Station) touch(now time.Time) {
	if s.st.Phase != PhaseActive {
		return
	}
	s.st.Deadline = now.Add(s.timeout)
	s.arm(s.timeout)
}

func (s *Station) arm(d time.Duration) {
	if s.timer == nil {
		return
	}
	s.timer.Stop()
	s.timer.Reset(d)
}

func (s *Station) finish() {
	now := s.desk.Clock.Now()
	s.st.Phase = PhaseFinished
	s.st.Deadline = now.Add(FinishedLinger)
	s.st.Last = nil
	s.arm(FinishedLinger)
}

func (s *Station) reset() {
	s.patron = Patron{}
	s.pin, s.st.AskPIN = nil, false
	clear(s.gathering)
	s.st.Phase, s.st.Patron, s.st.Books, s.st.Last, s.st.Deadline = PhaseWelcome, PatronView{}, nil, nil, time.Time{}
}

// tick moves the session on when its deadline has passed. It reports
// whether anything changed.
func (s *Station) tick() bool {
	now := s.desk.Clock.Now()
	if s.st.Deadline.IsZero() {
		return false
	}
	if now.Before(s.st.Deadline) {
		s.arm(s.st.Deadline.Sub(now))
		return false
	}
	switch s.st.Phase {
	case PhaseActive:
		s.finish()
	case PhaseFinished, PhaseWelcome: // PhaseWelcome: a PIN never given
		s.reset()
	}
	return true
}

// Tick checks the session deadline against the station's clock, as the
// station's own timer does. Tests with a fake clock call it.
func (s *Station) Tick(ctx context.Context) (State, error) {
	return s.call(ctx, func() { s.tick() })
}

func (s *Station) refreshPending(ctx context.Context) bool {
	pending, err := s.desk.Store.PendingCount(ctx)
	if err != nil {
		slog.Warn("count pending transactions", "err", err)
		return false
	}
	changed := pending != s.st.Pending
	s.st.Pending = pending
	return changed
}

func (s *Station) snapshot() State {
	st := s.st
	st.Books = append([]Outcome(nil), s.st.Books...)
	if s.st.Last != nil {
		last := *s.st.Last
		st.Last = &last
	}
	return st
}

func (s *Station) publish() {
	if active := s.st.Phase == PhaseActive || s.job != nil; active != s.inSession {
		s.inSession = active
		s.desk.Link.session(active)
	}
	s.st.Online = s.desk.Link.State().Online
	if s.notify != nil {
		s.notify(s.snapshot())
	}
}

// Today lists the journal since midnight, oldest first, with the titles of
// the items, for the librarian.
func (s *Station) Today(ctx context.Context) ([]JournalEntry, error) {
	now := s.desk.Clock.Now()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	return s.desk.Store.JournalEntries(ctx, JournalFilter{Since: midnight})
}

// JournalEntry is a journal row with the title of its item and the name of
// its patron ("" when the cache does not have them).
type JournalEntry struct {
	Transaction
	Title      string
	PatronName string
}

// PatronLoans finds a patron by card number and lists their loans, for the
// librarian's patron view.
func (s *Station) PatronLoans(ctx context.Context, key string) (Patron, []LoanView, error) {
	p, err := s.desk.findPatron(ctx, s.desk.Store, []string{key, s.rules.Account(key)})
	if err != nil {
		return Patron{}, nil, err
	}
	loans, err := s.desk.Store.LoanViews(ctx, p.ID)
	if err != nil {
		return Patron{}, nil, err
	}
	return p, loans, nil
}

// LoanView is a loan with the title of its item.
type LoanView struct {
	Loan
	Title string
}
