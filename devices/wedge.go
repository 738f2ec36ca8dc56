package devices

import (
	"strings"
	"time"
)

// WedgeConfig tunes how keystrokes are told apart from a keyboard-wedge scan.
type WedgeConfig struct {
	// MinLength is the fewest characters a scan can have (default 6).
	MinLength int
	// MaxAverageGap is the largest mean gap between keys of a scan (default 35 ms).
	// The whole burst is timed, not each key: a GUI toolkit may hand over
	// several keys in one frame and then none for a frame.
	MaxAverageGap time.Duration
	// MaxGap is the largest single gap tolerated inside a scan (default 100 ms).
	MaxGap time.Duration
	// Prefix, when set, marks a scan whatever its timing: the scanner is
	// programmed to send it first. It is removed from the value.
	Prefix string
}

func (c WedgeConfig) withDefaults() WedgeConfig {
	if c.MinLength <= 0 {
		c.MinLength = 6
	}
	if c.MaxAverageGap <= 0 {
		c.MaxAverageGap = 35 * time.Millisecond
	}
	if c.MaxGap <= 0 {
		c.MaxGap = 100 * time.Millisecond
	}
	return c
}

// Wedge recognises barcode scans in a stream of typed characters. Feed it
// every rune and every Enter with the time it arrived; it reports a Scan when
// the keys since the last Enter came fast enough (or began with the configured
// prefix) and drops anything a person typed. It is not safe for concurrent use:
// the window's input goroutine owns it.
type Wedge struct {
	cfg   WedgeConfig
	buf   strings.Builder
	times []time.Time
}

// NewWedge returns a detector with cfg's settings (zero fields take defaults).
func NewWedge(cfg WedgeConfig) *Wedge {
	return &Wedge{cfg: cfg.withDefaults()}
}

// Rune records one typed character.
func (w *Wedge) Rune(r rune, at time.Time) {
	if n := len(w.times); n > 0 && at.Sub(w.times[n-1]) > w.cfg.MaxGap && !w.prefixed() {
		// A pause this long means a person is typing: start over from this key.
		w.Reset()
	}
	w.buf.WriteRune(r)
	w.times = append(w.times, at)
}

// Enter records the Enter key that ends a scan. It returns the scan and true
// when the keys since the previous Enter were a scan.
func (w *Wedge) Enter(at time.Time) (Scan, bool) {
	defer w.Reset()
	value := w.buf.String()
	if w.prefixed() {
		value = strings.TrimPrefix(value, w.cfg.Prefix)
		if value == "" {
			return Scan{}, false
		}
		return w.scan(value, at), true
	}
	n := len(w.times)
	if n < w.cfg.MinLength {
		return Scan{}, false
	}
	if at.Sub(w.times[n-1]) > w.cfg.MaxGap {
		return Scan{}, false
	}
	// n keys plus the Enter make n gaps.
	span := at.Sub(w.times[0])
	if span > time.Duration(n)*w.cfg.MaxAverageGap {
		return Scan{}, false
	}
	return w.scan(value, at), true
}

// Reset forgets any partial input.
func (w *Wedge) Reset() {
	w.buf.Reset()
	w.times = w.times[:0]
}

func (w *Wedge) prefixed() bool {
	return w.cfg.Prefix != "" && strings.HasPrefix(w.buf.String(), w.cfg.Prefix)
}

func (w *Wedge) scan(value string, at time.Time) Scan {
	return Scan{Kind: Barcode, Value: value, Raw: []byte(w.buf.String()), Reader: "keyboard", At: at}
}
