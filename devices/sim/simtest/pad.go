// Package simtest runs a reader's real driver on a simulated reader (a
// pseudo-terminal, package sim) for tests: the scans it emits, the
// commands the simulator received, and when Run returned.
package simtest

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/sim"
)

// Pad is a simulated RFID pad with the real driver of its kind running on
// it, as devices.Open gives it to a station.
type Pad struct {
	T      *testing.T
	Sim    *sim.Sim
	Reader devices.Reader
	// Done receives what Run returned. A test that takes it puts it back
	// for the cleanup (Stopped does both).
	Done chan error

	mu    sync.Mutex
	scans []devices.Scan
}

// Start puts tags on a simulated pad of kind ("feig", "3m"), lets setup
// prepare the simulator (faults, limits; may be nil), and opens the reader
// named "pad" on it with a short poll and timeout (options override them),
// then runs it until the test ends. It skips the test where there are no
// pseudo-terminals.
func Start(t *testing.T, kind string, tags []sim.Tag, setup func(*sim.Sim), options map[string]string) *Pad {
	t.Helper()
	s, err := sim.Start(kind, tags)
	if err != nil {
		t.Skipf("no simulated reader: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if setup != nil {
		setup(s)
	}
	opts := map[string]string{"poll": "50ms", "timeout": "150ms"}
	maps.Copy(opts, options)
	r, err := devices.Open(devices.Config{Kind: kind, Port: s.Path(), Name: "pad", Options: opts})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pad{T: t, Sim: s, Reader: r, Done: make(chan error, 1)}
	go func() {
		p.Done <- r.Run(ctx, func(sc devices.Scan) {
			p.mu.Lock()
			p.scans = append(p.scans, sc)
			p.mu.Unlock()
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.Done:
		case <-time.After(3 * time.Second):
			t.Error("Run did not return after its context ended")
		}
		r.Close()
	})
	return p
}

// Scans is every scan so far.
func (p *Pad) Scans() []devices.Scan {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]devices.Scan(nil), p.scans...)
}

// WaitScans waits until n scans came and returns them; the test fails when
// they do not come within the time given.
func (p *Pad) WaitScans(n int, within time.Duration) []devices.Scan {
	p.T.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if got := p.Scans(); len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.T.Fatalf("%d scans within %v, want %d: %v", len(p.Scans()), within, n, Values(p.Scans()))
	return nil
}

// Rounds waits until the driver has sent n more inventories and returns
// the scans so far. The driver emits a round's scans before it sends the
// next inventory, so with n ≥ 2 every scan from the rounds before the call
// is in the answer: a barrier for asserting that a scan did not come.
// (A FEIG round with more tags than one answer holds sends more than one
// inventory: ask for more then.)
func (p *Pad) Rounds(n int) []devices.Scan {
	p.T.Helper()
	want := p.Sim.Count(sim.Inventory) + n
	deadline := time.Now().Add(time.Duration(n)*time.Second + 3*time.Second)
	for p.Sim.Count(sim.Inventory) < want {
		select {
		case err := <-p.Done:
			p.Done <- err
			p.T.Fatalf("Run returned while waiting for %d inventories: %v", n, err)
		default:
		}
		if time.Now().After(deadline) {
			p.T.Fatalf("the driver sent %d of %d inventories", n-(want-p.Sim.Count(sim.Inventory)), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return p.Scans()
}

// Stopped waits for Run to return, and returns its error; the test fails
// when it goes on.
func (p *Pad) Stopped(within time.Duration) error {
	p.T.Helper()
	select {
	case err := <-p.Done:
		p.Done <- err // for the cleanup
		return err
	case <-time.After(within):
		p.T.Fatalf("Run went on for %v", within)
		return nil
	}
}

// Writer is the reader as a devices.TagWriter.
func (p *Pad) Writer() devices.TagWriter {
	p.T.Helper()
	w, ok := p.Reader.(devices.TagWriter)
	if !ok {
		p.T.Fatalf("the %s reader is not a TagWriter", p.Sim.Kind())
	}
	return w
}

// UIDOf is the UID tag gets on the pad.
func UIDOf(t *testing.T, tag sim.Tag) string {
	t.Helper()
	u, err := sim.UIDOf(tag)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Stack is n library books with ISO 28560-3 tags, as a stack on a pad.
func Stack(n int) []sim.Tag {
	tags := make([]sim.Tag, n)
	for i := range tags {
		tags[i] = sim.Tag{Item: fmt.Sprintf("312340000000%c%c", 'A'+i/26, 'a'+i%26), Owner: "US-NcCM"}
	}
	return tags
}

// Values lists the scans' values, for messages.
func Values(scans []devices.Scan) []string {
	var v []string
	for _, s := range scans {
		v = append(v, s.Value)
	}
	return v
}
