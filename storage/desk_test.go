package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// TestDeskOnStorage runs a morning at the desk over the SQLite store: what
// the librarian sees afterwards is what the desk decided.
func TestDeskOnStorage(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: fixedClock{t0}, Station: "desk"}

	ben, view, refuse, err := desk.Identify(ctx, "1002")
	if err != nil || refuse != "" || view.FirstName != "Ben" {
		t.Fatalf("Identify(1002) = %+v, %q, %v", view, refuse, err)
	}
	ana, _, refuse, err := desk.Identify(ctx, "PROX77")
	if err != nil || ana.ID != "1001" || refuse != circ.CodeTooManyOverdue {
		t.Fatalf("Identify(PROX77) = %s, %q, %v; want Ana, refused for her overdue book", ana.ID, refuse, err)
	}

	steps := []struct {
		name string
		do   func() (circ.Outcome, error)
		code circ.Code
	}{
		{"Ana takes the kit Ben is waiting for", func() (circ.Outcome, error) { return desk.Checkout(ctx, ana, "30000000000037") }, circ.CodeOnHoldForOther},
		{"Ben takes his kit", func() (circ.Outcome, error) { return desk.Checkout(ctx, ben, "30000000000037") }, circ.CodeCheckedOut},
		{"Ben renews it", func() (circ.Outcome, error) { return desk.Renew(ctx, ben, "30000000000037") }, circ.CodeRenewed},
		{"Ana returns Hatchet", func() (circ.Outcome, error) { return desk.Checkin(ctx, "30000000000029") }, circ.CodeReturned},
		{"a book not in the catalog", func() (circ.Outcome, error) { return desk.Checkin(ctx, "39999999999999") }, circ.CodeItemNotFound},
	}
	for _, s := range steps {
		o, err := s.do()
		if err != nil || o.Code != s.code || o.Txn == 0 {
			t.Errorf("%s: %+v, %v; want %s, journaled", s.name, o, err, s.code)
		}
	}

	if h, _ := db.Holds(ctx, "30000000000037"); len(h) != 0 {
		t.Errorf("Ben's hold is still there after he borrowed the kit: %+v", h)
	}
	if l, err := db.Loan(ctx, "30000000000037"); err != nil || l.Patron != "1002" || l.Renewals != 1 {
		t.Errorf("kit loan = %+v, %v; want Ben's, renewed once", l, err)
	}
	if _, err := db.Loan(ctx, "30000000000029"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("Hatchet still out: %v", err)
	}
	if it, _ := db.Item(ctx, "30000000000029"); it.Status != circ.Available {
		t.Errorf("Hatchet is %s; want available", it.Status)
	}
	j, err := db.Journal(ctx, circ.JournalFilter{})
	if err != nil || len(j) != len(steps) {
		t.Fatalf("journal has %d rows, %v; want one per step (%d)", len(j), err, len(steps))
	}
	if j[0].OK || j[0].Sync != circ.LocalOnly || !j[1].OK || j[1].Sync != circ.Pending || j[3].Patron != "1001" {
		t.Errorf("journal = %+v", j)
	}
	st, _ := db.Stats(ctx, t0)
	if st.Pending != 3 || st.Loans != 1 || st.Overdue != 0 {
		t.Errorf("stats = %+v; want 3 pending, 1 loan, none overdue", st)
	}
	// With her overdue book back, Ana may borrow again.
	if _, _, refuse, err := desk.Identify(ctx, "ONE1001"); err != nil || refuse != "" {
		t.Errorf("Identify(ONE1001) after the return = %q, %v; want her allowed", refuse, err)
	}
}
