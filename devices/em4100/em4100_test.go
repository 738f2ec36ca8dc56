//go:build !windows

package em4100

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/serialport"
)

func TestRepeats(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a, b := vectorID, [5]byte{1, 2, 3, 4, 5}
	steps := []struct {
		id     [5]byte
		at     time.Duration
		repeat bool
	}{
		{a, 0, false},
		{a, 300 * time.Millisecond, true},  // the module repeating
		{a, 3 * time.Second, false},        // a gap: the card was lifted and shown again
		{a, 4200 * time.Millisecond, true}, // held on: 1.2 s after the last frame
		{a, 5400 * time.Millisecond, true}, // still held, 2.4 s after the scan
		{b, 5500 * time.Millisecond, false},
		{a, 5600 * time.Millisecond, false}, // another card came between
	}
	var r Repeats
	for i, s := range steps {
		if got := r.Seen(s.id, t0.Add(s.at)); got != s.repeat {
			t.Errorf("step %d (%X at %v): repeat = %v, want %v", i, s.id, s.at, got, s.repeat)
		}
	}
}

func TestCardReaderOverAPTY(t *testing.T) {
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	name := slave.Name()
	slave.Close()
	defer master.Close()
	r, err := devices.Open(devices.Config{Kind: "em4100", Port: name})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	scans := make(chan devices.Scan, 16)
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, func(s devices.Scan) { scans <- s }) }()

	// A card laid on the reader: the module repeats its frame, with line
	// noise and a corrupt frame among them.
	other := [5]byte{0x01, 0x02, 0x03, 0x04, 0x05}
	for range 4 {
		master.Write(Frame(vectorID))
		master.Write([]byte("\x00\xff\x0213005D1DA5F7\x03\x02130"))
		time.Sleep(50 * time.Millisecond)
	}
	master.Write(FrameID12(other))

	want := []devices.Scan{
		{Kind: devices.Card, Value: "13005D1DA5", Reader: "em4100 on " + name, Tag: map[string]string{
			devices.CardHex: "13005D1DA5", devices.CardDecimal: "0006102437", devices.CardFacilityCard: "093,07589"}},
		{Kind: devices.Card, Value: "0102030405"},
	}
	for i, w := range want {
		select {
		case got := <-scans:
			if got.Kind != w.Kind || got.Value != w.Value {
				t.Fatalf("scan %d: %s %q, want %s %q", i, got.Kind, got.Value, w.Kind, w.Value)
			}
			if w.Reader != "" && got.Reader != w.Reader {
				t.Errorf("reader %q, want %q", got.Reader, w.Reader)
			}
			for k, v := range w.Tag {
				if got.Tag[k] != v {
					t.Errorf("tag %s = %q, want %q", k, got.Tag[k], v)
				}
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("scan %d did not arrive", i)
		}
	}
	// A third card, read after all that: the next scan. A repeat or a
	// corrupt frame let through would have come before it.
	third := [5]byte{0x0A, 0x0B, 0x0C, 0x0D, 0x0E}
	master.Write(Frame(third))
	select {
	case got := <-scans:
		if got.Value != "0A0B0C0D0E" {
			t.Fatalf("extra scan %+v: repeats or a corrupt frame got through", got)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the third card did not arrive")
	}

	// Unplugged mid-frame: Run says the device is gone, no phantom card.
	master.Write([]byte("\x0213005D"))
	master.Close()
	select {
	case err := <-done:
		if !errors.Is(err, serialport.ErrDisconnected) {
			t.Fatalf("Run after unplug: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not end after the unplug")
	}
	cancel()
	if len(scans) != 0 {
		t.Errorf("phantom scan after unplug: %+v", <-scans)
	}
}

func TestNoOptions(t *testing.T) {
	_, err := devices.Open(devices.Config{Kind: "em4100", Port: "/dev/null", Options: map[string]string{"format": "dec"}})
	var ce *devices.ConfigError
	if !errors.As(err, &ce) {
		t.Errorf("unknown option: %v, want a ConfigError", err)
	}
}
