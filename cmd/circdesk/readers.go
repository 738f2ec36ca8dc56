package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/devices"

	// The reader families this program ships.
	_ "github.com/circdesk/circdesk/devices/em4100"
	_ "github.com/circdesk/circdesk/devices/feig"
	_ "github.com/circdesk/circdesk/devices/line"
	_ "github.com/circdesk/circdesk/devices/m3"
)

// scanQueue is how many reader scans may wait for the station; a pad
// reading a stack of books sends many at once.
const scanQueue = 256

// readerSet runs the station's configured readers: it feeds their scans to
// the station in order, keeps the settings screen informed, and writes tag
// security for the station. The settings screen may replace the list.
type readerSet struct {
	dir     string
	fixed   []devices.Config // from circdesk.toml; the settings screen edits the rest
	scans   chan devices.Scan
	onState func([]devices.ReaderState)

	mu        sync.Mutex
	m         *devices.Manager
	list      []devices.Config
	listeners map[int]func(devices.Scan)
	next      int
}

var _ circ.Security = (*readerSet)(nil)

// startReaders opens the readers env configures. Their scans wait until
// feed hands them to the station; onState hears every change of the
// readers' states.
//
// extra readers (the demo's pad) run too, but are not the settings
// screen's to save.
func startReaders(env *setup.Env, extra []devices.Config, onState func([]devices.ReaderState)) (*readerSet, error) {
	list, err := setup.Readers(env.DataDir, env.Config)
	if err != nil {
		return nil, err
	}
	fixed := append([]devices.Config(nil), extra...)
	for _, c := range env.Config.Reader {
		fixed = append(fixed, c.Device())
	}
	list = append(append([]devices.Config(nil), extra...), list...)
	r := &readerSet{dir: env.DataDir, fixed: fixed, scans: make(chan devices.Scan, scanQueue), onState: onState, listeners: map[int]func(devices.Scan){}}
	r.restart(list)
	return r, nil
}

// feed hands scans to the station one at a time, in order, until ctx ends,
// so a reader never waits for a checkout (which may itself ask a reader to
// write a tag). A scan goes to what is on screen: when toStation says the
// station does not take it (a librarian view is showing), it is left to
// the view (the Devices tab shows it through Listen), never lent.
func (r *readerSet) feed(ctx context.Context, st *circ.Station, toStation func() bool) {
	for {
		select {
		case <-ctx.Done():
			return
		case sc := <-r.scans:
			if !toStation() {
				slog.Debug("reader scan not for the station: a librarian view is showing", "reader", sc.Reader)
				continue
			}
			if _, err := st.Scan(ctx, sc); err != nil && ctx.Err() == nil {
				slog.Error("reader scan", "reader", sc.Reader, "err", err)
			}
		}
	}
}

func (r *readerSet) scan(sc devices.Scan) {
	select {
	case r.scans <- sc:
	default:
		slog.Warn("scans are arriving faster than the station takes them; one was dropped", "reader", sc.Reader)
	}
	r.mu.Lock()
	fns := make([]func(devices.Scan), 0, len(r.listeners))
	for _, fn := range r.listeners {
		fns = append(fns, fn)
	}
	r.mu.Unlock()
	for _, fn := range fns {
		fn(sc)
	}
}

func (r *readerSet) state(devices.ReaderState) {
	if r.onState != nil {
		r.onState(r.States())
	}
}

// restart closes the running readers and opens list.
func (r *readerSet) restart(list []devices.Config) {
	r.mu.Lock()
	old := r.m
	r.m, r.list = nil, list
	r.mu.Unlock()
	if old != nil {
		old.Close()
	}
	m := devices.NewManager(list, r.scan, r.state)
	r.mu.Lock()
	r.m = m
	r.mu.Unlock()
	r.state(devices.ReaderState{})
}

func (r *readerSet) manager() *devices.Manager {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m
}

// Kinds lists the reader kinds this program ships.
func (r *readerSet) Kinds() []string { return devices.Kinds() }

// Ports lists the serial ports found now.
func (r *readerSet) Ports() ([]devices.PortInfo, error) { return devices.Ports() }

// Readers is the configured list.
func (r *readerSet) Readers() []devices.Config {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]devices.Config(nil), r.list...)
}

// States is every reader's state now.
func (r *readerSet) States() []devices.ReaderState {
	if m := r.manager(); m != nil {
		return m.States()
	}
	return nil
}

// SetReaders saves list (less the readers circdesk.toml fixes) in the data
// directory and reopens the readers.
func (r *readerSet) SetReaders(list []devices.Config) error {
	var editable []devices.Config
	for _, c := range list {
		if !r.isFixed(c) {
			editable = append(editable, c)
		}
	}
	if err := setup.SaveReaders(r.dir, editable); err != nil {
		return err
	}
	r.restart(append(append([]devices.Config(nil), r.fixed...), editable...))
	return nil
}

func (r *readerSet) isFixed(c devices.Config) bool {
	for _, f := range r.fixed {
		if f.Name == c.Name && f.Kind == c.Kind && f.Port == c.Port {
			return true
		}
	}
	return false
}

// Listen sends fn every scan until stop is called.
func (r *readerSet) Listen(fn func(devices.Scan)) (stop func()) {
	r.mu.Lock()
	id := r.next
	r.next++
	r.listeners[id] = fn
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		delete(r.listeners, id)
		r.mu.Unlock()
	}
}

// WriteAFI writes a tag's security through the reader that saw it.
func (r *readerSet) WriteAFI(ctx context.Context, uid string, afi byte) error {
	m := r.manager()
	if m == nil {
		return errors.New("no RFID reader is running")
	}
	return m.WriteAFI(ctx, uid, afi)
}

// Close stops the readers.
func (r *readerSet) Close() error {
	if m := r.manager(); m != nil {
		return m.Close()
	}
	return nil
}
