package pad

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/devices/serialport"
)

// Framing is how a family's frames of type F look on the line.
type Framing[F any] struct {
	// Parse reads the frame at the start of b and how many bytes it took
	// (a bad frame: an error and the bytes to skip); Incomplete when b
	// holds only the start of a frame.
	Parse      func(b []byte) (f F, n int, err error)
	Incomplete error
	// Find finds a whole frame anywhere in b, behind noise.
	Find func(b []byte) (f F, start, end int, ok bool)
	// MaxFrame is the longest frame in bytes.
	MaxFrame int
}

// Conn is a pad's serial line: one command and its answer at a time,
// with the family's framing. Its caller keeps one command in flight.
type Conn[F any] struct {
	Port     serialport.Port
	Device   string        // the reader for people ("the FEIG reader"), in errors
	NoAnswer error         // what a command gets no valid answer to wraps
	Baud     int           // the line speed
	Bits     int           // bits a byte takes on the wire (start, data, parity, stop)
	Timeout  time.Duration // how long the reader may take to start answering
	Framing  Framing[F]
	// Retry reports whether an answer that parse refused with err is
	// worth sending the command again (a marginal read, a failure the
	// reader reports).
	Retry func(err error) bool

	Line Line // when the line was last used: Loop's pause
	buf  []byte
}

// wire is how long n bytes take on the line.
func (c *Conn[F]) wire(n int) time.Duration {
	return time.Duration(n) * time.Duration(c.Bits) * time.Second / time.Duration(c.Baud)
}

// RoundTrip sends out once and waits for the frame answers accepts: the
// first byte within Timeout (after out's own time on the wire), the frame
// before the line goes quiet.
func (c *Conn[F]) RoundTrip(ctx context.Context, out []byte, answers func(F) bool) (F, error) {
	var none F
	defer c.Line.Used()
	if err := c.Port.Flush(); err != nil && Lost(err) {
		return none, err
	}
	if _, err := c.Port.Write(out); err != nil {
		return none, fmt.Errorf("send to %s: %w", c.Device, err)
	}
	firstBy := time.Now().Add(c.wire(len(out)) + c.Timeout)
	giveUp := firstBy.Add(c.wire(c.Framing.MaxFrame))
	c.buf = c.buf[:0]
	var last time.Time
	tmp := make([]byte, 1024)
	for {
		n, err := c.Port.Read(tmp)
		now := time.Now()
		if n > 0 {
			c.buf = append(c.buf, tmp[:n]...)
			last = now
			for len(c.buf) > 0 {
				f, k, perr := c.Framing.Parse(c.buf)
				if errors.Is(perr, c.Framing.Incomplete) {
					break
				}
				c.buf = c.buf[k:]
				if perr == nil && answers(f) {
					return f, nil
				}
			}
		}
		switch {
		case err == nil, errors.Is(err, serialport.ErrTimeout):
		default:
			return none, err
		}
		if err := ctx.Err(); err != nil {
			return none, err
		}
		switch {
		case last.IsZero() && now.After(firstBy):
			return none, fmt.Errorf("%w within %v", c.NoAnswer, c.Timeout)
		case !last.IsZero() && n == 0:
			// The line went quiet with no frame at the start of the buffer:
			// noise may have claimed a length; the answer may be behind it.
			if f, _, _, ok := c.Framing.Find(c.buf); ok && answers(f) {
				return f, nil
			}
			return none, fmt.Errorf("%w: %d bytes that are no answer", c.NoAnswer, len(c.buf))
		case now.After(giveUp):
			return none, fmt.Errorf("%w: %d bytes of noise", c.NoAnswer, len(c.buf))
		}
	}
}

// Do sends out until parse accepts the answer, at most tries times: a
// missing or garbled answer is tried again, and an answer parse refuses
// when Retry says so.
func (c *Conn[F]) Do(ctx context.Context, out []byte, answers func(F) bool, tries int, parse func(F) error) error {
	var err error
	for range tries {
		var f F
		if f, err = c.RoundTrip(ctx, out, answers); err != nil {
			if Lost(err) {
				return err
			}
			continue
		}
		if err = parse(f); err == nil || !c.Retry(err) {
			return err
		}
	}
	return err
}
