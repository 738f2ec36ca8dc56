package devices

import (
	"testing"
	"time"
)

// feed types s with the given gaps between keys (the last gap before Enter).
func feed(w *Wedge, s string, gaps func(i int) time.Duration) (Scan, bool) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for i, r := range s {
		w.Rune(r, at)
		at = at.Add(gaps(i))
	}
	return w.Enter(at)
}

func every(d time.Duration) func(int) time.Duration { return func(int) time.Duration { return d } }

// frames mimics a toolkit that delivers keys once per 16 ms frame: a few in
// one frame (gap 0), then a frame's wait.
func frames(i int) time.Duration {
	if i%3 == 2 {
		return 16 * time.Millisecond
	}
	return 0
}

func TestWedge(t *testing.T) {
	tests := []struct {
		name   string
		cfg    WedgeConfig
		input  string
		gaps   func(int) time.Duration
		want   string
		isScan bool
	}{
		{"scanner at 8 ms a key", WedgeConfig{}, "31234000123453", every(8 * time.Millisecond), "31234000123453", true},
		{"keys delivered per frame", WedgeConfig{}, "1234567", frames, "1234567", true},
		{"scanner with an occasional 16 ms gap", WedgeConfig{}, "1234567", func(i int) time.Duration {
			if i == 3 {
				return 16 * time.Millisecond
			}
			return 8 * time.Millisecond
		}, "1234567", true},
		{"a person typing at 150 ms a key", WedgeConfig{}, "1234567", every(150 * time.Millisecond), "", false},
		{"a fast typist at 60 ms a key", WedgeConfig{}, "1234567", every(60 * time.Millisecond), "", false},
		{"too short to be a scan", WedgeConfig{}, "12345", every(5 * time.Millisecond), "", false},
		{"shorter minimum configured", WedgeConfig{MinLength: 4}, "1234", every(5 * time.Millisecond), "1234", true},
		{"prefix marks a slow scan", WedgeConfig{Prefix: "~"}, "~42", every(200 * time.Millisecond), "42", true},
		{"prefix alone is nothing", WedgeConfig{Prefix: "~"}, "~", every(5 * time.Millisecond), "", false},
	}
	for _, tt := range tests {
		w := NewWedge(tt.cfg)
		sc, ok := feed(w, tt.input, tt.gaps)
		if ok != tt.isScan || sc.Value != tt.want {
			t.Errorf("%s: got (%q, %v), want (%q, %v)", tt.name, sc.Value, ok, tt.want, tt.isScan)
		}
		if ok && (sc.Kind != Barcode || sc.Reader != "keyboard") {
			t.Errorf("%s: scan %+v, want a keyboard barcode scan", tt.name, sc)
		}
	}
}

func TestWedgeTypingThenScan(t *testing.T) {
	// A person types two keys slowly, pauses, then a scanner sends a code:
	// the stray keys are dropped and the scan survives.
	w := NewWedge(WedgeConfig{})
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	w.Rune('9', at)
	w.Rune('9', at.Add(300*time.Millisecond))
	at = at.Add(time.Second)
	for _, r := range "1234567" {
		w.Rune(r, at)
		at = at.Add(10 * time.Millisecond)
	}
	sc, ok := w.Enter(at)
	if !ok || sc.Value != "1234567" {
		t.Fatalf("got (%q, %v), want the scanned code alone", sc.Value, ok)
	}
	// After a scan the detector starts clean.
	if _, ok := w.Enter(at.Add(time.Millisecond)); ok {
		t.Error("a bare Enter after a scan was taken for another scan")
	}
}
