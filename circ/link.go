package circ

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultLibraryTimeout is how long a station waits for the library server
// before the local decision stands.
const DefaultLibraryTimeout = 3 * time.Second

// Link is a station's connection to its library server: the Library, and
// what the station knows of it — whether it answers, and whether journaled
// transactions wait to be replayed. The Desk and the Reconciler share it;
// a nil *Link means no server is configured.
type Link struct {
	Library Library
	Timeout time.Duration // per request; 0 means DefaultLibraryTimeout

	// Unencrypted says the station talks to the server in the clear over
	// the network (plain TCP to another machine, allowed explicitly).
	Unencrypted bool

	// Account, when set, maps a patron's account id to the one the server
	// knows (the station's account prefix and suffix, as scans get them).
	Account func(string) string

	// Lease, when set, keeps other processes from sending this journal
	// while this one does; Holder names this process to them.
	Lease  Lease
	Holder string

	// claimed holds the journal rows being sent, so the desk and the
	// reconciler's lines never send the same row at once.
	claimMu sync.Mutex
	claimed map[int64]chan struct{}

	// sessions counts the stations over this link with a student session
	// open: the background refresh waits for none (see refresh.go).
	sessions atomic.Int32

	mu      sync.Mutex
	state   LinkState
	changed chan struct{}
	wake    chan struct{} // asks the reconciler for a pass now
}

// LinkState is what the status bar shows of the library server.
type LinkState struct {
	Configured bool
	Online     bool
	Reason     string // why it is offline, for the librarian
	// Backlog means transactions wait to be replayed in order; until they
	// are, new ones wait with them instead of going out at once.
	Backlog bool
	// Unencrypted: passwords and card numbers cross the network in the
	// clear (plain TCP to another machine).
	Unencrypted bool
}

// NewLink makes a link to lib, offline until the first answer.
func NewLink(lib Library, timeout time.Duration) *Link {
	if timeout <= 0 {
		timeout = DefaultLibraryTimeout
	}
	return &Link{
		Library: lib,
		Timeout: timeout,
		state:   LinkState{Configured: true, Reason: "not contacted yet", Backlog: true},
		changed: make(chan struct{}, 1),
		wake:    make(chan struct{}, 1),
	}
}

// Wake asks the reconciler for a pass now (after a retry, say).
func (l *Link) Wake() {
	if l == nil {
		return
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// woken delivers Wake's signals (nil for a nil link).
func (l *Link) woken() <-chan struct{} {
	if l == nil {
		return nil
	}
	return l.wake
}

// State returns the link's state; a nil link is not configured.
func (l *Link) State() LinkState {
	if l == nil {
		return LinkState{}
	}
	l.mu.Lock()
	s := l.state
	l.mu.Unlock()
	s.Unencrypted = l.Unencrypted
	return s
}

// Changed delivers a signal after the state changes (nil for a nil link,
// which never changes).
func (l *Link) Changed() <-chan struct{} {
	if l == nil {
		return nil
	}
	return l.changed
}

// live reports whether a new transaction may go to the server at once.
func (l *Link) live() bool {
	s := l.State()
	return s.Online && !s.Backlog
}

func (l *Link) set(fn func(*LinkState)) {
	l.mu.Lock()
	before := l.state
	fn(&l.state)
	after := l.state
	l.mu.Unlock()
	if before != after {
		select {
		case l.changed <- struct{}{}:
		default:
		}
	}
}

// up records an answer from the server.
func (l *Link) up() { l.set(func(s *LinkState) { s.Online, s.Reason = true, "" }) }

// down records that the server did not answer, and that what was not sent
// now waits for the reconciler.
func (l *Link) down(reason string) {
	l.set(func(s *LinkState) { s.Online, s.Reason, s.Backlog = false, reason, true })
}

// settled records whether journaled transactions still wait after a replay.
func (l *Link) settled(backlog bool) { l.set(func(s *LinkState) { s.Backlog = backlog }) }

// claim waits until nobody in this process is sending journal row id, then
// takes it; release gives it back.
func (l *Link) claim(id int64) (release func()) {
	for {
		l.claimMu.Lock()
		busy, taken := l.claimed[id]
		if !taken {
			if l.claimed == nil {
				l.claimed = map[int64]chan struct{}{}
			}
			done := make(chan struct{})
			l.claimed[id] = done
			l.claimMu.Unlock()
			return func() {
				l.claimMu.Lock()
				delete(l.claimed, id)
				l.claimMu.Unlock()
				close(done)
			}
		}
		l.claimMu.Unlock()
		<-busy
	}
}

// acquire takes the link's lease for holder, if it has one. ok false means
// another process holds it; err is its BusyError.
func (l *Link) acquire(holder string) (release func(), err error) {
	if l.Lease == nil {
		return func() {}, nil
	}
	if holder == "" {
		holder = l.Holder
	}
	release, heldBy, ok, err := l.Lease.Acquire(holder)
	if err != nil {
		return nil, fmt.Errorf("take the sending lease: %w", err)
	}
	if !ok {
		return nil, &BusyError{Holder: heldBy}
	}
	return release, nil
}

// accountOf is the id the server knows patron p by.
func (l *Link) accountOf(p Patron) string { return accountOf(p, l.Account) }

func accountOf(p Patron, account func(string) string) string {
	if account == nil {
		return p.AccountID()
	}
	return account(p.AccountID())
}
