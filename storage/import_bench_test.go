package storage_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// benchImportRows is the shelf list of the issue: 300,000 items.
const benchImportRows = 300_000

// BenchmarkImportWhileCheckout applies a 300,000-row shelf list to a
// station's database while its desk lends and returns a book every 20 ms:
// first to a cache without the list (every row added), then again with new
// titles (every row updated); the import in the station's own process (the
// window's import) and in another (circctl beside the window). It reports
// the import's time, the longest one import transaction held the writer
// (per step), the longest the desk waited for one decision (scan to
// durable commit), and how many decisions it made meanwhile.
func BenchmarkImportWhileCheckout(b *testing.B) {
	for _, again := range []bool{false, true} {
		for _, other := range []bool{false, true} {
			name := map[bool]string{false: "fresh", true: "again"}[again] + "/" +
				map[bool]string{false: "same-process", true: "other-process"}[other]
			b.Run(name, func(b *testing.B) { benchImportWhileCheckout(b, again, other) })
		}
	}
}

func benchImportWhileCheckout(b *testing.B, again, other bool) {
	ctx := context.Background()
	var took time.Duration
	var waits []time.Duration
	holds := map[string]time.Duration{}
	var mu sync.Mutex
	measure := false
	defer storage.ObserveImports(func(tx storage.ImportTx) {
		mu.Lock()
		if measure {
			holds[tx.Step] = max(holds[tx.Step], tx.Hold)
		}
		mu.Unlock()
	})()
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "circdesk.db")
		db, err := storage.Open(ctx, path)
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
		if other {
			took += importInChild(b, path, holds)
		} else {
			mu.Lock()
			measure = true
			mu.Unlock()
			start := time.Now()
			res, err := db.ApplyShelfList(ctx, bigShelfList(benchImportRows, "New"))
			took += time.Since(start)
			mu.Lock()
			measure = false
			mu.Unlock()
			if err != nil || res.Added+res.Updated != benchImportRows {
				b.Fatalf("ApplyShelfList = %+v, %v", res, err)
			}
		}
		b.StopTimer()
		close(stop)
		if derr := <-deskDone; derr != nil {
			b.Fatalf("desk during the import: %v", derr)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(took.Seconds()/float64(b.N), "import-s")
	reportWaits(b, waits)
	reportHolds(b, holds)
}

// importInChild applies the benchmark's shelf list in a child process and
// returns how long the import took there, adding its holds to holds.
func importInChild(b *testing.B, path string, holds map[string]time.Duration) time.Duration {
	cmd, lines, stderr := importChild(b, path, benchImportRows, "New", importChildEnv+"_REPORT=1")
	var took time.Duration
	for l := range lines {
		f := strings.Fields(l)
		switch {
		case len(f) == 2 && f[0] == "TOOK":
			n, _ := strconv.ParseInt(f[1], 10, 64)
			took = time.Duration(n)
		case len(f) == 3 && f[0] == "HOLD":
			n, _ := strconv.ParseInt(f[2], 10, 64)
			holds[f[1]] = max(holds[f[1]], time.Duration(n))
		case len(f) == 2 && f[0] == "DONE" && f[1] != strconv.Itoa(benchImportRows):
			b.Errorf("the import child said %q", l)
		}
	}
	if err := cmd.Wait(); err != nil || took == 0 {
		b.Fatalf("import child: %v: %s", err, stderr)
	}
	return took
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
