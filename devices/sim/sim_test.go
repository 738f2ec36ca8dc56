package sim_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/em4100"
	"github.com/circdesk/circdesk/devices/feig"
	_ "github.com/circdesk/circdesk/devices/line"
	"github.com/circdesk/circdesk/devices/serialport"
	"github.com/circdesk/circdesk/devices/sim"
)

func startSim(t *testing.T, kind string, tags []sim.Tag) *sim.Sim {
	t.Helper()
	s, err := sim.Start(kind, tags)
	if err != nil {
		t.Skipf("no simulated reader: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// run opens the real driver of kind on path and collects its scans until
// ctx ends or it fails.
func run(t *testing.T, kind, path string) (scans chan devices.Scan, done chan error, stop func()) {
	t.Helper()
	r, err := devices.Open(devices.Config{Kind: kind, Port: path})
	if err != nil {
		t.Fatalf("open %s: %v", kind, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	scans, done = make(chan devices.Scan, 16), make(chan error, 1)
	go func() { done <- r.Run(ctx, func(sc devices.Scan) { scans <- sc }) }()
	return scans, done, func() { cancel(); <-done; r.Close() }
}

func next(t *testing.T, scans chan devices.Scan) devices.Scan {
	t.Helper()
	select {
	case sc := <-scans:
		return sc
	case <-time.After(3 * time.Second):
		t.Fatal("no scan")
	}
	return devices.Scan{}
}

func TestLineScanner(t *testing.T) {
	s := startSim(t, "line", nil)
	scans, _, stop := run(t, "line", s.Path())
	defer stop()
	time.Sleep(100 * time.Millisecond) // the driver has the port open
	s.Type("31234000123453")
	s.Type("A31234000123461B")
	if sc := next(t, scans); sc.Value != "31234000123453" || sc.Kind != devices.Barcode {
		t.Errorf("first code: %+v", sc)
	}
	if sc := next(t, scans); sc.Kind != devices.Barcode || sc.Value == "" {
		t.Errorf("second code: %+v", sc)
	}
}

func TestCardHeldAndTakenAway(t *testing.T) {
	s := startSim(t, "em4100", nil)
	scans, _, stop := run(t, "em4100", s.Path())
	defer stop()
	time.Sleep(100 * time.Millisecond)
	if err := s.PresentCard("13005D1DA5"); err != nil {
		t.Fatal(err)
	}
	sc := next(t, scans)
	if sc.Kind != devices.Card || sc.Value != "13005D1DA5" || sc.Tag[devices.CardDecimal] != "0006102437" {
		t.Errorf("card scan: %+v", sc)
	}
	// The frame repeats while the card lies there: five frames sent.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, sent := s.Wire(); sent >= 5*int64(len(em4100.Frame([5]byte{}))) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the simulator did not repeat the card's frame")
		}
	}
	s.RemoveCard()
	// Another card: the next scan. The held card scanned again would have
	// come before it.
	if err := s.PresentCard("0102030405"); err != nil {
		t.Fatal(err)
	}
	if sc := next(t, scans); sc.Value != "0102030405" {
		t.Errorf("a held card scanned again: %+v", sc)
	}
	s.RemoveCard()
	if err := s.PresentCard("12345"); err == nil {
		t.Error("a 5-digit card number was taken")
	}
}

func TestLinkUnplugReplug(t *testing.T) {
	s := startSim(t, "feig", []sim.Tag{{Item: "31234000123453"}})
	link := filepath.Join(t.TempDir(), "ttyFEIG")
	if err := s.Link(link); err != nil {
		t.Fatal(err)
	}
	scans, done, stop := run(t, "feig", link)
	if sc := next(t, scans); sc.Value != "31234000123453" {
		t.Fatalf("scan through the link: %+v", sc)
	}
	s.Unplug()
	select {
	case err := <-done:
		if !errors.Is(err, serialport.ErrDisconnected) {
			t.Errorf("Run after the unplug: %v", err)
		}
		done <- err
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not notice the unplug")
	}
	stop()
	if err := s.Replug(); err != nil {
		t.Fatal(err)
	}
	if target, _ := os.Readlink(link); target != s.Path() {
		t.Errorf("link points to %s, the pty is %s", target, s.Path())
	}
	// What a manager does: open the same name again.
	scans, _, stop = run(t, "feig", link)
	defer stop()
	if sc := next(t, scans); sc.Value != "31234000123453" {
		t.Fatalf("scan after the replug: %+v", sc)
	}
	s.Close()
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("Close left the link: %v", err)
	}
}

func TestStartRefuses(t *testing.T) {
	if _, err := sim.Start("laser", nil); err == nil {
		t.Error("an unknown kind started")
	}
	if _, err := sim.Start("feig", []sim.Tag{{Item: "1", UID: "E0"}}); err == nil {
		t.Error("a 1-byte UID was taken")
	}
	if _, err := sim.Start("3m", []sim.Tag{{Item: "31234000123453", Model: "dutch"}}); err == nil {
		t.Error("an unknown data model was taken")
	}
}

func TestPacingAndWireCount(t *testing.T) {
	// At 9600 baud 8E1 a 7-byte inventory and a 17-byte answer of one tag
	// take 27.5 ms on the wire: the answer cannot come sooner.
	s := startSim(t, "feig", []sim.Tag{{Item: "31234000123453"}})
	s.SetBaud(9600)
	f, err := os.OpenFile(s.Path(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	f.Write(feig.InventoryRequest(false).Bytes())
	var got []byte
	buf := make([]byte, 64)
	for len(got) < 17 {
		n, err := f.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
	}
	if el := time.Since(start); el < 27*time.Millisecond {
		t.Errorf("answer after %v, faster than the wire allows", el)
	}
	if in, out := s.Wire(); in != 7 || out != 17 {
		t.Errorf("wire counts %d in, %d out; want 7 and 17", in, out)
	}
	if wt := s.WireTime(9600); wt < 27*time.Millisecond || wt > 28*time.Millisecond {
		t.Errorf("WireTime %v", wt)
	}
}
