package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// checkoutOf is the change a desk records when patron borrows item at at.
func checkoutOf(station, patron, item string, at time.Time) circ.Change {
	due := at.AddDate(0, 0, 14)
	return circ.Change{
		Txn: circ.Transaction{Station: station, At: at, Action: circ.Checkout, Patron: patron, Item: item,
			OK: true, Code: circ.CodeCheckedOut, Due: due, Sync: circ.Pending},
		Effect: circ.Effect{Loan: &circ.Loan{Item: item, Patron: patron, Out: at, Due: due}, Status: circ.OnLoan},
	}
}

func record(t testing.TB, db interface {
	Update(context.Context, func(circ.Tx) error) error
}, cs ...circ.Change) []circ.Transaction {
	t.Helper()
	var out []circ.Transaction
	err := db.Update(context.Background(), func(tx circ.Tx) error {
		for _, c := range cs {
			txn, err := tx.Record(c)
			if err != nil {
				return err
			}
			out = append(out, txn)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	return out
}

func TestRecordAppliesJournalLoanAndStatusTogether(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	c := checkoutOf("desk", "1002", "30000000000011", t0)
	txn := record(t, db, c)[0]
	if txn.ID <= 0 || txn.Seq != 1 {
		t.Errorf("Record = ID %d, Seq %d; want a row id and sequence 1", txn.ID, txn.Seq)
	}
	j, err := db.Journal(ctx, circ.JournalFilter{})
	if err != nil || len(j) != 1 || j[0].ID != txn.ID || j[0].Item != c.Txn.Item || j[0].Patron != "1002" || !j[0].OK ||
		j[0].Code != circ.CodeCheckedOut || j[0].Sync != circ.Pending || !sameTime(j[0].Due, c.Txn.Due) {
		t.Errorf("Journal = %+v, %v; want the checkout", j, err)
	}
	if l, err := db.Loan(ctx, c.Txn.Item); err != nil || l.Patron != "1002" || !sameTime(l.Due, c.Loan.Due) {
		t.Errorf("Loan = %+v, %v; want the item out to 1002", l, err)
	}
	if it, err := db.Item(ctx, c.Txn.Item); err != nil || it.Status != circ.OnLoan {
		t.Errorf("item status = %q, %v; want on_loan", it.Status, err)
	}

	// The check-in ends the loan and meets a hold in the same row.
	in := circ.Change{
		Txn: circ.Transaction{Station: "desk", At: t0.Add(time.Hour), Action: circ.Checkin, Patron: "1002",
			Item: "30000000000037", OK: true, Code: circ.CodeReturned, Sync: circ.Pending},
		Effect: circ.Effect{EndLoan: true, Status: circ.Available, FillHold: true},
	}
	record(t, db, checkoutOf("desk", "1002", "30000000000037", t0), in)
	if _, err := db.Loan(ctx, "30000000000037"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("loan after check-in: %v; want none", err)
	}
	if h, err := db.Holds(ctx, "30000000000037"); err != nil || len(h) != 0 {
		t.Errorf("holds after FillHold = %+v, %v; want 1002's hold gone", h, err)
	}
	if it, _ := db.Item(ctx, "30000000000037"); it.Status != circ.Available {
		t.Errorf("status after check-in = %q; want available", it.Status)
	}
}

func TestRenewReplacesTheLoan(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	loan, err := db.Loan(ctx, "30000000000029")
	if err != nil {
		t.Fatal(err)
	}
	renewed := loan
	renewed.Due, renewed.Renewals = t0.AddDate(0, 0, 14), 1
	record(t, db, circ.Change{
		Txn: circ.Transaction{Station: "desk", At: t0, Action: circ.Renew, Patron: loan.Patron, Item: loan.Item,
			OK: true, Code: circ.CodeRenewed, Due: renewed.Due, Sync: circ.Pending},
		Effect: circ.Effect{Loan: &renewed, Status: circ.OnLoan},
	})
	got, err := db.Loan(ctx, loan.Item)
	if err != nil || got.Renewals != 1 || !sameTime(got.Due, renewed.Due) || !sameTime(got.Out, loan.Out) {
		t.Errorf("loan after renew = %+v, %v; want %+v", got, err, renewed)
	}
	if all, _ := db.Loans(ctx, ""); len(all) != 1 {
		t.Errorf("%d loans after renew; want still 1", len(all))
	}
}

// snapshot is what a librarian would see of the cache.
type snapshot struct {
	stats   circ.Stats
	journal int
	status  circ.ItemStatus
	loans   int
}

func look(t *testing.T, db interface {
	Stats(context.Context, time.Time) (circ.Stats, error)
	Journal(context.Context, circ.JournalFilter) ([]circ.Transaction, error)
	Item(context.Context, string) (circ.Item, error)
	Loans(context.Context, string) ([]circ.Loan, error)
}) snapshot {
	t.Helper()
	ctx := context.Background()
	st, err1 := db.Stats(ctx, t0)
	j, err2 := db.Journal(ctx, circ.JournalFilter{})
	it, err3 := db.Item(ctx, "30000000000011")
	l, err4 := db.Loans(ctx, "")
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	return snapshot{st, len(j), it.Status, len(l)}
}

func TestFailedUpdateLeavesNothing(t *testing.T) {
	ctx := context.Background()
	errRule := errors.New("the rule said no")
	tests := []struct {
		name string
		fn   func(circ.Tx) error
		want func(error) bool
	}{
		{"fn returns an error after recording", func(tx circ.Tx) error {
			if _, err := tx.Record(checkoutOf("desk", "1002", "30000000000011", t0)); err != nil {
				return err
			}
			return errRule
		}, func(err error) bool { return errors.Is(err, errRule) }},
		{"fn ignores a failed Record", func(tx circ.Tx) error {
			tx.Record(checkoutOf("desk", "1002", "30000000000011", t0))
			c := checkoutOf("desk", "1002", "39999999999999", t0) // not in the cache
			c.Loan = nil
			tx.Record(c)
			return nil
		}, func(err error) bool { return errors.Is(err, circ.ErrNotFound) }},
		{"a change that contradicts itself", func(tx circ.Tx) error {
			c := checkoutOf("desk", "1002", "30000000000011", t0)
			c.EndLoan = true
			_, err := tx.Record(c)
			return err
		}, func(err error) bool { return err != nil }},
		{"a loan of another item", func(tx circ.Tx) error {
			c := checkoutOf("desk", "1002", "30000000000011", t0)
			c.Loan.Item = "30000000000037"
			_, err := tx.Record(c)
			return err
		}, func(err error) bool { return err != nil }},
		{"fn is cancelled", func(tx circ.Tx) error {
			_, err := tx.Record(checkoutOf("desk", "1002", "30000000000011", t0))
			if err != nil {
				return err
			}
			return context.Canceled
		}, func(err error) bool { return errors.Is(err, context.Canceled) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seeded(t)
			before := look(t, db)
			if err := db.Update(ctx, tt.fn); !tt.want(err) {
				t.Errorf("Update = %v", err)
			}
			if after := look(t, db); after != before {
				t.Errorf("after the failed update: %+v; want it as before: %+v", after, before)
			}
			record(t, db, checkoutOf("desk", "1002", "30000000000011", t0)) // and the store still works
		})
	}
}

func TestPanicInUpdateRollsBackAndPanics(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	before := look(t, db)
	func() {
		defer func() {
			if r := recover(); r != "scanner exploded" {
				t.Errorf("recovered %v; want the panic of fn", r)
			}
		}()
		db.Update(ctx, func(tx circ.Tx) error {
			tx.Record(checkoutOf("desk", "1002", "30000000000011", t0))
			panic("scanner exploded")
		})
	}()
	if after := look(t, db); after != before {
		t.Errorf("after the panic: %+v; want %+v", after, before)
	}
	done := make(chan struct{})
	go func() { // the writer connection must be free again
		defer close(done)
		record(t, db, checkoutOf("desk", "1002", "30000000000011", t0))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Update after a panic hangs: the writer was not released")
	}
}

func TestSequencePerStation(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	refusal := func(station string) circ.Change {
		return circ.Change{Txn: circ.Transaction{Station: station, At: t0, Action: circ.Checkout,
			Patron: "1003", Item: "30000000000011", Code: circ.CodePatronBlocked, Sync: circ.LocalOnly}}
	}
	var got []circ.Transaction
	got = append(got, record(t, db, refusal("desk"), refusal("kiosk-1"), refusal("desk"))...)
	got = append(got, record(t, db, refusal("kiosk-1"))...)
	got = append(got, record(t, db, refusal("desk"))...)
	db.Close()
	db2, err := openAgain(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	got = append(got, record(t, db2, refusal("kiosk-1"), refusal("desk"))...)

	wantSeq := []struct {
		station string
		seq     int64
	}{{"desk", 1}, {"kiosk-1", 1}, {"desk", 2}, {"kiosk-1", 2}, {"desk", 3}, {"kiosk-1", 3}, {"desk", 4}}
	for i, w := range wantSeq {
		if got[i].Station != w.station || got[i].Seq != w.seq {
			t.Errorf("row %d: %s #%d; want %s #%d", i, got[i].Station, got[i].Seq, w.station, w.seq)
		}
		if i > 0 && got[i].ID <= got[i-1].ID {
			t.Errorf("row %d: id %d after %d; want ids increasing", i, got[i].ID, got[i-1].ID)
		}
	}
	j, err := db2.Journal(ctx, circ.JournalFilter{})
	if err != nil || len(j) != len(wantSeq) {
		t.Fatalf("Journal: %d rows, %v; want %d", len(j), err, len(wantSeq))
	}
	for i := range j {
		if j[i].ID != got[i].ID || j[i].Seq != got[i].Seq || j[i].Station != got[i].Station {
			t.Errorf("journal row %d = %s #%d (id %d); want what Record returned: %s #%d (id %d)",
				i, j[i].Station, j[i].Seq, j[i].ID, got[i].Station, got[i].Seq, got[i].ID)
		}
	}
}

func TestReadsInsideUpdateSeeItsWrites(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	err := db.Update(ctx, func(tx circ.Tx) error {
		if _, err := tx.Record(checkoutOf("desk", "1002", "30000000000011", t0)); err != nil {
			return err
		}
		l, err := tx.Loan(ctx, "30000000000011")
		if err != nil || l.Patron != "1002" {
			t.Errorf("Loan inside the transaction = %+v, %v; want the loan just recorded", l, err)
		}
		if loans, err := tx.PatronLoans(ctx, "1002"); err != nil || len(loans) != 1 {
			t.Errorf("PatronLoans inside = %+v, %v; want 1", loans, err)
		}
		if it, err := tx.Item(ctx, "30000000000011"); err != nil || it.Status != circ.OnLoan {
			t.Errorf("Item inside = %+v, %v; want on_loan", it, err)
		}
		if _, err := db.Loan(ctx, "30000000000011"); !errors.Is(err, circ.ErrNotFound) {
			t.Errorf("a reader outside saw the uncommitted loan: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentUpdatesAndReads(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	const n = 40
	errs := make(chan error, 2*n)
	for i := range n {
		station := []string{"desk", "kiosk"}[i%2]
		go func() {
			errs <- db.Update(ctx, func(tx circ.Tx) error {
				_, err := tx.Record(circ.Change{Txn: circ.Transaction{Station: station, At: t0,
					Action: circ.Checkin, Item: "30000000000045", OK: true, Code: circ.CodeNotOnLoan, Sync: circ.Pending}})
				return err
			})
		}()
		go func() {
			_, err := db.Stats(ctx, t0)
			errs <- err
		}()
	}
	for range 2 * n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	j, err := db.Journal(ctx, circ.JournalFilter{})
	if err != nil || len(j) != n {
		t.Fatalf("Journal: %d rows, %v; want %d", len(j), err, n)
	}
	next := map[string]int64{}
	for _, r := range j {
		next[r.Station]++
		if r.Seq != next[r.Station] {
			t.Errorf("%s row %d has seq %d; want %d: no gaps, no repeats", r.Station, r.ID, r.Seq, next[r.Station])
		}
	}
}

func TestRecordRestoresAHold(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	h := circ.Hold{Item: "30000000000011", Patron: "1001", Placed: t0.Add(-time.Hour), Expires: t0.AddDate(0, 0, 3)}
	record(t, db, circ.Change{
		Txn: circ.Transaction{Station: "desk", At: t0, Action: circ.Checkin, Patron: "1002", Item: h.Item,
			OK: true, Code: circ.CodeNotOnLoan, Sync: circ.Pending},
		Effect: circ.Effect{Status: circ.OnHold, RestoreHold: &h},
	})
	got, err := db.Holds(ctx, h.Item)
	if err != nil || len(got) != 1 || got[0].Patron != "1001" || !sameTime(got[0].Placed, h.Placed) || !sameTime(got[0].Expires, h.Expires) {
		t.Errorf("holds = %+v, %v; want %+v back", got, err, h)
	}
	err = db.Update(ctx, func(tx circ.Tx) error {
		c := checkoutOf("desk", "1002", "30000000000011", t0)
		c.FillHold, c.RestoreHold = true, &h
		_, err := tx.Record(c)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "both filling and restoring") {
		t.Errorf("Record of a change that fills and restores a hold = %v; want it refused", err)
	}
}
