package storage_test

import (
	"context"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// Today's list names each row's book and borrower as the cache has them:
// by card number, library account or alias, and "" for what it lacks.
func TestJournalEntriesNameTheBookAndTheBorrower(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	row := func(patron, item string) circ.Change {
		return circ.Change{Txn: circ.Transaction{Station: "desk", At: t0, Action: circ.Checkout, Patron: patron,
			Item: item, Code: circ.CodeNotLoanable, Sync: circ.Pending}}
	}
	record(t, db,
		row("1001", "30000000000045"),    // by card number
		row("ONE1001", "30000000000011"), // by library account
		row("PROX77", "30000000000029"),  // by alias
		row("9999", "39999999999999"),    // neither in the cache
		row("", "30000000000037"),        // a scan without a card
	)
	got, err := db.JournalEntries(ctx, circ.JournalFilter{Since: t0})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ title, name string }{
		{"Lost Atlas", "Ana Ruiz"},
		{"Frog and Toad", "Ana Ruiz"},
		{"Hatchet", "Ana Ruiz"},
		{"", ""},
		{"Science Kit", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries; want %d", len(got), len(want))
	}
	plain, err := db.Journal(ctx, circ.JournalFilter{Since: t0})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if got[i].Title != w.title || got[i].PatronName != w.name {
			t.Errorf("entry %d: %q, %q; want %q, %q", i, got[i].Title, got[i].PatronName, w.title, w.name)
		}
		if got[i].Transaction != plain[i] {
			t.Errorf("entry %d: %+v; want the journal's row %+v", i, got[i].Transaction, plain[i])
		}
	}
}

func TestLoanViewsTitleEachLoan(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	got, err := db.LoanViews(ctx, "1001")
	if err != nil {
		t.Fatal(err)
	}
	loans, err := db.PatronLoans(ctx, "1001")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(loans) != 1 || got[0].Title != "Hatchet" || got[0].Loan != loans[0] {
		t.Fatalf("LoanViews = %+v; want the loan %+v titled Hatchet", got, loans)
	}
	if none, err := db.LoanViews(ctx, "1002"); err != nil || len(none) != 0 {
		t.Fatalf("a patron without loans: %v, %v", none, err)
	}
}

func TestPendingCountIsTheStatsCount(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	row := func(sync circ.SyncState) circ.Change {
		return circ.Change{Txn: circ.Transaction{Station: "desk", At: t0, Action: circ.Checkout, Patron: "1001",
			Item: "30000000000045", Code: circ.CodeNotLoanable, Sync: sync}}
	}
	record(t, db, row(circ.Pending), row(circ.Synced), row(circ.Pending), row(circ.SyncException))
	n, err := db.PendingCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || st.Pending != n {
		t.Fatalf("PendingCount = %d, Stats.Pending = %d; want 2", n, st.Pending)
	}
}
