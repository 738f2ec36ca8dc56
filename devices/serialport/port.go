// Package serialport is the serial transport the reader drivers share: a
// small Port interface and Open, built on github.com/tarm/serial and used the
// safe way (always a short read timeout, a timeout told apart from an unplug
// in one place, a Close that never blocks).
//
// A driver's read loop looks like this:
//
//	for ctx.Err() == nil {
//		n, err := p.Read(buf)
//		if errors.Is(err, serialport.ErrTimeout) {
//			continue // nothing arrived within ReadTimeout: look at ctx, idle gaps, …
//		}
//		if err != nil {
//			return err // ErrDisconnected or ErrClosed: the manager reopens
//		}
//		handle(buf[:n])
//	}
package serialport

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tarm/serial"

	"github.com/circdesk/circdesk/devices"
)

// Port is an open serial port as a driver sees it.
//
// Read and Write may be called from different goroutines; Close may be
// called from any goroutine at any time, also while a Read is pending.
type Port interface {
	// Read waits at most the port's read timeout (100–200 ms) for bytes.
	// It returns (n > 0, nil) when bytes arrived, (0, ErrTimeout) when none
	// did, and (0, an error wrapping ErrDisconnected) once the device is
	// gone; after Close it returns ErrClosed.
	Read(p []byte) (int, error)
	// Write sends p. A failure that means the device is gone wraps
	// ErrDisconnected.
	Write(p []byte) (int, error)
	// Flush discards bytes received and not yet read and bytes written and
	// not yet sent: a command-response driver calls it before a command so
	// that a stale answer is not taken for the new one.
	Flush() error
	// Close releases the port. It never blocks: a pending Read returns
	// within the read timeout. Calling it again does nothing.
	Close() error
	// Name is the path or COM name the port was opened with.
	Name() string
}

var (
	// ErrTimeout is what Read returns when nothing arrived within the read
	// timeout. It is not a failure: read again.
	ErrTimeout error = timeoutError{}
	// ErrDisconnected means the device went away (unplugged, powered off,
	// the far end of a pseudo-terminal closed).
	ErrDisconnected = errors.New("the device was disconnected")
	// ErrClosed means the port was closed by this program.
	ErrClosed = errors.New("the port is closed")
)

type timeoutError struct{}

func (timeoutError) Error() string   { return "no data within the read timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// Settings are line settings. Open takes a reader kind's defaults as
// Settings and lets the fields set in devices.Config override them.
type Settings struct {
	Baud     int    // e.g. 9600; ignored by USB-CDC devices
	DataBits int    // 5–8
	Parity   string // "N", "E" or "O"
	StopBits int    // 1 or 2
	// ReadTimeout bounds each Read; it is clamped to 100–200 ms (tarm/serial
	// counts it in tenths of a second). 0 means 100 ms.
	ReadTimeout time.Duration
}

// The read timeout range: short enough that Close and context cancellation
// are prompt, long enough that an idle port costs nothing.
const (
	MinReadTimeout = 100 * time.Millisecond
	MaxReadTimeout = 200 * time.Millisecond
)

// Resolve returns defaults with the fields cfg sets applied, checked. It is
// what Open uses; drivers may call it to validate a configuration early.
func Resolve(cfg devices.Config, defaults Settings) (Settings, error) {
	s := defaults
	if s.Baud == 0 {
		s.Baud = 9600
	}
	if s.DataBits == 0 {
		s.DataBits = 8
	}
	if s.Parity == "" {
		s.Parity = "N"
	}
	if s.StopBits == 0 {
		s.StopBits = 1
	}
	if cfg.Baud != 0 {
		s.Baud = cfg.Baud
	}
	if cfg.DataBits != 0 {
		s.DataBits = cfg.DataBits
	}
	if cfg.Parity != "" {
		s.Parity = cfg.Parity
	}
	if cfg.StopBits != 0 {
		s.StopBits = cfg.StopBits
	}
	s.Parity = strings.ToUpper(strings.TrimSpace(s.Parity))
	switch {
	case s.ReadTimeout <= 0:
		s.ReadTimeout = MinReadTimeout
	case s.ReadTimeout < MinReadTimeout:
		s.ReadTimeout = MinReadTimeout
	case s.ReadTimeout > MaxReadTimeout:
		s.ReadTimeout = MaxReadTimeout
	}
	// Round down to tenths of a second, as the driver does, so that the
	// timing of an early EOF is judged against the real timeout.
	s.ReadTimeout = s.ReadTimeout.Truncate(100 * time.Millisecond)

	if !validBaud(s.Baud) {
		return s, fmt.Errorf("%d baud is not a rate a serial port supports (try 9600, 19200, 38400, 57600 or 115200)", s.Baud)
	}
	if s.DataBits < 5 || s.DataBits > 8 {
		return s, fmt.Errorf("%d data bits is not possible: use 5, 6, 7 or 8", s.DataBits)
	}
	switch s.Parity {
	case "N", "E", "O":
	default:
		return s, fmt.Errorf("parity %q is not supported: use N (none), E (even) or O (odd)", s.Parity)
	}
	if s.StopBits != 1 && s.StopBits != 2 {
		return s, fmt.Errorf("%d stop bits is not possible: use 1 or 2", s.StopBits)
	}
	return s, nil
}

// bauds are the rates tarm/serial accepts on every platform.
var bauds = map[int]bool{
	50: true, 75: true, 110: true, 134: true, 150: true, 200: true, 300: true,
	600: true, 1200: true, 1800: true, 2400: true, 4800: true, 9600: true,
	19200: true, 38400: true, 57600: true, 115200: true, 230400: true,
	460800: true, 921600: true,
}

func validBaud(b int) bool { return bauds[b] }

// Open opens the serial port cfg.Port with defaults overridden by the
// settings cfg gives. Its errors are sentences a librarian can act on:
// settings that cannot work are a *devices.ConfigError, a port that cannot
// be opened (missing, busy, no permission) an *OpenError.
func Open(cfg devices.Config, defaults Settings) (Port, error) {
	if cfg.Port == "" {
		return nil, &devices.ConfigError{Reader: cfg.Label(), Err: errors.New("no serial port is configured")}
	}
	s, err := Resolve(cfg, defaults)
	if err != nil {
		return nil, &devices.ConfigError{Reader: cfg.Label(), Err: err}
	}
	tp, err := serial.OpenPort(&serial.Config{
		Name:        cfg.Port,
		Baud:        s.Baud,
		ReadTimeout: s.ReadTimeout,
		Size:        byte(s.DataBits),
		Parity:      serial.Parity(s.Parity[0]),
		StopBits:    serial.StopBits(s.StopBits),
	})
	if err != nil {
		return nil, openError(cfg.Port, err)
	}
	return &port{name: cfg.Port, sp: tp, timeout: s.ReadTimeout}, nil
}

// openError turns what the OS said into a sentence with a way out; the
// OS error stays reachable with errors.Is and errors.As.
func openError(name string, err error) error {
	switch {
	case errors.Is(err, os.ErrPermission):
		return &OpenError{Port: name, Msg: "cannot open " + name + ": permission denied — " + permissionHint(), Err: err}
	case errors.Is(err, os.ErrNotExist):
		return &OpenError{Port: name, Msg: "cannot open " + name + ": there is no such port — is the reader plugged in?", Err: err}
	case errors.Is(err, syscall.EBUSY):
		return &OpenError{Port: name, Msg: "cannot open " + name + ": another program is using it", Err: err}
	}
	return &OpenError{Port: name, Msg: fmt.Sprintf("cannot open %s: %v", name, unwrapPath(err)), Err: err}
}

// unwrapPath drops the "open /dev/x:" that *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// OpenError is why a port could not be opened.
type OpenError struct {
	Port string
	Msg  string // a sentence for people
	Err  error  // what the OS said
}

func (e *OpenError) Error() string { return e.Msg }
func (e *OpenError) Unwrap() error { return e.Err }

// permissionHint says how to get access to serial ports on this system.
func permissionHint() string {
	switch runtime.GOOS {
	case "linux":
		return "add the user to the dialout group (sudo usermod -aG dialout $USER), then log in again"
	case "windows":
		return "close any other program using the port, or run as a user allowed to use it"
	default:
		return "give the user access to the device file"
	}
}

// rawPort is what port needs of a *serial.Port.
type rawPort interface {
	io.ReadWriteCloser
	Flush() error
}

// fastEOFs is how many end-of-file reads in a row, each much sooner than the
// read timeout, mean the device is gone rather than quiet.
const fastEOFs = 3

// port is Port over a tarm/serial port. It is the one place where tarm's
// ambiguous (0, io.EOF) — a timeout on Linux, but also what a vanished
// device returns, at once — is told apart.
type port struct {
	name    string
	sp      rawPort
	timeout time.Duration

	readMu sync.Mutex // one Read at a time: fast counts the reader's EOFs
	fast   int

	mu     sync.Mutex
	closed bool
	gone   error // set once the device is known to be gone
}

func (p *port) Name() string { return p.name }

func (p *port) state() (closed bool, gone error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed, p.gone
}

// lost records that the device is gone and returns the error saying so.
func (p *port) lost(cause error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone == nil {
		if cause != nil {
			p.gone = fmt.Errorf("%s: %w (%v)", p.name, ErrDisconnected, unwrapPath(cause))
		} else {
			p.gone = fmt.Errorf("%s: %w", p.name, ErrDisconnected)
		}
	}
	return p.gone
}

func (p *port) Read(b []byte) (int, error) {
	p.readMu.Lock()
	defer p.readMu.Unlock()
	if closed, gone := p.state(); closed {
		return 0, ErrClosed
	} else if gone != nil {
		return 0, gone
	}
	if len(b) == 0 {
		return 0, nil
	}
	start := time.Now()
	n, err := p.sp.Read(b)
	if n > 0 {
		p.fast = 0
		return n, nil // bytes are bytes, whatever came with them; the next Read tells
	}
	if closed, _ := p.state(); closed {
		return 0, ErrClosed
	}
	switch {
	case err == nil:
		// Windows reports a timeout as (0, nil).
		return 0, ErrTimeout
	case errors.Is(err, io.EOF):
		// Linux and macOS report a timeout as (0, EOF) after the timeout,
		// and a hang-up as (0, EOF) at once. Some quick EOFs are normal
		// (a signal, a scheduler hiccup); several in a row are not.
		if time.Since(start) >= p.timeout/2 {
			p.fast = 0
			return 0, ErrTimeout
		}
		p.fast++
		if p.fast >= fastEOFs {
			return 0, p.lost(nil)
		}
		// Wait out the rest of a timeout so that a dead device does not
		// make the caller spin.
		time.Sleep(p.timeout/2 - time.Since(start))
		return 0, ErrTimeout
	case errors.Is(err, os.ErrClosed):
		return 0, ErrClosed
	case isTimeout(err):
		return 0, ErrTimeout
	default:
		// EIO, ENXIO, "device not configured", a Windows handle error: gone.
		return 0, p.lost(err)
	}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func (p *port) Write(b []byte) (int, error) {
	if closed, gone := p.state(); closed {
		return 0, ErrClosed
	} else if gone != nil {
		return 0, gone
	}
	n, err := p.sp.Write(b)
	if err == nil {
		return n, nil
	}
	if closed, _ := p.state(); closed || errors.Is(err, os.ErrClosed) {
		return n, ErrClosed
	}
	if isTimeout(err) {
		return n, fmt.Errorf("write to %s: %w", p.name, err)
	}
	return n, p.lost(err)
}

func (p *port) Flush() error {
	if closed, gone := p.state(); closed {
		return ErrClosed
	} else if gone != nil {
		return gone
	}
	if err := p.sp.Flush(); err != nil {
		return fmt.Errorf("flush %s: %w", p.name, err)
	}
	return nil
}

// Close closes the tarm port without waiting for a pending Read: the
// runtime keeps the descriptor until that Read returns, which the read
// timeout bounds. Should the platform's close block after all, Close still
// returns once the read timeout has passed.
func (p *port) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	done := make(chan error, 1)
	go func() { done <- p.sp.Close() }()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, os.ErrClosed) {
			return fmt.Errorf("close %s: %w", p.name, err)
		}
		return nil
	case <-time.After(2 * p.timeout):
		return nil
	}
}
