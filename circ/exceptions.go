package circ

import (
	"context"
	"strings"
)

// ErrNoNote is returned when an exception is resolved without saying how.
var ErrNoNote = NewSaid(KindInvalid, "say what was done to resolve it")

// Exceptions lists the library server's refusals for the librarian, newest
// first.
func (s *Station) Exceptions(ctx context.Context, f ExceptionFilter) ([]Exception, error) {
	return s.desk.Store.Exceptions(ctx, f)
}

// ResolveException closes an exception with what the librarian did.
func (s *Station) ResolveException(ctx context.Context, id int64, note string) error {
	if strings.TrimSpace(note) == "" {
		return ErrNoNote
	}
	return s.desk.Store.ResolveException(ctx, id, strings.TrimSpace(note), s.desk.Clock.Now())
}

// RetryException sends an exception's transaction to the library server
// again, with the next replay.
func (s *Station) RetryException(ctx context.Context, id int64) error {
	if err := s.desk.Store.RetryException(ctx, id, s.desk.Clock.Now()); err != nil {
		return err
	}
	if s.desk.Link != nil {
		s.desk.Link.settled(true)
		s.desk.Link.Wake()
	}
	// The status bar counts it as pending again.
	_, err := s.call(ctx, func() { s.refreshPending(ctx) })
	return err
}

// Server is what the status bar shows of the library server.
func (s *Station) Server() LinkState { return s.desk.Link.State() }
