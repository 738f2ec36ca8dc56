package sip2

import (
	"bytes"
	"context"
	"io"
	"net"
	"time"
)

// FaultKind is a misbehaviour a test asks a Server for.
type FaultKind int

// The faults a Server can inject.
const (
	// FaultDropBefore closes the connection without applying the request.
	FaultDropBefore FaultKind = iota + 1
	// FaultDropAfter applies the request, then closes the connection
	// without answering.
	FaultDropAfter
	// FaultDelay applies the request and answers after Fault.Delay (a
	// stalled server, when longer than the client's timeout).
	FaultDelay
	// FaultCorruptChecksum answers with a wrong AZ checksum (adding a
	// trailer when the answer had none).
	FaultCorruptChecksum
	// FaultGarbage answers with bytes that are not SIP2.
	FaultGarbage
	// FaultTruncate writes the first half of the answer and closes the
	// connection.
	FaultTruncate
	// FaultOversize answers with a line longer than MaxMessage.
	FaultOversize
	// FaultMalformed answers with a message whose fixed fields are cut
	// short.
	FaultMalformed
	// FaultStall never answers and applies nothing: the server holds the
	// connection open, reading nothing more, until the station hangs up
	// or the server closes (Close, or its IdleTimeout).
	FaultStall
)

// Fault is for tests and demos: a misbehaviour the Server applies to the next
// matching requests.
type Fault struct {
	Kind    FaultKind
	Message string        // the request identifier it applies to ("11"); "" is any request
	Item    string        // the item (AB) of the requests it applies to; "" is any
	Patron  string        // the patron (AA) of the requests it applies to, as sent; "" is any
	Times   int           // how many requests it applies to; 0 or less: every one until ClearFaults
	Delay   time.Duration // for FaultDelay
}

// Inject is for tests: the server misbehaves as f says from now on.
// Faults apply in the order injected, one per request.
func (s *Server) Inject(f Fault) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults is for tests: the server behaves again.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = nil
}

// matches reports whether f applies to req.
func (f *Fault) matches(req *Message) bool {
	return (f.Message == "" || f.Message == req.ID) &&
		(f.Item == "" || f.Item == req.Value("AB")) &&
		(f.Patron == "" || f.Patron == req.Value("AA"))
}

// takeFault returns the fault to apply to req, if any.
func (s *Server) takeFault(req *Message) *Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for i, f := range s.faults {
		if !f.matches(req) {
			continue
		}
		out := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return &out
	}
	return nil
}

// stall holds the connection without answering until the station hangs up
// or the server closes it (Close, or the idle timeout's read deadline);
// whatever the station sends meanwhile is dropped.
func (s *Server) stall(ctx context.Context, nc net.Conn) {
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	io.Copy(io.Discard, nc) //nolint:errcheck // ends when the connection does
}

// faulty sends out (an answer with its CR) as the fault f says; false
// closes the connection.
func (s *Server) faulty(ctx context.Context, nc net.Conn, f *Fault, out []byte) bool {
	s.log.Debug("fault", "kind", f.Kind)
	switch f.Kind {
	case FaultDropAfter:
		return false
	case FaultDelay:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return false
		}
		return s.write(nc, out)
	case FaultCorruptChecksum:
		b := bytes.TrimRight(out, "\r")
		n := len(b)
		if n >= 6 && b[n-6] == 'A' && b[n-5] == 'Z' {
			bad := append([]byte(nil), b...)
			if bad[n-1] == '0' {
				bad[n-1] = '1'
			} else {
				bad[n-1] = '0'
			}
			return s.write(nc, append(bad, '\r'))
		}
		return s.write(nc, append(append([]byte(nil), b...), "AY0AZ0000\r"...))
	case FaultGarbage:
		return s.write(nc, []byte("\x00\xff\xfeHTTP/1.1 400 Bad Request\x1b[0m\r"))
	case FaultTruncate:
		s.write(nc, out[:len(out)/2])
		return false
	case FaultOversize:
		big := bytes.Repeat([]byte("AF"), MaxMessage/2+8)
		return s.write(nc, append(append([]byte("12"), big...), '\r'))
	case FaultMalformed:
		return s.write(nc, []byte("121N\r"))
	}
	return s.write(nc, out)
}
