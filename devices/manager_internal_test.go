package devices

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	s := time.Second
	want := []time.Duration{1: s, 2: s, 3: 2 * s, 4: 4 * s, 5: 8 * s, 6: 10 * s, 7: 10 * s, 50: 10 * s}
	for failures, w := range want {
		if w == 0 {
			continue
		}
		if got := backoff(failures, s, 10*s); got != w {
			t.Errorf("backoff after %d failures = %v, want %v", failures, got, w)
		}
	}
}

func TestIsPath(t *testing.T) {
	for port, want := range map[string]bool{
		"/dev/ttyUSB0": true, "/dev/serial/by-id/usb-x-if00": true, "./ttyV0": true,
		"COM3": false, `\\.\COM10`: false,
	} {
		if got := isPath(port); got != want {
			t.Errorf("isPath(%q) = %v", port, got)
		}
	}
}
