package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

// testBridge is a bridge whose UI goroutine is the test's: answers wait in
// queue until run.
type testBridge struct {
	*bridge
	t     *testing.T
	queue chan func()
}

func newTestBridge(t *testing.T) *testBridge {
	q := make(chan func(), 64)
	b := &testBridge{bridge: newBridge(func(f func()) { q <- f }), t: t, queue: q}
	t.Cleanup(b.wait)
	return b
}

// waitIdle waits until no task runs, then applies the answers they left.
func (b *testBridge) waitIdle() {
	b.t.Helper()
	select {
	case <-b.idleNow():
	case <-time.After(3 * time.Second):
		b.t.Fatal("the bridge's work did not end")
	}
	for {
		select {
		case f := <-b.queue:
			f()
		default:
			return
		}
	}
}

// gate is work that blocks until opened.
type gate chan struct{}

func (g gate) work(ctx context.Context) error { <-g; return nil }

func TestBridgeLatestAnswerWins(t *testing.T) {
	b := newTestBridge(t)
	var shown []string
	show := func(what string) func(error) { return func(error) { shown = append(shown, what) } }

	// The older request answers last: its answer is dropped.
	slow := make(gate)
	if err := b.start(task{what: "first", latest: "today", work: slow.work, apply: show("first")}); err != nil {
		t.Fatal(err)
	}
	if err := b.start(task{what: "second", latest: "today", work: func(context.Context) error { return nil }, apply: show("second")}); err != nil {
		t.Fatal(err)
	}
	close(slow)
	b.waitIdle()
	if len(shown) != 1 || shown[0] != "second" {
		t.Fatalf("shown %q, want only the newer answer", shown)
	}

	// The older request answers first, but a newer one was asked for
	// before its answer reached the screen: dropped too.
	shown = nil
	if err := b.start(task{what: "third", latest: "today", work: func(context.Context) error { return nil }, apply: show("third")}); err != nil {
		t.Fatal(err)
	}
	<-b.idleNow() // third's answer waits in the queue
	last := make(gate)
	if err := b.start(task{what: "fourth", latest: "today", work: last.work, apply: show("fourth")}); err != nil {
		t.Fatal(err)
	}
	// Other keys are not affected.
	if err := b.start(task{what: "patron", latest: "patron", work: func(context.Context) error { return nil }, apply: show("patron")}); err != nil {
		t.Fatal(err)
	}
	close(last)
	b.waitIdle()
	if want := []string{"fourth", "patron"}; !sameStrings(shown, want) {
		t.Fatalf("shown %q, want %q", shown, want)
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestBridgeTicketsPeekAndTake(t *testing.T) {
	b := newTestBridge(t)
	old := b.peek("states")
	if !b.current(old) {
		t.Fatal("a peeked ticket is not current")
	}
	again := b.peek("states")
	if !b.current(old) || !b.current(again) {
		t.Fatal("peeking made a ticket stale")
	}
	b.take("states")
	if b.current(old) || b.current(again) {
		t.Fatal("a ticket is still current after a newer one was taken")
	}
	if b.current(ticket{}) {
		t.Fatal("the zero ticket is current")
	}
}

func TestBridgeWaitWaitsForItsWork(t *testing.T) {
	b := newTestBridge(t)
	release := make(gate)
	cancelled := make(chan struct{})
	var finished atomic.Bool
	applied := 0
	if err := b.start(task{what: "slow", timeout: -1, work: func(ctx context.Context) error {
		<-ctx.Done() // stop cancels the work's context
		close(cancelled)
		<-release // and the work takes its time to end
		finished.Store(true)
		return ctx.Err()
	}, apply: func(error) { applied++ }}); err != nil {
		t.Fatal(err)
	}
	waited := make(chan bool)
	go func() {
		b.wait()
		waited <- finished.Load()
	}()
	select {
	case <-cancelled:
	case <-time.After(3 * time.Second):
		t.Fatal("wait did not cancel the work's context")
	}
	close(release)
	select {
	case ok := <-waited:
		if !ok {
			t.Fatal("wait returned before the work ended")
		}
	case <-time.After(3 * time.Second):
		t.Fatal("wait did not return once the work ended")
	}
	// The answer of work that ended after the window closed is not shown.
	for len(b.queue) > 0 {
		(<-b.queue)()
	}
	if applied != 0 {
		t.Fatalf("an answer was applied after close (%d)", applied)
	}
}

func TestBridgeRefusesWorkAfterClose(t *testing.T) {
	b := newTestBridge(t)
	b.wait()
	var ran atomic.Int32
	err := b.start(task{what: "late", work: func(context.Context) error { ran.Add(1); return nil }, apply: func(error) { ran.Add(1) }})
	if !errors.Is(err, errStopped) {
		t.Fatalf("start after close: %v, want errStopped", err)
	}
	b.waitIdle()
	if n := ran.Load(); n != 0 {
		t.Fatalf("work started after close ran (%d)", n)
	}
}

func TestBridgeLogsAnErrorNobodyShows(t *testing.T) {
	var logged bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logged, nil)))
	t.Cleanup(func() { slog.SetDefault(was) })

	b := newTestBridge(t)
	if err := b.start(task{what: "end a job", work: func(context.Context) error { return errors.New("station busy") }}); err != nil {
		t.Fatal(err)
	}
	// An error in an answer dropped for a newer one is logged too.
	stale := make(gate)
	if err := b.start(task{what: "old list", latest: "list", work: func(ctx context.Context) error {
		<-stale
		return errors.New("disk full")
	}, apply: func(error) { t.Error("a stale answer was applied") }}); err != nil {
		t.Fatal(err)
	}
	if err := b.start(task{what: "new list", latest: "list", work: func(context.Context) error { return nil }}); err != nil {
		t.Fatal(err)
	}
	close(stale)
	b.waitIdle()
	for _, want := range []string{"work=\"end a job\"", "station busy", "work=\"old list\"", "disk full"} {
		if !bytes.Contains(logged.Bytes(), []byte(want)) {
			t.Errorf("the log does not say %q:\n%s", want, logged.String())
		}
	}
}
