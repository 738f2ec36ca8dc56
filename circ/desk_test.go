package circ_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

func patron(t *testing.T, d *circ.Desk, id string) circ.Patron {
	t.Helper()
	p, _, _, err := d.Identify(context.Background(), id)
	if err != nil {
		t.Fatalf("identify %s: %v", id, err)
	}
	return p
}

func TestCheckoutRules(t *testing.T) {
	tests := []struct {
		name     string
		patron   string
		item     string
		ok       bool
		code     circ.Code
		due      string // YYYY-MM-DD when ok
		status   circ.ItemStatus
		loanTo   string // who has the item afterwards, "" = nobody
		journal  bool   // a journal row is written
		holdGone bool   // the patron's hold on the item is filled
	}{
		{"student borrows an available book", maya, free1, true, circ.CodeCheckedOut, "2026-12-14", circ.OnLoan, maya, true, false},
		{"teacher gets the teacher loan period", tina, free1, true, circ.CodeCheckedOut, "2027-01-11", circ.OnLoan, tina, true, false},
		{"book out to someone else is refused for the desk", maya, samsBook, false, circ.CodeOnLoanToOther, "", circ.OnLoan, sam, true, false},
		{"book waiting on the hold shelf for someone else", maya, shelfHold, false, circ.CodeOnHoldForOther, "", circ.OnHold, "", true, false},
		{"the patron the hold waits for gets it", sam, shelfHold, true, circ.CodeCheckedOut, "2026-12-14", circ.OnLoan, sam, true, true},
		{"blocked card", bob, free1, false, circ.CodePatronBlocked, "", circ.Available, "", true, false},
		{"expired card", eve, free1, false, circ.CodeCardExpired, "", circ.Available, "", true, false},
		{"overdue books block borrowing", omar, free1, false, circ.CodeTooManyOverdue, "", circ.Available, "", true, false},
		{"ten books is the student limit", fran, free1, false, circ.CodeLimitReached, "", circ.Available, "", true, false},
		{"a lost book cannot go out", maya, lostBook, false, circ.CodeNotLoanable, "", circ.Lost, "", true, false},
		{"a missing book cannot go out", maya, missBook, false, circ.CodeNotLoanable, "", circ.Missing, "", true, false},
		{"unknown barcode", maya, "31234999999997", false, circ.CodeItemNotFound, "", "", "", true, false},
		{"own book again is renewed", maya, mayasBook, true, circ.CodeRenewed, "2026-12-14", circ.OnLoan, maya, true, false},
		{"own book with someone waiting is not renewed", maya, heldOut, false, circ.CodeOnHoldForOther, "", circ.OnLoan, maya, true, false},
		{"own book renewed too often", maya, worn, false, circ.CodeNotRenewable, "", circ.OnLoan, maya, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, desk, _ := openFixture(t)
			o, err := desk.Checkout(ctx, patron(t, desk, tt.patron), tt.item)
			if err != nil {
				t.Fatal(err)
			}
			if o.OK != tt.ok || o.Code != tt.code {
				t.Fatalf("outcome ok=%v code=%s, want ok=%v code=%s", o.OK, o.Code, tt.ok, tt.code)
			}
			if tt.ok && o.Due.Format(time.DateOnly) != tt.due {
				t.Errorf("due %s, want %s", o.Due.Format(time.DateOnly), tt.due)
			}
			if tt.status != "" {
				it, err := db.Item(ctx, tt.item)
				if err != nil {
					t.Fatal(err)
				}
				if it.Status != tt.status {
					t.Errorf("item status %s, want %s", it.Status, tt.status)
				}
			}
			loan, err := db.Loan(ctx, tt.item)
			switch {
			case tt.loanTo == "" && !errors.Is(err, circ.ErrNotFound):
				t.Errorf("item is on loan to %q, want on no loan (err %v)", loan.Patron, err)
			case tt.loanTo != "" && (err != nil || loan.Patron != tt.loanTo):
				t.Errorf("item is on loan to %q (err %v), want %s", loan.Patron, err, tt.loanTo)
			}
			rows, err := db.Journal(ctx, circ.JournalFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(rows) == 1; got != tt.journal {
				t.Fatalf("%d journal rows, want journaled=%v", len(rows), tt.journal)
			}
			j := rows[0]
			if j.ID != o.Txn || j.OK != tt.ok || j.Code != tt.code || j.Action != circ.Checkout || j.Item != tt.item || j.Patron != tt.patron {
				t.Errorf("journal row %+v does not match the outcome %+v", j, o)
			}
			wantSync := circ.LocalOnly
			if tt.ok {
				wantSync = circ.Pending
			}
			if j.Sync != wantSync || j.Station != "test" || j.Seq != 1 || !j.At.Equal(monday) {
				t.Errorf("journal row %+v: want sync %s, station test, seq 1, at %v", j, wantSync, monday)
			}
			holds, err := db.Holds(ctx, tt.item)
			if err != nil {
				t.Fatal(err)
			}
			stillHeld := false
			for _, h := range holds {
				stillHeld = stillHeld || h.Patron == tt.patron
			}
			if tt.holdGone && stillHeld {
				t.Error("the patron's hold is still there after they borrowed the book")
			}
		})
	}
}

func TestCheckinRules(t *testing.T) {
	tests := []struct {
		name    string
		item    string
		ok      bool
		code    circ.Code
		holdFor string
		status  circ.ItemStatus
	}{
		{"a book on loan comes back", samsBook, true, circ.CodeReturned, "", circ.Available},
		{"a book someone waits for goes to the hold shelf", heldOut, true, circ.CodeHoldShelf, "Sam", circ.OnHold},
		{"a lost book found is accepted and flagged", lostBook, true, circ.CodeLostFound, "", circ.Available},
		{"a missing book found is accepted and flagged", missBook, true, circ.CodeLostFound, "", circ.Available},
		{"a book that was not out", free1, true, circ.CodeNotOnLoan, "", circ.Available},
		{"an unknown barcode", "31234999999997", false, circ.CodeItemNotFound, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, desk, _ := openFixture(t)
			o, err := desk.Checkin(ctx, tt.item)
			if err != nil {
				t.Fatal(err)
			}
			if o.OK != tt.ok || o.Code != tt.code || o.HoldFor != tt.holdFor {
				t.Fatalf("outcome ok=%v code=%s hold for %q, want ok=%v code=%s hold for %q", o.OK, o.Code, o.HoldFor, tt.ok, tt.code, tt.holdFor)
			}
			if _, err := db.Loan(ctx, tt.item); !errors.Is(err, circ.ErrNotFound) {
				t.Errorf("the item is still on loan after check-in (err %v)", err)
			}
			if tt.status != "" {
				it, err := db.Item(ctx, tt.item)
				if err != nil {
					t.Fatal(err)
				}
				if it.Status != tt.status {
					t.Errorf("item status %s, want %s", it.Status, tt.status)
				}
			}
		})
	}
}

func TestRenewRules(t *testing.T) {
	tests := []struct {
		name   string
		patron string
		item   string
		ok     bool
		code   circ.Code
		due    string
	}{
		{"renew own book", maya, mayasBook, true, circ.CodeRenewed, "2026-12-14"},
		{"renew someone else's book", maya, samsBook, false, circ.CodeNotYours, ""},
		{"renew a book that is not out", maya, free1, false, circ.CodeNotYours, ""},
		{"renew past the renewal limit", maya, worn, false, circ.CodeNotRenewable, ""},
		{"renew with overdue books", omar, omarsLate, false, circ.CodeTooManyOverdue, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, desk, _ := openFixture(t)
			before, _ := db.Loan(ctx, tt.item)
			o, err := desk.Renew(ctx, patron(t, desk, tt.patron), tt.item)
			if err != nil {
				t.Fatal(err)
			}
			if o.OK != tt.ok || o.Code != tt.code {
				t.Fatalf("outcome ok=%v code=%s, want ok=%v code=%s", o.OK, o.Code, tt.ok, tt.code)
			}
			after, _ := db.Loan(ctx, tt.item)
			if tt.ok {
				if o.Due.Format(time.DateOnly) != tt.due || after.Renewals != before.Renewals+1 || !after.Due.Equal(o.Due) {
					t.Errorf("loan after renew %+v (outcome due %v), want due %s and one more renewal than %d", after, o.Due, tt.due, before.Renewals)
				}
			} else if after != before {
				t.Errorf("a refused renewal changed the loan: %+v → %+v", before, after)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	tests := []struct {
		name      string
		key       string
		first     string
		out, can  int
		code      circ.Code
		wantError error
	}{
		{"student by school id", maya, "Maya", 3, 7, "", nil},
		{"student by alias card", mayaBar, "Maya", 3, 7, "", nil},
		{"at the limit", fran, "Fran", 10, 0, "", nil},
		{"blocked", bob, "Bob", 0, 10, circ.CodePatronBlocked, nil},
		{"expired", eve, "Eve", 0, 10, circ.CodeCardExpired, nil},
		{"overdue", omar, "Omar", 1, 9, circ.CodeTooManyOverdue, nil},
		{"unknown", "7777777", "", 0, 0, "", circ.ErrUnknownPatron},
	}
	_, desk, _ := openFixture(t)
	for _, tt := range tests {
		p, v, code, err := desk.Identify(context.Background(), tt.key)
		if !errors.Is(err, tt.wantError) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.wantError)
			continue
		}
		if err != nil {
			continue
		}
		if v.FirstName != tt.first || v.ItemsOut != tt.out || v.CanBorrow != tt.can || code != tt.code || p.FirstName != tt.first {
			t.Errorf("%s: view %+v code %q, want %s out %d can %d code %q", tt.name, v, code, tt.first, tt.out, tt.can, tt.code)
		}
	}
}

func TestJournalSequence(t *testing.T) {
	ctx := context.Background()
	db, desk, clock := openFixture(t)
	p := patron(t, desk, maya)
	for _, item := range []string{free1, free2, samsBook} {
		clock.Add(time.Second)
		if _, err := desk.Checkout(ctx, p, item); err != nil {
			t.Fatal(err)
		}
	}
	clock.Add(time.Second)
	if _, err := desk.Checkin(ctx, free1); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Journal(ctx, circ.JournalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d journal rows, want 4", len(rows))
	}
	for i, r := range rows {
		if r.Seq != int64(i+1) || (i > 0 && !r.At.After(rows[i-1].At)) {
			t.Errorf("row %d: seq %d at %v; want seq %d, later than the row before", i, r.Seq, r.At, i+1)
		}
	}
	if rows[3].Action != circ.Checkin || rows[3].Patron != maya {
		t.Errorf("check-in row %+v, want the patron who had the book", rows[3])
	}
}
