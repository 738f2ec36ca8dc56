package circ_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// openSets makes a set "Hatchet class set" of the twenty spares.
func openSets(t *testing.T) (*circ.Sets, *storage.DB, *fakeClock) {
	t.Helper()
	db, desk, clock := openFixture(t)
	sets := &circ.Sets{Desk: desk, Store: db}
	if err := sets.Create(context.Background(), "Hatchet class set", spares); err != nil {
		t.Fatal(err)
	}
	return sets, db, clock
}

func TestSetToTeacher(t *testing.T) {
	ctx := context.Background()
	sets, db, clock := openSets(t)
	teacher, err := db.Patron(ctx, tina)
	if err != nil {
		t.Fatal(err)
	}
	due := sets.Due(teacher)
	if want := monday.AddDate(0, 0, 42); due.Format(time.DateOnly) != want.Format(time.DateOnly) {
		t.Errorf("set due %v, want the teacher's 6 weeks (%v)", due, want)
	}
	for _, b := range spares {
		o, err := sets.Lend(ctx, "hatchet CLASS set", teacher, "", b, due)
		if err != nil || !o.OK {
			t.Fatalf("lend %s: %+v, %v", b, o, err)
		}
	}
	// A book outside the set is refused, not lent.
	if o, _ := sets.Lend(ctx, "Hatchet class set", teacher, "", free1, due); o.OK || o.Code != circ.CodeNotInSet {
		t.Errorf("a book outside the set: %+v, want not in set", o)
	}
	set, err := db.BookSet(ctx, "Hatchet class set")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.Copies {
		if c.State(clock.Now()) != circ.CopyOut || c.Holder != tina || c.HolderName != "Tina Kim" || c.Loan == nil || !c.Loan.Due.Equal(due) {
			t.Fatalf("copy %+v, want out to Tina until %v", c, due)
		}
	}
	// Two come back; a third goes past its due date.
	for _, b := range spares[:2] {
		if o, err := sets.Return(ctx, "Hatchet class set", b); err != nil || !o.OK {
			t.Fatalf("return %s: %+v, %v", b, o, err)
		}
	}
	if o, _ := sets.Return(ctx, "Hatchet class set", samsBook); o.OK || o.Code != circ.CodeNotInSet {
		t.Errorf("returning a book of no set through the set: %+v, want refused", o)
	}
	if l, _ := db.Loan(ctx, samsBook); l.Patron != sam {
		t.Error("a book refused by the set return was checked in anyway")
	}
	clock.Add(50 * 24 * time.Hour)
	set, _ = db.BookSet(ctx, "Hatchet class set")
	states := map[circ.CopyState]int{}
	for _, c := range set.Copies {
		states[c.State(clock.Now())]++
	}
	if states[circ.CopyReturned] != 2 || states[circ.CopyOverdue] != 18 {
		t.Errorf("copy states %v, want 2 returned and 18 overdue", states)
	}
	sum, err := db.BookSets(ctx, clock.Now())
	if err != nil || len(sum) != 1 || sum[0].Copies != 20 || sum[0].Out != 18 || sum[0].Overdue != 18 {
		t.Errorf("set list %+v, %v; want 20 copies, 18 out and overdue", sum, err)
	}
	_, missing, err := sets.Missing(ctx, "Hatchet class set")
	if err != nil || len(missing) != 18 || missing[0].Item != spares[2] {
		t.Errorf("missing copies %d (%v), want the 18 still out", len(missing), err)
	}
}

func TestSetIgnoresStudentLimitNotBlocks(t *testing.T) {
	ctx := context.Background()
	sets, db, _ := openSets(t)
	for i, tc := range []struct {
		who  string
		want circ.Code
	}{
		{fran, circ.CodeCheckedOut},   // at the 10-book limit: a set copy still goes out
		{omar, circ.CodeCheckedOut},   // an overdue book does not stop a class novel
		{bob, circ.CodePatronBlocked}, // a block does
		{eve, circ.CodeCardExpired},
	} {
		p, err := db.Patron(ctx, tc.who)
		if err != nil {
			t.Fatal(err)
		}
		o, err := sets.Lend(ctx, "Hatchet class set", p, "homeroom:3-Diaz", spares[i], monday.AddDate(0, 0, 42))
		if err != nil || o.Code != tc.want {
			t.Errorf("lend to %s: %s (%v), want %s", p.FirstName, o.Code, err, tc.want)
		}
	}
}

func TestSetCreateRefusals(t *testing.T) {
	ctx := context.Background()
	sets, db, _ := openSets(t)
	err := sets.Create(ctx, "Hatchet class set", []string{free1})
	if !errors.Is(err, circ.ErrSetExists) {
		t.Errorf("a second set of the same name: %v", err)
	}
	var conflict *circ.SetConflict
	err = sets.Create(ctx, "Another", []string{free1, spares[3]})
	if !errors.As(err, &conflict) || conflict.Items[spares[3]] != "Hatchet class set" {
		t.Errorf("a copy already in a set: %v", err)
	}
	if _, err := db.SetOf(ctx, free1); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("a refused set kept some of its copies: %v", err)
	}
	var unknown *circ.UnknownItems
	if err := sets.Create(ctx, "Another", []string{free1, "999"}); !errors.As(err, &unknown) || unknown.Items[0] != "999" {
		t.Errorf("an unknown barcode: %v", err)
	}
	if n, err := sets.CreateFromTitle(ctx, "Webs", "charlotte's web"); err != nil || n != 1 {
		t.Errorf("a set from a title: %d copies, %v", n, err)
	}
	if _, err := sets.CreateFromTitle(ctx, "Again", "Charlotte's Web"); err == nil {
		t.Error("a set from a title whose copies are all in sets was made")
	}
}

func TestSetCopyWithdrawnOrOfALookalikeSet(t *testing.T) {
	ctx := context.Background()
	sets, db, _ := openSets(t)
	teacher, _ := db.Patron(ctx, tina)
	if err := db.Update(ctx, func(tx circ.Tx) error {
		_, err := tx.Record(circ.Change{Txn: circ.Transaction{Station: "test", At: monday, Action: circ.MarkMissing, Item: spares[0], Sync: circ.LocalOnly},
			Effect: circ.Effect{Status: circ.Withdrawn}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if o, _ := sets.Lend(ctx, "Hatchet class set", teacher, "", spares[0], monday.AddDate(0, 0, 42)); o.OK || o.Code != circ.CodeNotLoanable {
		t.Errorf("a withdrawn copy: %+v, want not loanable", o)
	}
	if it, _ := db.Item(ctx, spares[0]); it.Status != circ.Withdrawn {
		t.Errorf("the withdrawn copy is now %s", it.Status)
	}
	// Set names match as the cache matches them: ASCII case only.
	if err := sets.Create(ctx, "Éclair", []string{free1}); err != nil {
		t.Fatal(err)
	}
	if err := sets.Create(ctx, "éclair", []string{free2}); err != nil {
		t.Fatalf("a set whose name differs in an accented letter: %v", err)
	}
	if o, _ := sets.Lend(ctx, "éclair", teacher, "", free1, monday.AddDate(0, 0, 42)); o.Code != circ.CodeOtherSet {
		t.Errorf("a copy of Éclair lent as éclair: %+v", o)
	}
	if o, _ := sets.Lend(ctx, "hatchet CLASS set", teacher, "", spares[1], monday.AddDate(0, 0, 42)); !o.OK {
		t.Errorf("a set named in other ASCII case: %+v", o)
	}
}
