package circ_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/internal/demoschool"
	"github.com/circdesk/circdesk/storage"
)

// BenchmarkScanToState measures one kiosk scan end to end on a district-size
// cache (150,000 patrons, 100,000 items): classify, look up, decide, commit
// the journal row and the loan durably, and build the state the screen gets.
// Each iteration is one patron card and one book; p50 and p99 are per scan.
func BenchmarkScanToState(b *testing.B) {
	ctx := context.Background()
	ds := demoschool.District(150_000, 100_000)
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "circdesk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Seed(ctx, ds); err != nil {
		b.Fatal(err)
	}
	var items []string
	for _, it := range ds.Items {
		if it.Status == circ.Available {
			items = append(items, it.Barcode)
		}
	}
	borrowing := map[string]bool{}
	for _, l := range ds.Loans {
		borrowing[l.Patron] = true
	}
	var patrons []string
	for _, p := range ds.Patrons {
		if p.Type == circ.Student && !p.Blocked && !p.Expired(time.Now()) && !borrowing[p.ID] {
			patrons = append(patrons, p.ID)
		}
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "bench"}
	st := circ.NewStation(desk, circ.StationConfig{}, nil)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go st.Run(runCtx)

	var patronScans, itemScans []time.Duration
	i := 0
	b.ResetTimer()
	for b.Loop() {
		p, item := patrons[(i*7919)%len(patrons)], items[i%len(items)]
		i++
		t0 := time.Now()
		s, err := st.Scan(ctx, devices.Scan{Kind: devices.Barcode, Value: p})
		t1 := time.Now()
		if err != nil || s.Phase != circ.PhaseActive {
			b.Fatalf("patron %s: %v %+v", p, err, s.Last)
		}
		s, err = st.Scan(ctx, devices.Scan{Kind: devices.Barcode, Value: item})
		t2 := time.Now()
		if err != nil || s.Last == nil {
			b.Fatalf("item %s: %v", item, err)
		}
		patronScans = append(patronScans, t1.Sub(t0))
		itemScans = append(itemScans, t2.Sub(t1))
	}
	b.StopTimer()
	report(b, "patron", patronScans)
	report(b, "item", itemScans)
}

func report(b *testing.B, name string, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	q := func(p float64) float64 { return float64(d[int(p*float64(len(d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.50), name+"-p50-ms")
	b.ReportMetric(q(0.99), name+"-p99-ms")
}
