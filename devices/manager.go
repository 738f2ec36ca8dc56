package devices

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// ConfigError is an error in a reader's configuration itself (an unknown
// kind, a baud rate no port has, an option a driver does not understand):
// opening again will not help, so the manager marks the reader Failed
// instead of retrying. Drivers wrap their option errors in it; other open
// errors (no such port, permission denied, busy) are taken as passing and
// retried.
type ConfigError struct {
	Reader string // Config.Label()
	Err    error
}

func (e *ConfigError) Error() string { return e.Reader + ": " + e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// ErrTagNotSeen is what WriteAFI returns for a tag no reader has reported.
var ErrTagNotSeen = errors.New("no reader has seen that tag")

// Manager keeps a station's configured readers open: it opens each one,
// runs it in its own goroutine, forwards every scan to one callback,
// reports each reader's state when it changes, and after an unplug closes
// the reader, watches its port and opens it again when it is back.
//
// The scan and state callbacks are never called concurrently with each
// other, and never after Close returns; they must not call Close. The
// manager does not log: its caller logs state changes as it sees fit.
type Manager struct {
	onScan  func(Scan)
	onState func(ReaderState)

	// Timing of reconnects: the port is looked for every poll while it is
	// missing; an open or run that keeps failing is retried after a backoff
	// that doubles from poll up to maxBackoff.
	poll       time.Duration
	maxBackoff time.Duration
	// A reader that ran at least this long before failing starts its
	// backoff afresh.
	healthy time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	cbMu   sync.Mutex // serialises the callbacks

	mu      sync.Mutex
	states  []ReaderState
	open    []Reader       // the open reader of each slot, nil while not connected
	tagSeen map[string]int // tag UID → slot of the reader that last reported it
	closed  bool
}

// maxTagsRemembered bounds the UID → reader table; when it fills it starts
// over (a tag not seen since must be read again before its AFI is written).
const maxTagsRemembered = 1 << 16

// NewManager starts the readers configs describe. onScan receives every
// scan, onState every change of a reader's state; either may be nil.
func NewManager(configs []Config, onScan func(Scan), onState func(ReaderState)) *Manager {
	m := newManager(configs, onScan, onState)
	m.start(configs)
	return m
}

func newManager(configs []Config, onScan func(Scan), onState func(ReaderState)) *Manager {
	m := &Manager{
		onScan:     onScan,
		onState:    onState,
		poll:       time.Second,
		maxBackoff: 10 * time.Second,
		healthy:    30 * time.Second,
		states:     make([]ReaderState, len(configs)),
		open:       make([]Reader, len(configs)),
		tagSeen:    map[string]int{},
	}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	now := time.Now()
	for i, c := range configs {
		m.states[i] = ReaderState{Name: c.Label(), Kind: c.Kind, Port: c.Port,
			Status: Reconnecting, Reason: "opening " + c.Port, Since: now}
	}
	return m
}

func (m *Manager) start(configs []Config) {
	usedBy := map[string]string{}
	for i, c := range configs {
		if err := m.check(c, usedBy); err != nil {
			m.setState(i, Failed, err)
			continue
		}
		m.wg.Add(1)
		go func() {
			defer m.wg.Done()
			m.keep(i, c)
		}()
	}
}

// check finds what is wrong with a configuration before anything is opened.
func (m *Manager) check(c Config, usedBy map[string]string) error {
	kindsMu.RLock()
	_, known := kinds[c.Kind]
	kindsMu.RUnlock()
	if !known {
		return fmt.Errorf("%q is not a reader kind this program knows (it knows %s)", c.Kind, strings.Join(Kinds(), ", "))
	}
	if c.Port != "" {
		key := filepath.Clean(c.Port)
		if other, dup := usedBy[key]; dup {
			return fmt.Errorf("port %s is already used by %s; two readers cannot share a port", c.Port, other)
		}
		usedBy[key] = c.Label()
	}
	return nil
}

// keep opens the reader of slot i, runs it, and reopens it after it fails,
// until the manager closes.
func (m *Manager) keep(i int, c Config) {
	ctx := m.ctx
	failures := 0
	for ctx.Err() == nil {
		r, err := Open(c)
		if err != nil {
			var ce *ConfigError
			if errors.As(err, &ce) {
				m.setState(i, Failed, err)
				return
			}
			failures++
			m.setState(i, Reconnecting, err)
			m.wait(ctx, c.Port, failures)
			continue
		}
		if !m.setOpen(i, r) {
			r.Close()
			return
		}
		m.setState(i, Connected, nil)
		began := time.Now()
		err = r.Run(ctx, func(s Scan) { m.scan(i, s) })
		m.setOpen(i, nil)
		r.Close()
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			err = errors.New("the reader stopped")
		}
		if time.Since(began) >= m.healthy {
			failures = 0
		}
		failures++
		m.setState(i, Reconnecting, fmt.Errorf("%w; waiting for it to come back", err))
		m.wait(ctx, c.Port, failures)
	}
}

// wait returns when it is time to open the port again: after the backoff
// for this many failures, and once the port exists again. A missing port is
// looked for every poll, so a reader plugged back in is found quickly
// whatever the backoff.
func (m *Manager) wait(ctx context.Context, port string, failures int) {
	if !sleep(ctx, backoff(failures, m.poll, m.maxBackoff)) {
		return
	}
	if !isPath(port) {
		return // a COM name cannot be looked at; opening is the test
	}
	for ctx.Err() == nil {
		if _, err := os.Stat(port); err == nil {
			return
		}
		sleep(ctx, m.poll)
	}
}

// backoff is the pause before the next open after failures failures in a
// row: poll for the first two, then doubling, at most max.
func backoff(failures int, poll, max time.Duration) time.Duration {
	d := poll
	for n := 1; n < failures-1 && d < max; n++ {
		d *= 2
	}
	return min(d, max)
}

// isPath tells a device path (/dev/ttyUSB0, a by-id link) from a name only
// opening can check (COM3, \\.\COM10).
func isPath(port string) bool {
	if strings.HasPrefix(port, `\\.\`) {
		return false
	}
	return strings.ContainsAny(port, `/\`)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// setOpen records slot i's open reader (nil: none); it reports false when
// the manager has closed meanwhile.
func (m *Manager) setOpen(i int, r Reader) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed && r != nil {
		return false
	}
	m.open[i] = r
	return true
}

func (m *Manager) setState(i int, st Status, err error) {
	m.mu.Lock()
	s := m.states[i]
	if m.closed || s.Status == st && s.Reason == "" && errorText(s.Err) == errorText(err) {
		m.mu.Unlock()
		return
	}
	if s.Status != st {
		s.Since = time.Now()
	}
	s.Status, s.Err, s.Reason = st, err, ""
	m.states[i] = s
	m.mu.Unlock()
	if m.onState != nil {
		m.cbMu.Lock()
		defer m.cbMu.Unlock()
		m.onState(s)
	}
}

func (m *Manager) scan(i int, s Scan) {
	if uid := s.Tag[TagUID]; uid != "" {
		m.mu.Lock()
		if len(m.tagSeen) >= maxTagsRemembered {
			clear(m.tagSeen)
		}
		m.tagSeen[strings.ToUpper(uid)] = i
		m.mu.Unlock()
	}
	if m.onScan != nil {
		m.cbMu.Lock()
		defer m.cbMu.Unlock()
		m.onScan(s)
	}
}

// States returns every configured reader's state, in configuration order.
func (m *Manager) States() []ReaderState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]ReaderState(nil), m.states...)
}

// WriteAFI writes the AFI of tag uid through the reader that last reported
// it in a scan (Scan.Tag[TagUID]). It fails, saying why, when no reader has
// seen the tag, that reader is not connected now, or it cannot write tags.
// The driver's WriteAFI keeps to one command in flight on its port.
func (m *Manager) WriteAFI(ctx context.Context, uid string, afi byte) error {
	uid = strings.ToUpper(strings.TrimSpace(uid))
	m.mu.Lock()
	i, seen := m.tagSeen[uid]
	var r Reader
	var st ReaderState
	if seen {
		r, st = m.open[i], m.states[i]
	}
	m.mu.Unlock()
	switch {
	case !seen:
		return fmt.Errorf("write AFI %02X to tag %s: %w", afi, uid, ErrTagNotSeen)
	case r == nil:
		return fmt.Errorf("write AFI %02X to tag %s: %s, which read it, is not connected (%s)", afi, uid, st.Name, st.Reason)
	}
	w, ok := r.(TagWriter)
	if !ok {
		return fmt.Errorf("write AFI %02X to tag %s: %s, which read it, cannot write tags", afi, uid, st.Name)
	}
	if err := w.WriteAFI(ctx, uid, afi); err != nil {
		return fmt.Errorf("write AFI %02X to tag %s on %s: %w", afi, uid, st.Name, err)
	}
	return nil
}

// Close stops every reader and waits until all have stopped: each Run
// sees its context end within its port's read timeout.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	m.mu.Unlock()
	m.cancel()
	m.wg.Wait()
	return nil
}

// errorText is err's message, "" for nil: two states with the same words
// are one state.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
