package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

func TestPatronLookup(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	tests := []struct {
		key, want string // want: the patron ID, "" for not found
	}{
		{"1001", "1001"},    // the card number
		{"ONE1001", "1001"}, // the library account id
		{"PROX77", "1001"},  // an alias
		{"1003", "1003"},
		{"one1001", ""}, // ids are exact
		{"100", ""},
		{"", ""},
	}
	for _, tt := range tests {
		p, err := db.Patron(ctx, tt.key)
		switch {
		case tt.want == "" && !errors.Is(err, circ.ErrNotFound):
			t.Errorf("Patron(%q) = %+v, %v; want circ.ErrNotFound", tt.key, p, err)
		case tt.want != "" && (err != nil || p.ID != tt.want):
			t.Errorf("Patron(%q) = %q, %v; want patron %s", tt.key, p.ID, err, tt.want)
		}
	}
}

func TestPatronLookupPrefersCardNumberOverAccountAndAlias(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	// 2002's account id and 2003's alias are 2001's card number.
	d := circ.Dataset{
		Patrons: []circ.Patron{
			{ID: "2001", Type: circ.Student, FirstName: "Card"},
			{ID: "2002", Account: "2001", Type: circ.Student, FirstName: "Account"},
			{ID: "2003", Account: "X9", Type: circ.Student, FirstName: "Alias"},
		},
		Aliases: []circ.Alias{{Alias: "2001", Patron: "2003"}, {Alias: "X9", Patron: "2001"}},
	}
	if _, err := db.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"2001": "Card", "X9": "Alias"} {
		if p, err := db.Patron(ctx, key); err != nil || p.FirstName != want {
			t.Errorf("Patron(%q) = %q, %v; want %q", key, p.FirstName, err, want)
		}
	}
}

func TestPatronRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	for _, want := range fixture().Patrons {
		got, err := db.Patron(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sameTime(got.Expires, want.Expires) {
			t.Errorf("patron %s expires %v; want %v", want.ID, got.Expires, want.Expires)
		}
		got.Expires, want.Expires = time.Time{}, time.Time{}
		want.Source = circ.SourceRoster // what a seed or an import is
		if got != want {
			t.Errorf("patron %s:\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
}

func TestItemRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	for _, want := range fixture().Items {
		want.Source = circ.SourceShelfList // what a seed or an import is
		if got, err := db.Item(ctx, want.Barcode); err != nil || got != want {
			t.Errorf("Item(%s) = %+v, %v; want %+v", want.Barcode, got, err, want)
		}
	}
	if _, err := db.Item(ctx, "39999999999999"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("Item of an unknown barcode: %v; want circ.ErrNotFound", err)
	}
}

func TestSeedDefaultsStatusAndParts(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	if _, err := db.Seed(ctx, circ.Dataset{Items: []circ.Item{{Barcode: "30000000000011"}}}); err != nil {
		t.Fatal(err)
	}
	it, err := db.Item(ctx, "30000000000011")
	if err != nil || it.Status != circ.Available || it.Parts != 1 {
		t.Errorf("item seeded without status or parts = %+v, %v; want available, 1 part", it, err)
	}
}

func TestLoansAndHolds(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	d := fixture()
	d.Loans = []circ.Loan{
		// Out in another zone: the order is by instant, not by text.
		{Item: "30000000000029", Patron: "1001", Out: t0.Add(-2 * time.Hour), Due: t0.AddDate(0, 0, 14), Renewals: 1},
		{Item: "30000000000011", Patron: "1001", Out: t0.Add(-3 * time.Hour).UTC(), Due: t0.AddDate(0, 0, 3)},
		{Item: "30000000000037", Patron: "1002", Out: t0, Due: t0.AddDate(0, 0, 1)},
	}
	d.Holds = []circ.Hold{
		{Item: "30000000000037", Patron: "1003", Placed: t0.Add(time.Minute), Expires: t0.AddDate(0, 0, 7)},
		{Item: "30000000000037", Patron: "1001", Placed: t0.Add(-time.Minute).UTC()},
		{Item: "30000000000011", Patron: "1002", Placed: t0},
	}
	if _, err := db.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}

	l, err := db.Loan(ctx, "30000000000029")
	if err != nil || l.Patron != "1001" || l.Renewals != 1 || !sameTime(l.Out, d.Loans[0].Out) || !sameTime(l.Due, d.Loans[0].Due) {
		t.Errorf("Loan = %+v, %v; want %+v", l, err, d.Loans[0])
	}
	if _, err := db.Loan(ctx, "30000000000045"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("Loan of an item on the shelf: %v; want circ.ErrNotFound", err)
	}

	loans, err := db.PatronLoans(ctx, "1001")
	if err != nil || len(loans) != 2 || loans[0].Item != "30000000000011" || loans[1].Item != "30000000000029" {
		t.Errorf("PatronLoans(1001) = %+v, %v; want the item out at 05:15 before the one out at 06:15", loans, err)
	}
	if loans, err := db.PatronLoans(ctx, "1003"); err != nil || len(loans) != 0 {
		t.Errorf("PatronLoans of a patron with nothing out = %+v, %v", loans, err)
	}

	all, err := db.Loans(ctx, "")
	if err != nil || len(all) != 3 || all[0].Item != "30000000000037" || all[2].Item != "30000000000029" {
		t.Errorf("Loans() = %+v, %v; want 3 loans, soonest due first", all, err)
	}
	if mine, err := db.Loans(ctx, "1002"); err != nil || len(mine) != 1 {
		t.Errorf("Loans(1002) = %+v, %v; want 1", mine, err)
	}

	holds, err := db.Holds(ctx, "30000000000037")
	if err != nil || len(holds) != 2 || holds[0].Patron != "1001" || holds[1].Patron != "1003" {
		t.Fatalf("Holds = %+v, %v; want 1001 (placed first) then 1003", holds, err)
	}
	if !holds[0].Expires.IsZero() || !sameTime(holds[1].Expires, d.Holds[0].Expires) || !sameTime(holds[1].Placed, d.Holds[0].Placed) {
		t.Errorf("hold times = %+v; want %+v", holds, d.Holds[:2])
	}
	if holds, err := db.Holds(ctx, "30000000000045"); err != nil || len(holds) != 0 {
		t.Errorf("Holds on an item nobody wants = %+v, %v", holds, err)
	}
}

func TestTimesKeepTheirOffset(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	tokyo := time.FixedZone("JST", 9*3600)
	at := time.Date(2026, 3, 3, 7, 0, 0, 5, tokyo) // 5 ns: nanoseconds survive too
	err := db.Update(ctx, func(tx circ.Tx) error {
		_, err := tx.Record(circ.Change{Txn: circ.Transaction{
			Station: "desk", At: at, Action: circ.Checkout, Patron: "1002", Item: "30000000000011",
			OK: true, Code: circ.CodeCheckedOut, Due: at.AddDate(0, 0, 42), Sync: circ.Pending,
		}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	j, err := db.Journal(ctx, circ.JournalFilter{})
	if err != nil || len(j) != 1 {
		t.Fatalf("Journal = %v, %v", j, err)
	}
	if _, off := j[0].At.Zone(); off != 9*3600 || !j[0].At.Equal(at) {
		t.Errorf("journal time = %v; want %v as the Tokyo wall clock said it", j[0].At, at)
	}
	if !sameTime(j[0].Due, at.AddDate(0, 0, 42)) {
		t.Errorf("due = %v; want %v", j[0].Due, at.AddDate(0, 0, 42))
	}
}
