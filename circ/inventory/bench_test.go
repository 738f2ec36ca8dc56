package inventory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
)

// school30k is a 30,000-item collection in one location, Dewey numbers
// spread over the 000s–900s with author cutters.
func school30k() []circ.Item {
	items := make([]circ.Item, 30000)
	for i := range items {
		items[i] = circ.Item{
			Barcode:    fmt.Sprintf("3%013d", i),
			Title:      fmt.Sprintf("Title %d", i),
			CallNumber: fmt.Sprintf("%03d.%d %c%c%c", (i*7)%1000, i%97, 'A'+i%26, 'A'+(i/26)%26, 'A'+(i/676)%26),
			Location:   "Library",
		}
	}
	return items
}

// BenchmarkIngestReads feeds RFID wand reads into an open inventory of a
// 30,000-item scope: each batch of 40 reads (a wand sweep) holds 30 new
// items and 10 re-reads of items already read. reads/s is the figure to
// watch (goal ≥ 2,000).
func BenchmarkIngestReads(b *testing.B) {
	e := newEnv(b, school30k(), "desk")
	ctx := context.Background()
	if _, err := e.svc.Start(ctx, inventory.Spec{Name: "All", Location: "Library"}); err != nil {
		b.Fatal(err)
	}
	ss, err := e.svc.Open(ctx, "All")
	if err != nil {
		b.Fatal(err)
	}
	next, reads := 0, 0
	batch := make([]inventory.Read, 40)
	b.ResetTimer()
	for b.Loop() {
		for i := range batch {
			n := next % 30000
			if i%4 == 3 && next > 0 {
				n = (next - 1 - i%7) % 30000 // a re-read
				if n < 0 {
					n = 0
				}
			} else {
				next++
			}
			batch[i] = inventory.Read{Item: fmt.Sprintf("3%013d", n), ReaderKind: "rfid_item", Reader: "wand"}
		}
		if _, _, err := ss.ScanAll(ctx, batch); err != nil {
			b.Fatal(err)
		}
		reads += len(batch)
	}
	b.ReportMetric(float64(reads)/b.Elapsed().Seconds(), "reads/s")
}

// BenchmarkIngestOneByOne is the same with every read stored on its own,
// as a barcode scanner delivers them.
func BenchmarkIngestOneByOne(b *testing.B) {
	e := newEnv(b, school30k(), "desk")
	ctx := context.Background()
	if _, err := e.svc.Start(ctx, inventory.Spec{Name: "All"}); err != nil {
		b.Fatal(err)
	}
	ss, err := e.svc.Open(ctx, "All")
	if err != nil {
		b.Fatal(err)
	}
	n, reads := 0, 0
	b.ResetTimer()
	for b.Loop() {
		item := n % 30000
		if n%4 == 3 {
			item = (n - 2) % 30000
		}
		n++
		if _, _, err := ss.Scan(ctx, inventory.Read{Item: fmt.Sprintf("3%013d", item)}); err != nil {
			b.Fatal(err)
		}
		reads++
	}
	b.ReportMetric(float64(reads)/b.Elapsed().Seconds(), "reads/s")
}

// BenchmarkReport30k builds the full report of a 30,000-item inventory
// two-thirds scanned (goal ≤ 250 ms).
func BenchmarkReport30k(b *testing.B) {
	e := newEnv(b, school30k(), "desk")
	ctx := context.Background()
	if _, err := e.svc.Start(ctx, inventory.Spec{Name: "All"}); err != nil {
		b.Fatal(err)
	}
	ss, _ := e.svc.Open(ctx, "All")
	batch := make([]inventory.Read, 0, 500)
	for i := 0; i < 20000; i++ {
		batch = append(batch, inventory.Read{Item: fmt.Sprintf("3%013d", i)})
		if len(batch) == cap(batch) {
			if _, _, err := ss.ScanAll(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	b.ResetTimer()
	for b.Loop() {
		rep, err := e.svc.Report(ctx, "All")
		if err != nil || rep.Scope != 30000 {
			b.Fatal(rep.Scope, err)
		}
	}
}
