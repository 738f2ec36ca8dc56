package serialport

import (
	"errors"
	"io"
	"syscall"
	"testing"
	"time"
)

// scripted is a tarm port that answers each Read with the next scripted
// result after its delay, the way tarm/serial behaves on each platform.
type scripted struct {
	reads []result
	werr  error
}

type result struct {
	delay time.Duration
	n     int
	err   error
}

func (s *scripted) Read(b []byte) (int, error) {
	if len(s.reads) == 0 {
		return 0, errors.New("script ran out")
	}
	r := s.reads[0]
	s.reads = s.reads[1:]
	time.Sleep(r.delay)
	return r.n, r.err
}
func (s *scripted) Write(b []byte) (int, error) { return len(b), s.werr }
func (s *scripted) Flush() error                { return nil }
func (s *scripted) Close() error                { return nil }

func TestReadClassification(t *testing.T) {
	const timeout = 100 * time.Millisecond
	linuxTimeout := result{timeout, 0, io.EOF}
	hangup := result{0, 0, io.EOF}
	tests := []struct {
		name  string
		reads []result
		want  []error // per Read: nil means bytes
	}{
		{"Linux timeout: EOF after the timeout", []result{linuxTimeout, linuxTimeout, linuxTimeout, linuxTimeout},
			[]error{ErrTimeout, ErrTimeout, ErrTimeout, ErrTimeout}},
		{"Windows timeout: (0, nil)", []result{{timeout, 0, nil}, {timeout, 0, nil}},
			[]error{ErrTimeout, ErrTimeout}},
		{"hang-up: EOF at once, again and again", []result{hangup, hangup, hangup, hangup},
			[]error{ErrTimeout, ErrTimeout, ErrDisconnected, ErrDisconnected}},
		{"one quick EOF among timeouts is not an unplug", []result{hangup, linuxTimeout, hangup, {0, 3, nil}, hangup, hangup, linuxTimeout},
			[]error{ErrTimeout, ErrTimeout, ErrTimeout, nil, ErrTimeout, ErrTimeout, ErrTimeout}},
		{"EIO", []result{{0, 0, syscall.EIO}}, []error{ErrDisconnected}},
		{"bytes with an error: bytes first, then the error", []result{{0, 5, syscall.EIO}, {0, 0, syscall.EIO}},
			[]error{nil, ErrDisconnected}},
	}
	for _, tt := range tests {
		p := &port{name: "/dev/ttyTEST", sp: &scripted{reads: tt.reads}, timeout: timeout}
		buf := make([]byte, 8)
		for i, want := range tt.want {
			start := time.Now()
			n, err := p.Read(buf)
			el := time.Since(start)
			switch {
			case want == nil && (err != nil || n == 0):
				t.Errorf("%s: read %d = (%d, %v), want bytes", tt.name, i, n, err)
			case want != nil && !errors.Is(err, want):
				t.Errorf("%s: read %d = (%d, %v), want %v", tt.name, i, n, err, want)
			}
			if errors.Is(err, ErrTimeout) && el < timeout/2 {
				// A caller looping on timeouts must not spin.
				t.Errorf("%s: read %d timed out after only %v", tt.name, i, el)
			}
		}
	}
}

func TestWriteEIOIsADisconnect(t *testing.T) {
	p := &port{name: "/dev/ttyTEST", sp: &scripted{werr: syscall.EIO}, timeout: 100 * time.Millisecond}
	if _, err := p.Write([]byte("x")); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("Write with EIO: %v", err)
	}
	if _, err := p.Read(make([]byte, 1)); !errors.Is(err, ErrDisconnected) {
		t.Errorf("Read after a failed write: %v, want ErrDisconnected at once", err)
	}
}
