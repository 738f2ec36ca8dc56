package storage_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// benchImportRows is the shelf list of the issue: 300,000 items.
const benchImportRows = 300_000

// BenchmarkImportWhileCheckout applies a 300,000-row shelf list to a
// station's database while its desk lends and returns a book every 20 ms,
// first to an empty cache (every row added), then again with new titles
// (every row updated). It reports the import's time, the longest the desk
// waited for one decision (scan to durable commit), and how many decisions
// it made meanwhile.
func BenchmarkImportWhileCheckout(b *testing.B) {
	for _, again := range []bool{false, true} {
		name := "fresh"
		if again {
			name = "again"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			var took time.Duration
			var waits []time.Duration
			holds := map[string]time.Duration{}
			var mu sync.Mutex
			defer storage.ObserveImports(func(tx storage.ImportTx) {
				mu.Lock()
				holds[tx.Step] = max(holds[tx.Step], tx.Hold)
				mu.Unlock()
			})()
			for b.Loop() {
				b.StopTimer()
				db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "circdesk.db"))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.Seed(ctx, fixture()); err != nil {
					b.Fatal(err)
				}
				if again {
					if _, err := db.ApplyShelfList(ctx, bigShelfList(benchImportRows, "Old")); err != nil {
						b.Fatal(err)
					}
				}
				mu.Lock()
				clear(holds) // the preparing import above does not count
				mu.Unlock()
				list := bigShelfList(benchImportRows, "New")
				desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: fixedClock{t0}, Station: "desk"}
				ben, _, _, err := desk.Identify(ctx, "1002")
				if err != nil {
					b.Fatal(err)
				}
				stop := make(chan struct{})
				deskDone := make(chan error)
				go func() {
					for i := 0; ; i++ {
						select {
						case <-stop:
							deskDone <- nil
							return
						case <-time.After(20 * time.Millisecond):
						}
						start := time.Now()
						if err := lendAndReturn(ctx, desk, ben, i); err != nil {
							deskDone <- err
							return
						}
						waits = append(waits, time.Since(start))
					}
				}()
				b.StartTimer()
				start := time.Now()
				res, err := db.ApplyShelfList(ctx, list)
				took += time.Since(start)
				b.StopTimer()
				close(stop)
				if derr := <-deskDone; derr != nil {
					b.Fatalf("desk during the import: %v", derr)
				}
				if err != nil || res.Added+res.Updated != benchImportRows {
					b.Fatalf("ApplyShelfList = %+v, %v", res, err)
				}
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(took.Seconds()/float64(b.N), "import-s")
			reportWaits(b, waits)
			reportHolds(b, holds)
		})
	}
}

// reportHolds reports the longest time one import transaction held the
// writer, per step.
func reportHolds(b *testing.B, holds map[string]time.Duration) {
	for step, d := range holds {
		b.ReportMetric(float64(d.Microseconds())/1000, "max-hold-"+step+"-ms")
	}
}

// reportWaits reports the desk's decisions during the import and the
// longest and 99th-percentile wait of one decision.
func reportWaits(b *testing.B, waits []time.Duration) {
	b.ReportMetric(float64(len(waits))/float64(b.N), "decisions")
	if len(waits) == 0 {
		return
	}
	slices.Sort(waits)
	b.ReportMetric(float64(waits[len(waits)-1].Microseconds())/1000, "max-wait-ms")
	b.ReportMetric(float64(waits[int(0.99*float64(len(waits)-1))].Microseconds())/1000, "p99-wait-ms")
}
