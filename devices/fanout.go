package devices

import (
	"context"
	"log/slog"
)

// scanQueue is how many reader scans may wait for the station; a pad
// reading a stack of books sends many at once. A scan that finds the
// queue full is dropped, with a warning: a reader never waits for the
// station.
const scanQueue = 256

// scan takes a scan from the manager: into the station's queue (dropped
// when it is full), then to every listener.
func (s *ReaderSet) scan(sc Scan) {
	select {
	case s.scans <- sc:
	default:
		slog.Warn("scans are arriving faster than the station takes them; one was dropped", "reader", sc.Reader)
	}
	s.mu.Lock()
	fns := make([]func(Scan), 0, len(s.listeners))
	for _, fn := range s.listeners {
		fns = append(fns, fn)
	}
	s.mu.Unlock()
	for _, fn := range fns {
		fn(sc)
	}
}

// Listen sends fn every scan from every reader, from the readers'
// goroutines, until stop is called: the settings screen's live test view.
func (s *ReaderSet) Listen(fn func(Scan)) (stop func()) {
	s.mu.Lock()
	id := s.next
	s.next++
	s.listeners[id] = fn
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.listeners, id)
		s.mu.Unlock()
	}
}

// Route says where the queued scans go.
type Route struct {
	// Station takes a scan: the circulation station (circ.Station.Scan),
	// which may meanwhile ask a reader to write a tag. Its error is logged.
	Station func(context.Context, Scan) error
	// ToStation reports whether the station takes scans now: false while
	// the window shows something else (a librarian view); nil: always.
	// Such a scan never reaches the station: it goes to Elsewhere.
	ToStation func() bool
	// Elsewhere takes a scan the station did not take: the window, which
	// gives it to what it shows (the librarian's PIN pad takes a staff
	// badge); nil: dropped. Listeners heard it anyway.
	Elsewhere func(Scan)
}

// Feed hands the queued scans to the station one at a time, in order,
// until ctx ends, so that a reader never waits for a checkout.
func (s *ReaderSet) Feed(ctx context.Context, to Route) {
	for {
		select {
		case <-ctx.Done():
			return
		case sc := <-s.scans:
			if to.ToStation != nil && !to.ToStation() {
				slog.Debug("reader scan not for the station: a librarian view is showing", "reader", sc.Reader)
				if to.Elsewhere != nil {
					to.Elsewhere(sc)
				}
				continue
			}
			if err := to.Station(ctx, sc); err != nil && ctx.Err() == nil {
				slog.Error("reader scan", "reader", sc.Reader, "err", err)
			}
		}
	}
}
