package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// bridge is the window's one way to run work off the UI goroutine: a task's
// work runs on a goroutine of its own, and its answer is applied on the UI
// goroutine. The bridge tracks its goroutines: stop refuses new work and
// cancels the running work's context, wait waits for it to end.
//
// A task with a latest key follows the latest-answer rule: a newer task
// with the same key makes an older one's answer be dropped, so a slow
// answer never overwrites a newer one on screen.
type bridge struct {
	do     func(func()) // runs a func on the UI goroutine: fyne.Do, or a test's queue
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	stopped bool
	wg      sync.WaitGroup
	running int           // tasks whose goroutine has not ended
	idle    chan struct{} // closed while running is 0
	latest  map[string]uint64
}

// task is one piece of background work.
type task struct {
	what string // names the work in the log
	// latest, when not "", is what the task asks for: only the answer of
	// the newest task with this key is applied.
	latest string
	// timeout bounds the work's context (0: callTimeout; -1: none besides stop).
	timeout time.Duration
	// work runs off the UI goroutine.
	work func(ctx context.Context) error
	// apply runs on the UI goroutine with work's error, unless the bridge
	// stopped or a newer task took the latest key meanwhile. When apply is
	// nil, an error is logged.
	apply func(err error)
}

func newBridge(do func(func())) *bridge {
	ctx, cancel := context.WithCancel(context.Background())
	idle := make(chan struct{})
	close(idle)
	return &bridge{do: do, ctx: ctx, cancel: cancel, idle: idle, latest: map[string]uint64{}}
}

// errStopped is why a task is refused once the window closed.
var errStopped = errors.New("the window is closed")

// start runs t. It reports errStopped, running nothing, once the bridge
// has stopped.
func (b *bridge) start(t task) error {
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		slog.Debug("background work refused: the window is closed", "work", t.what)
		return errStopped
	}
	var tk ticket
	if t.latest != "" {
		tk = b.takeLocked(t.latest)
	}
	b.wg.Add(1)
	if b.running == 0 {
		b.idle = make(chan struct{})
	}
	b.running++
	b.mu.Unlock()
	go b.run(t, tk)
	return nil
}

func (b *bridge) run(t task, tk ticket) {
	defer b.done()
	ctx, cancel := b.ctx, context.CancelFunc(func() {})
	switch {
	case t.timeout == 0:
		ctx, cancel = context.WithTimeout(b.ctx, callTimeout)
	case t.timeout > 0:
		ctx, cancel = context.WithTimeout(b.ctx, t.timeout)
	}
	err := t.work(ctx)
	cancel()
	if b.isStopped() {
		logDropped(t.what, "the window closed", err)
		return
	}
	b.do(func() {
		switch {
		case b.isStopped():
			logDropped(t.what, "the window closed", err)
		case tk.key != "" && !b.current(tk):
			logDropped(t.what, "a newer answer is coming", err)
		case t.apply != nil:
			t.apply(err)
		case err != nil:
			slog.Warn("background work failed", "work", t.what, "err", err)
		}
	})
}

// logDropped keeps the error of an answer nobody will see.
func logDropped(what, why string, err error) {
	if err != nil && !errors.Is(err, context.Canceled) {
		slog.Info("background work failed, its answer dropped", "work", what, "why", why, "err", err)
	}
}

func (b *bridge) done() {
	b.mu.Lock()
	b.running--
	if b.running == 0 {
		close(b.idle)
	}
	b.mu.Unlock()
	b.wg.Done()
}

func (b *bridge) isStopped() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stopped
}

// stop refuses new work and cancels the context of the work running.
func (b *bridge) stop() {
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
	b.cancel()
}

// wait stops the bridge and waits for every goroutine it started.
func (b *bridge) wait() {
	b.stop()
	b.wg.Wait()
}

// idleNow returns a channel closed once no task runs (at once if none
// does). Tests wait on it to know every answer has been handed to do.
func (b *bridge) idleNow() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.idle
}

// A ticket is one request's place among the requests for the same thing:
// it is current until a newer one is taken. The zero ticket is never
// current.
type ticket struct {
	key string
	n   uint64
}

// take makes every ticket for key stale and returns the new current one.
func (b *bridge) take(key string) ticket {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.takeLocked(key)
}

func (b *bridge) takeLocked(key string) ticket {
	b.latest[key]++
	return ticket{key: key, n: b.latest[key]}
}

// peek returns the current ticket for key without making any stale: an
// answer that only a newer take should overrule.
func (b *bridge) peek(key string) ticket {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ticket{key: key, n: b.latest[key]}
}

// current reports whether no newer ticket was taken for t's key.
func (b *bridge) current(t ticket) bool {
	if t.key == "" {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.latest[t.key] == t.n
}
