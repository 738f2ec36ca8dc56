package inventory_test

import (
	"context"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// A withdrawn book is not lent, and one that comes back stays withdrawn,
// flagged for the librarian.
func TestWithdrawnAtTheDesk(t *testing.T) {
	e := newEnv(t, shelf, "desk")
	ctx := context.Background()
	p, err := e.db.Patron(ctx, "1001")
	if err != nil {
		t.Fatal(err)
	}
	o, err := e.desk.Checkout(ctx, p, "BGONE")
	if err != nil || o.OK || o.Code != circ.CodeNotLoanable {
		t.Errorf("checkout of a withdrawn book = %+v, %v; want it refused as not loanable", o, err)
	}
	o, err = e.desk.Checkin(ctx, "BGONE")
	if err != nil || !o.OK || o.Code != circ.CodeWithdrawnFound {
		t.Errorf("check-in of a withdrawn book = %+v, %v", o, err)
	}
	if it, _ := e.db.Item(ctx, "BGONE"); it.Status != circ.Withdrawn {
		t.Errorf("after the check-in the book is %s; want still withdrawn", it.Status)
	}
}
