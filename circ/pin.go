package circ

import (
	"context"
	"log/slog"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// PatronPIN says when a kiosk asks a patron for their PIN.
type PatronPIN string

// The patron PIN settings.
const (
	// PINOff: never ("" too).
	PINOff PatronPIN = "off"
	// PINTyped: after a number typed on the pad; offline, a typed number
	// is refused (CodeTypedOffline).
	PINTyped PatronPIN = "typed"
	// PINAlways: after any card or typed number.
	PINAlways PatronPIN = "always"
)

// pinWait is a patron identified and waiting to give their PIN.
type pinWait struct {
	patron Patron
	view   PatronView
	refuse Code
	kind   devices.Kind
}

// needPIN reports whether a patron identified by a scan of kind must give
// their PIN. No kind is a librarian's action: never.
func (s *Station) needPIN(kind devices.Kind) bool {
	if kind == "" {
		return false
	}
	switch s.patronPIN {
	case PINAlways:
		return true
	case PINTyped:
		return kind == devices.Typed
	}
	return false
}

// pinChecker is the library server's PIN check, or nil when it cannot be
// asked now (offline, or no server, or one that cannot check PINs).
func (s *Station) pinChecker() PasswordChecker {
	l := s.desk.Link
	if l == nil || !l.State().Online {
		return nil
	}
	pc, _ := l.Library.(PasswordChecker)
	return pc
}

// pinUnavailable refuses a patron whose PIN cannot be checked now.
func (s *Station) pinUnavailable(kind devices.Kind, now time.Time) {
	s.reset()
	c := CodePINOffline
	if kind == devices.Typed {
		c = CodeTypedOffline
	}
	s.show(Outcome{Code: c, At: now})
}

// askPIN holds an identified patron until they give their PIN. The wait
// ends with the session timeout.
func (s *Station) askPIN(ctx context.Context, p Patron, view PatronView, refuse Code, kind devices.Kind, now time.Time) {
	if s.pinChecker() == nil {
		s.pinUnavailable(kind, now)
		return
	}
	s.reset()
	s.pin = &pinWait{patron: p, view: view, refuse: refuse, kind: kind}
	s.st.AskPIN = true
	s.st.Deadline = now.Add(s.timeout)
	s.arm(s.timeout)
}

// PIN checks the PIN of the patron waiting for it (State.AskPIN) with the
// library server: the right one starts their session (or shows why their
// card is refused); a wrong one is CodeWrongPIN and the station keeps
// waiting. The PIN is never stored or logged.
func (s *Station) PIN(ctx context.Context, pin string) (State, error) {
	return s.call(ctx, func() { s.checkPIN(ctx, pin) })
}

// CancelPIN forgets the patron waiting for their PIN.
func (s *Station) CancelPIN(ctx context.Context) (State, error) {
	return s.call(ctx, func() {
		if s.pin != nil {
			s.reset()
		}
	})
}

func (s *Station) checkPIN(ctx context.Context, pin string) {
	w := s.pin
	if w == nil {
		return
	}
	now := s.desk.Clock.Now()
	pc := s.pinChecker()
	if pc == nil {
		s.pinUnavailable(w.kind, now)
		return
	}
	cctx, cancel := context.WithTimeout(ctx, s.desk.Link.Timeout)
	ok, err := pc.CheckPassword(cctx, s.desk.Link.accountOf(w.patron), pin)
	cancel()
	if err != nil {
		slog.Warn("check a patron's PIN", "err", err)
		s.desk.Link.down(err.Error())
		s.pinUnavailable(w.kind, now)
		return
	}
	s.desk.Link.up()
	if !ok {
		s.show(Outcome{Code: CodeWrongPIN, At: now})
		s.st.Deadline = now.Add(s.timeout)
		s.arm(s.timeout)
		return
	}
	s.admit(ctx, w.patron, w.view, w.refuse, now)
}
