package circ

import (
	"context"

	"github.com/circdesk/circdesk/devices"
)

// Job is work that takes over a station's scans for a while: a book-set
// handout, an inventory. While a job runs the kiosk session is closed and
// every scan, from every reader, goes to the job instead, on the station's
// goroutine, one at a time and in order.
type Job interface {
	// Scan handles one scan. It runs on the station goroutine, so it must
	// not call the station back.
	Scan(ctx context.Context, sc devices.Scan)
}

// Begin hands the station's scans to j until End. Any kiosk session ends.
// A job that was running is replaced.
func (s *Station) Begin(ctx context.Context, j Job) (State, error) {
	return s.call(ctx, func() {
		s.reset()
		s.job = j
		s.st.Job = j != nil
	})
}

// End gives the scans back to the kiosk session, if j is the running job.
func (s *Station) End(ctx context.Context, j Job) (State, error) {
	return s.call(ctx, func() {
		if s.job == j {
			s.job = nil
			s.st.Job = false
		}
	})
}

// Security is the station's RFID security writer (nil without pads), for
// jobs that lend or return tagged items.
func (s *Station) Security() Security { return s.security }

// AFI is the pair of security values the station writes.
func (s *Station) AFI() AFI { return s.afi }

// Desk is the desk the station decides with, for jobs.
func (s *Station) Desk() *Desk { return s.desk }

// Identify finds the patron whose card number (as typed or scanned) is card,
// and says whether they may borrow: code is "" when they may. Like a scan at
// the desk, an unknown card is asked of the library server. It reads the
// cache and may ask the server, so it runs on the caller's goroutine.
func (s *Station) Identify(ctx context.Context, card string) (Patron, Code, error) {
	key := s.rules.Clean(card)
	p, _, code, err := s.desk.Identify(ctx, key, s.rules.Account(key))
	return p, code, err
}

// Rules is the station's scan classifier, for jobs.
func (s *Station) Rules() *Classifier { return s.rules }
