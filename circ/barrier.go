package circ

import "context"

// Barrier returns once the station has handled every request sent before
// it, changing nothing and telling nobody: tests wait on it instead of
// sleeping, and a caller may use it to know earlier requests are done.
func (s *Station) Barrier(ctx context.Context) error {
	done := make(chan struct{})
	select {
	case s.reqs <- func() { close(done) }:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
