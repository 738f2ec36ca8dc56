//go:build !windows

package line

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/serialport"
)

// scanner is a pty playing a serial scanner, with the driver reading the
// other end through devices.Open as a station does.
type scanner struct {
	master *os.File
	scans  chan devices.Scan
	done   chan error
}

func startScanner(t *testing.T, opts map[string]string) *scanner {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	name := slave.Name()
	slave.Close()
	r, err := devices.Open(devices.Config{Name: "desk scanner", Kind: "line", Port: name, Options: opts})
	if err != nil {
		master.Close()
		t.Fatalf("open: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &scanner{master: master, scans: make(chan devices.Scan, 16), done: make(chan error, 1)}
	go func() { s.done <- r.Run(ctx, func(sc devices.Scan) { s.scans <- sc }) }()
	t.Cleanup(func() {
		cancel()
		<-s.done
		r.Close()
		master.Close()
	})
	return s
}

func (s *scanner) next(t *testing.T) devices.Scan {
	t.Helper()
	select {
	case sc := <-s.scans:
		return sc
	case <-time.After(3 * time.Second):
		t.Fatal("no scan within 3 s")
		return devices.Scan{}
	}
}

func TestScansOverAPTY(t *testing.T) {
	s := startScanner(t, map[string]string{"suffix": "#"})
	before := time.Now()
	s.master.Write([]byte("31234000123453#\r\n"))
	sc := s.next(t)
	if sc.Kind != devices.Barcode || sc.Value != "31234000123453" || sc.Reader != "desk scanner" || string(sc.Raw) != "31234000123453#\r" {
		t.Errorf("scan %+v", sc)
	}
	if sc.At.Before(before) || time.Since(sc.At) > 2*time.Second {
		t.Errorf("scan time %v, want about now", sc.At)
	}
	// A scanner set up without a terminator: the pause ends the code.
	s.master.Write([]byte("A31234000123453B"))
	if sc := s.next(t); sc.Value != "A31234000123453B" {
		t.Errorf("unterminated scan %q", sc.Value)
	}
	// The same code twice is two scans: the station decides about repeats.
	s.master.Write([]byte("42\r42\r"))
	if a, b := s.next(t), s.next(t); a.Value != "42" || b.Value != "42" {
		t.Errorf("repeat scans %q %q", a.Value, b.Value)
	}
}

func TestUnplugEndsRun(t *testing.T) {
	s := startScanner(t, nil)
	s.master.Write([]byte("12345"))
	s.master.Close() // unplugged mid-code
	select {
	case err := <-s.done:
		if !errors.Is(err, serialport.ErrDisconnected) {
			t.Fatalf("Run after unplug: %v, want ErrDisconnected", err)
		}
		s.done <- err // for the cleanup
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not end within 3 s of the unplug")
	}
	select {
	case sc := <-s.scans:
		// The partial code may end by the idle gap before the unplug is
		// noticed; it must be exactly what was sent.
		if sc.Value != "12345" {
			t.Errorf("phantom scan %q", sc.Value)
		}
	default:
	}
}

func TestBadOptions(t *testing.T) {
	for _, opts := range []map[string]string{
		{"terminator": "CR"},
		{"idle": "soon"},
		{"idle": "-5ms"},
	} {
		_, err := devices.Open(devices.Config{Kind: "line", Port: "/dev/null", Options: opts})
		var ce *devices.ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("options %v: %v, want a ConfigError", opts, err)
		}
	}
}
