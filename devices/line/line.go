// Package line is the driver for barcode scanners in serial or USB-CDC
// (virtual COM port) mode: each code arrives as a line of text. It registers
// the reader kind "line".
//
// Options (devices.Config.Options):
//
//	prefix  text the scanner is programmed to send before each code; removed
//	suffix  text it sends after each code (before the terminator); removed
//	idle    how long a pause ends a code that has no terminator ("80ms";
//	        "off" to wait for CR or LF only)
//
// The default line settings are 9600 8N1, a scanner's factory setting.
package line

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/serialport"
)

// Kind is the reader kind this package registers.
const Kind = "line"

// Defaults are a serial scanner's factory settings.
var Defaults = serialport.Settings{Baud: 9600, DataBits: 8, Parity: "N", StopBits: 1}

func init() { devices.Register(Kind, Open) }

// Open opens a line-mode scanner on cfg.Port.
func Open(cfg devices.Config) (devices.Reader, error) {
	fr, err := newFramer(cfg)
	if err != nil {
		return nil, err
	}
	p, err := serialport.Open(cfg, Defaults)
	if err != nil {
		return nil, err
	}
	return &reader{label: cfg.Label(), port: p, framer: fr}, nil
}

// newFramer reads the framing options.
func newFramer(cfg devices.Config) (*Framer, error) {
	fr := &Framer{Prefix: cfg.Options["prefix"], Suffix: cfg.Options["suffix"]}
	for k := range cfg.Options {
		switch k {
		case "prefix", "suffix", "idle":
		default:
			return nil, &devices.ConfigError{Reader: cfg.Label(), Err: fmt.Errorf("%q is not an option of a line scanner (it has prefix, suffix and idle)", k)}
		}
	}
	if v, ok := cfg.Options["idle"]; ok {
		switch v {
		case "off", "none", "0":
			fr.Idle = -1
		default:
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 || d > 5*time.Second {
				return nil, &devices.ConfigError{Reader: cfg.Label(), Err: fmt.Errorf("idle %q is not a pause like \"80ms\" (up to 5s) or \"off\"", v)}
			}
			fr.Idle = d
		}
	}
	label := cfg.Label()
	fr.Warn = func(msg string) { slog.Warn(msg, "reader", label) }
	return fr, nil
}

// reader is an open line-mode scanner.
type reader struct {
	label  string
	port   serialport.Port
	framer *Framer
}

// Run reads codes until ctx ends or the port fails.
func (r *reader) Run(ctx context.Context, emit func(devices.Scan)) error {
	buf := make([]byte, 4096)
	for ctx.Err() == nil {
		n, err := r.port.Read(buf)
		now := time.Now()
		var frames []Frame
		switch {
		case n > 0:
			frames = r.framer.Feed(buf[:n], now)
		case errors.Is(err, serialport.ErrTimeout):
			frames = r.framer.Flush(now)
		case err != nil:
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		for _, f := range frames {
			emit(devices.Scan{Kind: devices.Barcode, Value: f.Value, Raw: f.Raw, Reader: r.label, At: f.At})
		}
	}
	return nil
}

// Close releases the port; it never blocks.
func (r *reader) Close() error { return r.port.Close() }
