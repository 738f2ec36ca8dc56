package pad

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/circdesk/circdesk/devices/serialport"
)

// Line records when a pad's line was last used, so that the next
// inventory waits until it has been quiet for the poll: an AFI write just
// done defers it. The zero Line has never been used. Safe from any
// goroutine.
type Line struct {
	last atomic.Int64 // UnixNano
}

// Used records that the line was used now.
func (l *Line) Used() { l.last.Store(time.Now().UnixNano()) }

// wait returns once the line has been quiet for poll, or ctx's error.
func (l *Line) wait(ctx context.Context, poll time.Duration) error {
	for {
		wait := time.Until(time.Unix(0, l.last.Load()).Add(poll))
		if wait <= 0 {
			return nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Lost reports errors that end the conversation with a pad: its port is
// gone or closed, or the caller gave up. Other errors (no answer, a
// garbled answer, a status the tag gave) may pass on another try.
func Lost(err error) bool {
	return errors.Is(err, serialport.ErrDisconnected) || errors.Is(err, serialport.ErrClosed) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
