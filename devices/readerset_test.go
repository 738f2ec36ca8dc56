//go:build !windows

package devices_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// set is a ReaderSet under test, with what it told so far.
type set struct {
	*devices.ReaderSet
	mu     sync.Mutex
	states [][]devices.ReaderState
	change chan struct{}
}

func startSet(t *testing.T, list []devices.Config, opt devices.ReaderSetOptions) *set {
	t.Helper()
	s := &set{change: make(chan struct{}, 1)}
	opt.OnState = func(st []devices.ReaderState) {
		s.mu.Lock()
		s.states = append(s.states, st)
		s.mu.Unlock()
		select {
		case s.change <- struct{}{}:
		default:
		}
	}
	s.ReaderSet = devices.NewReaderSet(list, opt)
	t.Cleanup(func() { s.Close() })
	return s
}

// connected waits until the set tells that the readers named, and no
// others, are configured and connected.
func (s *set) connected(t *testing.T, names ...string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		s.mu.Lock()
		var last []devices.ReaderState
		if len(s.states) > 0 {
			last = s.states[len(s.states)-1]
		}
		s.mu.Unlock()
		var up []string
		for _, st := range last {
			if st.Status == devices.Connected {
				up = append(up, st.Name)
			}
		}
		if len(last) == len(names) && slices.Equal(up, names) {
			return
		}
		select {
		case <-s.change:
		case <-deadline:
			t.Fatalf("readers %v connected, want %v; last told %+v", up, names, last)
		}
	}
}

// The settings screen edits the readers it may: SetReaders saves the
// others and keeps the fixed ones, which a list without them does not
// remove.
func TestSetReadersKeepsTheFixedReaders(t *testing.T) {
	desk, pad, wand := newDevice(t, "desk"), newDevice(t, "pad"), newDevice(t, "wand")
	fixed := devices.Config{Name: "desk scanner", Kind: "line", Port: desk.link}
	var saved [][]devices.Config
	s := startSet(t, []devices.Config{fixed, {Name: "pad scanner", Kind: "line", Port: pad.link}}, devices.ReaderSetOptions{
		Fixed: []devices.Config{fixed},
		Save:  func(l []devices.Config) error { saved = append(saved, l); return nil },
	})
	s.connected(t, "desk scanner", "pad scanner")

	// The screen sends its list: the fixed reader (as it showed it), the
	// pad scanner gone, a wand added; a reader named like the fixed one on
	// another port is the screen's own.
	impostor := devices.Config{Name: "desk scanner", Kind: "line", Port: pad.link}
	wandCfg := devices.Config{Name: "wand", Kind: "line", Port: wand.link}
	if err := s.SetReaders([]devices.Config{fixed, wandCfg, impostor}); err != nil {
		t.Fatal(err)
	}
	if len(saved) != 1 || !slices.EqualFunc(saved[0], []devices.Config{wandCfg, impostor}, sameReader) {
		t.Errorf("saved %+v, want the wand and the other desk scanner only", saved)
	}
	if got := s.Readers(); !slices.EqualFunc(got, []devices.Config{fixed, wandCfg, impostor}, sameReader) {
		t.Errorf("Readers() = %+v", got)
	}
	s.connected(t, "desk scanner", "wand", "desk scanner")

	// A list without the fixed reader: it stays.
	if err := s.SetReaders(nil); err != nil {
		t.Fatal(err)
	}
	if got := s.Readers(); !slices.EqualFunc(got, []devices.Config{fixed}, sameReader) {
		t.Errorf("Readers() after an empty list = %+v, want the fixed reader", got)
	}
	s.connected(t, "desk scanner")
	if len(saved) != 2 || len(saved[1]) != 0 {
		t.Errorf("saved %+v, want an empty list last", saved)
	}

	// The running reader is the new one: a scan on the desk scanner comes.
	heard := make(chan string, 1)
	defer s.Listen(func(sc devices.Scan) { heard <- sc.Reader })()
	desk.send("1\r")
	select {
	case r := <-heard:
		if r != "desk scanner" {
			t.Errorf("scan from %q", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no scan from the fixed reader after SetReaders")
	}
}

func sameReader(a, b devices.Config) bool {
	return a.Name == b.Name && a.Kind == b.Kind && a.Port == b.Port
}

func TestWriteAFIGoesThroughTheSet(t *testing.T) {
	s := startSet(t, []devices.Config{{Name: "pad A", Kind: "test-pad", Port: "a", Options: map[string]string{"tags": "E00401003123AA28"}}},
		devices.ReaderSetOptions{})
	st := newStation()
	feed(t, s, devices.Route{Station: st.scan})
	st.next(t) // the pad has reported the tag
	if err := s.WriteAFI(context.Background(), "e00401003123aa28", 0xC2); err != nil {
		t.Fatal(err)
	}
	if got := <-padWrites; got != "E00401003123AA28" {
		t.Errorf("pad wrote %q", got)
	}
}
