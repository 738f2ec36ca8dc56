package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// simReader starts `circctl sim-reader` in-process and waits for its line.
func simReader(t *testing.T, args ...string) (link string, stop func() (int, string)) {
	t.Helper()
	dir := t.TempDir()
	link = filepath.Join(dir, "ttySIM0")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"sim-reader", "--link", link}, args...), &out, &errOut)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "\n") {
		select {
		case code := <-done:
			t.Fatalf("sim-reader ended with %d: %s", code, errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("sim-reader printed nothing")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return link, func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, out.String()
		case <-time.After(5 * time.Second):
			t.Fatal("sim-reader did not stop when interrupted")
			return -1, ""
		}
	}
}

// watch runs the real driver of kind on path until n scans came.
func watch(t *testing.T, kind, path string, n int, within time.Duration) []devices.Scan {
	t.Helper()
	r, err := devices.Open(devices.Config{Kind: kind, Port: path, Options: map[string]string{}})
	if err != nil {
		t.Fatalf("open %s: %v", kind, err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	var scans []devices.Scan
	r.Run(ctx, func(sc devices.Scan) {
		if scans = append(scans, sc); len(scans) == n {
			cancel()
		}
	})
	return scans
}

func TestSimReaderFeigPad(t *testing.T) {
	tags := filepath.Join(t.TempDir(), "tags.txt")
	os.WriteFile(tags, []byte("# demo books\n31234000123453\n\n31234000123461, 2, 1\n31234000123461, 2, 2\n"), 0o644)
	link, stop := simReader(t, "--kind", "feig", "--tags", tags)
	scans := watch(t, "feig", link, 3, 5*time.Second)
	if len(scans) != 3 {
		t.Fatalf("%d scans from the simulated pad, want 3", len(scans))
	}
	parts := map[string]bool{}
	for _, sc := range scans {
		parts[sc.Value+"/"+sc.Tag[devices.TagPartNumber]+"/"+sc.Tag[devices.TagPartsInSet]] = true
	}
	for _, want := range []string{"31234000123453/1/1", "31234000123461/1/2", "31234000123461/2/2"} {
		if !parts[want] {
			t.Errorf("no scan %s in %v", want, parts)
		}
	}
	code, out := stop()
	if code != 0 || out != "simulated feig reader at "+link+"\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("the link is still there after the simulator stopped: %v", err)
	}
}

func TestSimReaderLineScanner(t *testing.T) {
	tags := filepath.Join(t.TempDir(), "codes.txt")
	os.WriteFile(tags, []byte("31234000123453\n"), 0o644)
	link, stop := simReader(t, "--kind", "line", "--tags", tags)
	defer stop()
	scans := watch(t, "line", link, 1, 3*simPace)
	if len(scans) != 1 || scans[0].Value != "31234000123453" || scans[0].Kind != devices.Barcode {
		t.Fatalf("scans from the simulated scanner: %+v", scans)
	}
}

func TestSimReaderUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("31234000123453, 2\n"), 0o644)
	for _, args := range [][]string{
		{"sim-reader", "--kind", "laser", "--link", filepath.Join(dir, "x")},
		{"sim-reader", "--kind", "feig"},
	} {
		code, _, stderr := circctl(t, dir, args...)
		if code != exitUsage || !strings.Contains(stderr, "sim-reader") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	code, _, stderr := circctl(t, dir, "sim-reader", "--kind", "3m", "--link", filepath.Join(dir, "y"), "--tags", bad)
	if code != 1 || !strings.Contains(stderr, "line 1") {
		t.Errorf("a bad tags file: exit %d, %q", code, stderr)
	}
}
