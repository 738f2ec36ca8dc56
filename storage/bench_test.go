package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// The scale a station's cache must serve (a Charlotte-Mecklenburg district).
const (
	benchPatrons = 150_000
	benchItems   = 100_000
)

// benchDistrict seeds a district-sized database in b's temp dir and
// returns its path, closed.
func benchDistrict(b *testing.B) string {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "circdesk.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := db.Seed(ctx, genDistrict(benchPatrons, benchItems)); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d patrons and %d items in %v", benchPatrons, benchItems, time.Since(start).Round(time.Millisecond))
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkCheckinCheckout times one desk decision (a checkout or the
// check-in of that book), from the scan to the durable commit, on a
// district-sized cache, at the shipped synchronous=FULL and at NORMAL.
func BenchmarkCheckinCheckout(b *testing.B) {
	path := benchDistrict(b)
	for _, level := range []string{"FULL", "NORMAL"} {
		b.Run("synchronous="+level, func(b *testing.B) {
			ctx := context.Background()
			db, err := storage.OpenSynchronous(ctx, path, level)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: fixedClock{genBase}, Station: "bench"}
			rng := rand.New(rand.NewPCG(7, 7))
			first := genLoaned(benchItems) + genHeld(benchItems) // the items on the shelf
			var lat []time.Duration
			var p circ.Patron
			var item string
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					item = genBarcode(first + rng.IntN(benchItems-first))
					p, _, _, err = desk.Identify(ctx, genPatronID(rng.IntN(benchPatrons)))
					if err != nil {
						b.Fatal(err)
					}
				}
				start := time.Now()
				var o circ.Outcome
				if i%2 == 0 {
					o, err = desk.Checkout(ctx, p, item)
				} else {
					o, err = desk.Checkin(ctx, item)
				}
				lat = append(lat, time.Since(start))
				if err != nil || !o.OK {
					b.Fatalf("decision %d: %+v, %v", i, o, err)
				}
			}
			reportPercentiles(b, lat)
		})
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Nanoseconds()) }
	b.ReportMetric(at(0.50), "p50-ns")
	b.ReportMetric(at(0.99), "p99-ns")
	b.ReportMetric(float64(lat[len(lat)-1].Nanoseconds()), "max-ns")
}

// BenchmarkLookup times finding a patron by each kind of key, and an item.
func BenchmarkLookup(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, benchDistrict(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	patron := func(key func(i int) string) func(int) error {
		return func(i int) error { _, err := db.Patron(ctx, key(i)); return err }
	}
	tests := []struct {
		name    string
		find    func(i int) error
		missing bool
	}{
		{"patron-by-card", patron(func(i int) string { return genPatronID(i) }), false},
		{"patron-by-account", patron(func(i int) string { return "ONE" + genPatronID(i/3*3) }), false},
		{"patron-by-alias", patron(func(i int) string { return "PX" + genPatronID(i/10*10) }), false},
		{"patron-unknown", patron(func(i int) string { return fmt.Sprintf("9%07d", i) }), true},
		{"item", func(i int) error { _, err := db.Item(ctx, genBarcode(i*2/3)); return err }, false},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 3))
			for b.Loop() {
				if err := tt.find(rng.IntN(benchPatrons)); err != nil && !tt.missing {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSeed times seeding a district into an empty database.
func BenchmarkSeed(b *testing.B) {
	ctx := context.Background()
	d := genDistrict(benchPatrons, benchItems)
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		db, err := storage.Open(ctx, filepath.Join(dir, fmt.Sprintf("seed%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		if ok, err := db.Seed(ctx, d); !ok || err != nil {
			b.Fatalf("Seed = %v, %v", ok, err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	rows := len(d.Patrons) + len(d.Aliases) + len(d.Items) + len(d.Loans) + len(d.Holds)
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkOpen times opening a district's database and showing its
// first status bar (Stats), as a station does at start. The file is in the
// page cache: a first start after boot reads it from disk as well.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	path := benchDistrict(b)
	for b.Loop() {
		db, err := storage.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		st, err := db.Stats(ctx, genBase)
		if err != nil || st.Patrons != benchPatrons {
			b.Fatalf("Stats = %+v, %v", st, err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPendingBatch times the reconciler's read of one batch of 500
// pending rows from a journal of 100,000 pending rows among 150,000.
func BenchmarkPendingBatch(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "circdesk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const rows = 150_000
	err = db.Update(ctx, func(tx circ.Tx) error {
		for i := range rows {
			sync := circ.Pending
			if i%3 == 2 {
				sync = circ.Synced
			}
			if _, err := tx.Record(circ.Change{Txn: circ.Transaction{Station: "desk", At: genBase.Add(time.Duration(i) * time.Second),
				Action: circ.Checkin, Item: genBarcode(i % 1000), OK: true, Code: circ.CodeNotOnLoan, Sync: sync}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	for b.Loop() {
		batch, err := db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending, After: int64(rng.IntN(rows - 1000)), First: 500})
		if err != nil || len(batch) != 500 {
			b.Fatalf("batch of %d, %v", len(batch), err)
		}
	}
}
