package feig_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/rfid"
	"github.com/circdesk/circdesk/devices/sim"
)

// benchBaud is the FEIG default line speed the benchmarks pace at.
const benchBaud = 38400

// benchPad is a paced simulated FEIG pad with the real driver running on
// it, its scans on a channel.
func benchPad(b *testing.B, n int) (*sim.Sim, devices.TagWriter, []sim.Tag, chan devices.Scan) {
	b.Helper()
	s, err := sim.Start("feig", nil)
	if err != nil {
		b.Skipf("no simulated reader: %v", err)
	}
	b.Cleanup(func() { s.Close() })
	s.SetBaud(benchBaud)
	r, err := devices.Open(devices.Config{Kind: "feig", Port: s.Path()})
	if err != nil {
		b.Fatal(err)
	}
	scans := make(chan devices.Scan, 4*n)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, func(sc devices.Scan) { scans <- sc }) }()
	b.Cleanup(func() { cancel(); <-done; r.Close() })
	tags := make([]sim.Tag, n)
	for i := range tags {
		tags[i] = sim.Tag{Item: fmt.Sprintf("3123400%07d", i), Owner: "US-NcCM"}
	}
	return s, r.(devices.TagWriter), tags, scans
}

// landed puts the stack on the pad and waits for all of its scans.
func landed(b *testing.B, s *sim.Sim, tags []sim.Tag, scans chan devices.Scan) {
	if err := s.Place(tags...); err != nil {
		b.Fatal(err)
	}
	for range tags {
		select {
		case sc := <-scans:
			if sc.Tag[devices.TagError] != "" {
				b.Fatalf("scan %v", sc.Tag)
			}
		case <-time.After(30 * time.Second):
			b.Fatal("the stack was not read")
		}
	}
}

// lifted takes the stack off and waits until the driver has seen it go.
func lifted(s *sim.Sim) {
	s.Clear()
	for inv := s.Count(sim.Inventory); s.Count(sim.Inventory) < inv+3; {
		time.Sleep(5 * time.Millisecond)
	}
}

// BenchmarkPad40Decode: a stack of 40 tags lands on a FEIG pad at 38400
// baud; the time until all 40 are read and decoded.
func BenchmarkPad40Decode(b *testing.B) {
	s, _, tags, scans := benchPad(b, 40)
	var took time.Duration
	var in0, out0 int64
	for b.Loop() {
		b.StopTimer()
		lifted(s)
		i, o := s.Wire()
		b.StartTimer()
		start := time.Now()
		landed(b, s, tags, scans)
		took += time.Since(start)
		i2, o2 := s.Wire()
		in0, out0 = in0+(i2-i), out0+(o2-o)
	}
	reportDelta(b, s, took, in0, out0, "stack")
}

// BenchmarkPad40AFI: the 40 tags on the pad are each given a new AFI and
// read back (a checkout of the whole stack).
func BenchmarkPad40AFI(b *testing.B) {
	s, w, tags, scans := benchPad(b, 40)
	landed(b, s, tags, scans)
	uids := make([]string, len(tags))
	for i, t := range tags {
		uids[i], _ = sim.UIDOf(t)
	}
	ctx := context.Background()
	afi := byte(rfid.AFIOnLoan)
	var took time.Duration
	var in0, out0 int64
	for b.Loop() {
		b.StopTimer()
		time.Sleep(200 * time.Millisecond) // the pad at rest, inventories going on
		i, o := s.Wire()
		b.StartTimer()
		start := time.Now()
		for _, u := range uids {
			if err := w.WriteAFI(ctx, u, afi); err != nil {
				b.Fatal(err)
			}
		}
		took += time.Since(start)
		i2, o2 := s.Wire()
		in0, out0 = in0+(i2-i), out0+(o2-o)
		afi ^= rfid.AFIOnLoan ^ rfid.AFIInStock
	}
	reportDelta(b, s, took, in0, out0, "stack")
}

// reportDelta reports took against the wire time of in+out bytes.
func reportDelta(b *testing.B, s *sim.Sim, took time.Duration, in, out int64, unit string) {
	wire := time.Duration(float64(in+out) * float64(s.BitsPerByte()) / benchBaud * float64(time.Second))
	n := float64(b.N)
	b.ReportMetric(float64(took.Microseconds())/1000/n, "ms/"+unit)
	b.ReportMetric(float64(wire.Microseconds())/1000/n, "wire-ms/"+unit)
	b.ReportMetric(float64(in+out)/n, "wire-bytes/"+unit)
	b.ReportMetric(float64(took)/float64(wire), "x-wire")
}
