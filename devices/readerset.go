package devices

import (
	"context"
	"errors"
	"sync"
)

// ReaderSet runs a station's configured readers in a Manager: it queues
// their scans for the station (Feed) and fans them out to listeners
// (Listen), tells every change of the readers' states, writes tag
// security through the reader that saw the tag, and lets the settings
// screen replace the readers it may edit (SetReaders).
type ReaderSet struct {
	fixed   []Config // the readers the settings screen may not edit
	save    func([]Config) error
	onState func([]ReaderState)
	scans   chan Scan // waiting for Feed; full: dropped

	mu        sync.Mutex
	m         *Manager
	list      []Config
	listeners map[int]func(Scan)
	next      int
}

// ReaderSetOptions are what a ReaderSet needs besides its readers.
type ReaderSetOptions struct {
	// Fixed are the readers the settings screen may not edit (a station's
	// configuration file's, the demo's pad): SetReaders keeps them, and
	// never gives them to Save.
	Fixed []Config
	// Save keeps the readers the settings screen set, less the fixed ones
	// (nil: they are not kept).
	Save func([]Config) error
	// OnState hears every reader's state whenever one changes (nil: no
	// one). It is called from the readers' goroutines.
	OnState func([]ReaderState)
}

// NewReaderSet starts the readers list describes (the fixed ones among
// them). Their scans wait for Feed.
func NewReaderSet(list []Config, opt ReaderSetOptions) *ReaderSet {
	s := &ReaderSet{
		fixed:     append([]Config(nil), opt.Fixed...),
		save:      opt.Save,
		onState:   opt.OnState,
		scans:     make(chan Scan, scanQueue),
		listeners: map[int]func(Scan){},
	}
	s.restart(list)
	return s
}

func (s *ReaderSet) state(ReaderState) {
	if s.onState != nil {
		s.onState(s.States())
	}
}

// restart closes the running readers and opens list.
func (s *ReaderSet) restart(list []Config) {
	s.mu.Lock()
	old := s.m
	s.m, s.list = nil, list
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
	m := NewManager(list, s.scan, s.state)
	s.mu.Lock()
	s.m = m
	s.mu.Unlock()
	s.state(ReaderState{})
}

func (s *ReaderSet) manager() *Manager {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m
}

// Kinds lists the reader kinds this program ships.
func (s *ReaderSet) Kinds() []string { return Kinds() }

// Ports lists the serial ports found now.
func (s *ReaderSet) Ports() ([]PortInfo, error) { return Ports() }

// Readers is the configured list, the fixed readers among them.
func (s *ReaderSet) Readers() []Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Config(nil), s.list...)
}

// States is every reader's state now, in the list's order.
func (s *ReaderSet) States() []ReaderState {
	if m := s.manager(); m != nil {
		return m.States()
	}
	return nil
}

// SetReaders saves list, less the fixed readers, and reopens the readers:
// the fixed ones first, then the others. A fixed reader left out of list
// stays.
func (s *ReaderSet) SetReaders(list []Config) error {
	var editable []Config
	for _, c := range list {
		if !s.isFixed(c) {
			editable = append(editable, c)
		}
	}
	if s.save != nil {
		if err := s.save(editable); err != nil {
			return err
		}
	}
	s.restart(append(append([]Config(nil), s.fixed...), editable...))
	return nil
}

// isFixed reports whether c is one of the fixed readers: same name, kind
// and port.
func (s *ReaderSet) isFixed(c Config) bool {
	for _, f := range s.fixed {
		if f.Name == c.Name && f.Kind == c.Kind && f.Port == c.Port {
			return true
		}
	}
	return false
}

// WriteAFI writes a tag's security through the reader that saw it
// (Manager.WriteAFI).
func (s *ReaderSet) WriteAFI(ctx context.Context, uid string, afi byte) error {
	m := s.manager()
	if m == nil {
		return errors.New("no RFID reader is running")
	}
	return m.WriteAFI(ctx, uid, afi)
}

// Close stops the readers and waits for them.
func (s *ReaderSet) Close() error {
	if m := s.manager(); m != nil {
		return m.Close()
	}
	return nil
}
