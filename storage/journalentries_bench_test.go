package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// BenchmarkStatusCount compares the status bar's pending count with the
// full statistics it used to run every 10 s, on a district-sized cache.
func BenchmarkStatusCount(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, benchDistrict(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.Run("PendingCount", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.PendingCount(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Stats", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Stats(ctx, genBase); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkToday compares Today's list of a busy day (2,000 rows) read in
// one query with the journal read and each row's book and borrower looked
// up one by one.
func BenchmarkToday(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, benchDistrict(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var rows []circ.Change
	for i := range 2000 {
		rows = append(rows, circ.Change{Txn: circ.Transaction{Station: "bench", At: genBase, Action: circ.Checkout,
			Patron: genPatronID(i * 7), Item: genBarcode(i * 5), Code: circ.CodeNotLoanable, Sync: circ.Pending}})
	}
	record(b, db, rows...)
	f := circ.JournalFilter{Since: genBase}
	b.Run("join", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.JournalEntries(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("row by row", func(b *testing.B) {
		for b.Loop() {
			ts, err := db.Journal(ctx, f)
			if err != nil {
				b.Fatal(err)
			}
			titles, names := map[string]string{}, map[string]string{}
			for _, t := range ts {
				if _, ok := titles[t.Item]; !ok {
					it, _ := db.Item(ctx, t.Item)
					titles[t.Item] = it.Title
				}
				if _, ok := names[t.Patron]; !ok {
					p, _ := db.Patron(ctx, t.Patron)
					names[t.Patron] = strings.TrimSpace(p.FirstName + " " + p.LastName)
				}
			}
		}
	})
}
