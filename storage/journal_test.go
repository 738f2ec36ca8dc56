package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

func TestJournalFilters(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	row := func(at time.Time, patron string, sync circ.SyncState) circ.Change {
		return circ.Change{Txn: circ.Transaction{Station: "desk", At: at, Action: circ.Checkout, Patron: patron,
			Item: "30000000000045", Code: circ.CodeNotLoanable, Sync: sync}}
	}
	yesterday := t0.AddDate(0, 0, -1)
	midnight := time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, est)
	rows := record(t, db,
		row(yesterday, "1001", circ.Synced),                       // id[0]
		row(midnight.Add(-time.Nanosecond), "1002", circ.Pending), // id[1]: one ns before midnight
		row(midnight, "1001", circ.Pending),                       // id[2]
		row(t0, "1002", circ.SyncException),                       // id[3]
		row(t0.Add(time.Minute).UTC(), "1001", circ.Pending),      // id[4]
	)
	ids := func(ts []circ.Transaction) []int64 {
		var out []int64
		for _, t := range ts {
			out = append(out, t.ID)
		}
		return out
	}
	id := ids(rows)
	tests := []struct {
		name string
		f    circ.JournalFilter
		want []int64
	}{
		{"everything, oldest first", circ.JournalFilter{}, id},
		{"today", circ.JournalFilter{Since: midnight}, id[2:]},
		{"today, asked in UTC", circ.JournalFilter{Since: midnight.UTC()}, id[2:]},
		{"one patron", circ.JournalFilter{Patron: "1001"}, []int64{id[0], id[2], id[4]}},
		{"pending", circ.JournalFilter{Sync: circ.Pending}, []int64{id[1], id[2], id[4]}},
		{"exceptions", circ.JournalFilter{Sync: circ.SyncException}, []int64{id[3]}},
		{"newest two, oldest first", circ.JournalFilter{Limit: 2}, id[3:]},
		{"newest pending of a patron", circ.JournalFilter{Patron: "1001", Sync: circ.Pending, Limit: 1}, []int64{id[4]}},
		{"limit above the count", circ.JournalFilter{Limit: 50}, id},
		{"nothing", circ.JournalFilter{Patron: "9999"}, nil},
	}
	for _, tt := range tests {
		got, err := db.Journal(ctx, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if g := ids(got); !equalIDs(g, tt.want) {
			t.Errorf("%s: ids %v; want %v", tt.name, g, tt.want)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	// The fixture's one loan fell due six days before t0.
	due := t0.AddDate(0, 0, -6)
	tests := []struct {
		now     time.Time
		overdue int
	}{
		{due.Add(-time.Second), 0},
		{due, 0}, // due at that instant is not yet overdue
		{due.Add(time.Nanosecond), 1},
		{t0, 1},
	}
	for _, tt := range tests {
		st, err := db.Stats(ctx, tt.now)
		if err != nil {
			t.Fatal(err)
		}
		want := circ.Stats{Patrons: 3, Items: 4, Loans: 1, Overdue: tt.overdue}
		if st != want {
			t.Errorf("Stats(%v) = %+v; want %+v", tt.now, st, want)
		}
	}
	c := checkoutOf("desk", "1002", "30000000000011", t0)
	refused := circ.Change{Txn: circ.Transaction{Station: "desk", At: t0, Action: circ.Checkout, Patron: "1003",
		Item: "30000000000037", Code: circ.CodePatronBlocked, Sync: circ.LocalOnly}}
	exc := circ.Change{Txn: circ.Transaction{Station: "desk", At: t0, Action: circ.Checkin,
		Item: "30000000000045", OK: true, Code: circ.CodeNotOnLoan, Sync: circ.Pending}}
	rows := record(t, db, c, refused, exc)
	if err := db.Settle(ctx, circ.Settlement{Txn: rows[2].ID, Sync: circ.SyncException,
		Code: circ.ExItemNotFound, At: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx, t0)
	want := circ.Stats{Patrons: 3, Items: 4, Loans: 2, Overdue: 1, Pending: 1, Exceptions: 1}
	if err != nil || st != want {
		t.Errorf("Stats after a checkout, a refusal and an exception = %+v, %v; want %+v", st, err, want)
	}
}
