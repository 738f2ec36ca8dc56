//go:build !windows

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// syncBuffer is a bytes.Buffer the command writes from its reader's
// goroutine while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitLines waits until out holds n complete lines.
func waitLines(t *testing.T, out *syncBuffer, n int) []string {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		s := out.String()
		if lines := strings.SplitAfter(s, "\n"); strings.Count(s, "\n") >= n {
			for i := range lines {
				lines[i] = strings.TrimSuffix(lines[i], "\n")
			}
			return lines[:n]
		}
		if time.Now().After(deadline) {
			t.Fatalf("wanted %d lines within 3 s, got %q", n, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestDevicesWatchLineScanner(t *testing.T) {
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	name := slave.Name()
	slave.Close()
	defer master.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"devices", "watch", "--kind", "line", "--port", name, "--baud", "9600", "--json"}, &out, &errOut)
	}()
	// Let the reader open before the scanner sends, as a person would.
	time.Sleep(300 * time.Millisecond)
	master.Write([]byte("31234000123453\r\n"))
	master.Write([]byte("A30234000517861B\r"))
	lines := waitLines(t, &out, 2)

	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatalf("line %q is not a JSON object: %v", lines[0], err)
	}
	for _, k := range []string{"kind", "value", "raw", "reader", "at", "tag"} {
		if _, ok := got[k]; !ok {
			t.Errorf("scan %s has no %q", lines[0], k)
		}
	}
	if got["kind"] != "barcode" || got["value"] != "31234000123453" || got["reader"] != "line on "+name ||
		got["raw"] != "3331323334303030313233343533"+"0D" {
		t.Errorf("scan %s", lines[0])
	}
	if at, err := time.Parse(time.RFC3339Nano, got["at"].(string)); err != nil || time.Since(at) > 10*time.Second {
		t.Errorf("at %v: %v", got["at"], err)
	}
	if tag, ok := got["tag"].(map[string]any); !ok || len(tag) != 0 {
		t.Errorf("tag %v, want {} for a barcode", got["tag"])
	}
	if !strings.Contains(lines[1], `"value":"A30234000517861B"`) {
		t.Errorf("second line %s", lines[1])
	}

	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after interrupt; stderr %q", c, errOut.String())
		}
	case <-time.After(2 * time.Second):
		t.Fatal("watch did not stop within 2 s of the interrupt")
	}
}

func TestDevicesWatchEM4100Tags(t *testing.T) {
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	name := slave.Name()
	slave.Close()
	defer master.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"devices", "watch", "--kind", "em4100", "--port", name, "--json", "--name", "badge reader"}, &out, &errOut)
	}()
	time.Sleep(300 * time.Millisecond)
	master.Write([]byte("\x0213005D1DA5F6\x03"))
	lines := waitLines(t, &out, 1)
	var got scanJSON
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	if got.Kind != "card" || got.Value != "13005D1DA5" || got.Reader != "badge reader" ||
		got.Tag["decimal"] != "0006102437" || got.Tag["facility_card"] != "093,07589" || got.Tag["hex"] != "13005D1DA5" {
		t.Errorf("card scan %s", lines[0])
	}
	cancel()
	if c := <-code; c != 0 {
		t.Errorf("exit %d; stderr %q", c, errOut.String())
	}
}

func TestDevicesWatchErrors(t *testing.T) {
	missing := t.TempDir() + "/ttyUSB9"
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"devices", "watch", "--port", missing}, exitUsage, "--kind is required"},
		{[]string{"devices", "watch", "--kind", "line"}, exitUsage, "--port is required"},
		{[]string{"devices", "watch", "--kind", "laser", "--port", missing}, exitUsage, `"laser" is not a reader kind circctl knows; it knows 3m, em4100, feig, line`},
		{[]string{"devices", "watch", "--kind", "line", "--port", missing}, 1, "cannot open " + missing + ": there is no such port — is the reader plugged in?"},
		{[]string{"devices", "watch", "--kind", "line", "--port", missing, "--baud", "12345"}, 1, "12345 baud is not a rate"},
		{[]string{"devices", "watch", "--kind", "line", "--port", missing, "--option", "colour"}, exitUsage, "KEY=VALUE"},
		{[]string{"devices", "fly"}, exitUsage, `"fly" is not a devices subcommand`},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		c := run(ctx, tt.args, &out, &errOut)
		cancel()
		if c != tt.code || !strings.Contains(errOut.String(), tt.stderr) || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line containing %q", tt.args, c, errOut.String(), tt.code, tt.stderr)
		}
	}
}

func TestDevicesList(t *testing.T) {
	var out, errOut bytes.Buffer
	if c := run(context.Background(), []string{"devices", "list", "--json"}, &out, &errOut); c != 0 {
		t.Fatalf("exit %d: %s", c, errOut.String())
	}
	var ports []map[string]string
	if err := json.Unmarshal(out.Bytes(), &ports); err != nil || ports == nil {
		t.Fatalf("devices list --json printed %q, want a JSON array: %v", out.String(), err)
	}
	for _, p := range ports {
		for _, k := range []string{"name", "path", "usb_vendor", "usb_product", "serial"} {
			if _, ok := p[k]; !ok {
				t.Errorf("port %v has no %q", p, k)
			}
		}
		if _, err := os.Stat(p["path"]); err != nil {
			t.Errorf("listed port %s does not exist: %v", p["path"], err)
		}
	}
}
