package circ

import (
	"context"
	"fmt"
	"time"
)

// verdict is what the server's state proves about a transaction that was
// sent but whose answer was lost.
type verdict int

const (
	// resend: it did not take effect; sending it again is safe.
	resend verdict = iota
	// applied: it took effect.
	applied
	// refused: it cannot have taken effect as the station recorded it, or
	// nothing can prove whether it did: the librarian must look.
	refused
)

// finding is what check learned.
type finding struct {
	verdict verdict
	due     time.Time     // applied: the server's due date, if it gave one
	code    ExceptionCode // refused
	// known says in a sentence what the server showed.
	known string
}

func (f finding) settlement(t Transaction, now time.Time) Settlement {
	if f.verdict == refused {
		return Settlement{Txn: t.ID, Sync: SyncException, Code: f.code, Message: f.known, At: now}
	}
	s := Settlement{Txn: t.ID, Sync: Synced, At: now, Due: f.due}
	if t.Action != Checkin && !f.due.IsZero() && !t.Due.IsZero() && !sameDay(f.due, t.Due) {
		s.ServerDue = f.due
	}
	return s
}

// noAnswer gives up on t after its attempts: an exception with what the
// server showed.
func noAnswer(t Transaction, f finding, now time.Time) Settlement {
	msg := fmt.Sprintf("The library server did not answer this %s %d times.", t.Action, t.Attempts)
	if f.known != "" {
		msg += " " + f.known
	}
	return Settlement{Txn: t.ID, Sync: SyncException, Code: ExNoAnswer, Message: msg, At: now}
}

// check asks the server what became of t, which was sent but whose answer
// was lost. Item Information (17) says whether an item is charged, not to
// whom, and never proves a renewal; so:
//
//   - a checkout is settled through the patron: 63's charged items list it
//     (applied), or the item is charged to someone else (on_loan_to_other),
//     or it is not charged (resend);
//   - a renewal is settled by the due date: moved past the one it replaced
//     (applied), unchanged (resend), or where the renewal could not have
//     moved it (renewed the day it was lent) it is not guessed
//     (unsure_renewal);
//   - a check-in: the item not charged (applied), still charged to the same
//     patron (resend).
func (p *pass) check(ctx context.Context, lib Library, t Transaction) (finding, error) {
	switch t.Action {
	case Checkout:
		return p.checkCheckout(ctx, lib, t)
	case Renew:
		return p.checkRenewal(ctx, lib, t)
	}
	return p.checkCheckin(ctx, lib, t)
}

func (p *pass) patron(ctx context.Context, lib Library, id string) (LibraryPatron, error) {
	ctx, cancel := context.WithTimeout(ctx, p.r.Link.Timeout)
	defer cancel()
	return lib.Patron(ctx, p.r.Link.account(ctx, p.r.Store, id))
}

func (p *pass) item(ctx context.Context, lib Library, barcode string) (LibraryItem, error) {
	ctx, cancel := context.WithTimeout(ctx, p.r.Link.Timeout)
	defer cancel()
	return lib.ItemState(ctx, barcode)
}

func (p *pass) checkCheckout(ctx context.Context, lib Library, t Transaction) (finding, error) {
	lp, err := p.patron(ctx, lib, t.Patron)
	if err != nil {
		return finding{}, err
	}
	holds, complete := lp.Holds(t.Item)
	if lp.Found && holds {
		f := finding{verdict: applied, known: "The library server lists the book among the patron's loans."}
		if it, err := p.item(ctx, lib, t.Item); err == nil {
			f.due = it.Due
		}
		return f, nil
	}
	it, err := p.item(ctx, lib, t.Item)
	if err != nil {
		return finding{}, err
	}
	switch {
	case !it.OnLoan:
		return finding{verdict: resend, known: "The library server shows the book not on loan."}, nil
	case lp.Found && !complete:
		return finding{verdict: refused, code: ExUnsureCheckout,
			known: "The library server has the book on loan but did not list all of the patron's loans; check at the library server who has it."}, nil
	}
	return finding{verdict: refused, code: ExOnLoanToOther,
		known: "The library server has this book on loan to someone else; the station lent it to this patron."}, nil
}

func (p *pass) checkRenewal(ctx context.Context, lib Library, t Transaction) (finding, error) {
	lp, err := p.patron(ctx, lib, t.Patron)
	if err != nil {
		return finding{}, err
	}
	if holds, complete := lp.Holds(t.Item); lp.Found && !holds && complete {
		// Not the patron's loan at the server: a renewal sent again is
		// refused there, and that refusal is the librarian's to see.
		return finding{verdict: resend, known: "The library server does not list the book among the patron's loans."}, nil
	}
	it, err := p.item(ctx, lib, t.Item)
	if err != nil {
		return finding{}, err
	}
	prev, err := p.prevDue(ctx, t)
	if err != nil {
		return finding{}, err
	}
	switch {
	case it.Due.IsZero() || prev.IsZero():
		return finding{verdict: refused, code: ExUnsureRenewal,
			known: "The library server gave no due date to compare, so it cannot show whether the renewal went through."}, nil
	case sameDay(it.Due, prev) && sameDay(prev, t.Due):
		return finding{verdict: refused, code: ExUnsureRenewal,
			known: fmt.Sprintf("The renewal would not have moved the due date (%s), so the library server cannot show whether it went through.",
				prev.Format(time.DateOnly))}, nil
	case sameDay(it.Due, prev):
		return finding{verdict: resend, known: fmt.Sprintf("The library server still has the due date %s.", prev.Format(time.DateOnly))}, nil
	case it.Due.After(prev):
		return finding{verdict: applied, due: it.Due}, nil
	}
	return finding{verdict: refused, code: ExUnsureRenewal,
		known: fmt.Sprintf("The library server has the due date %s, before the %s the renewal replaced.",
			it.Due.Format(time.DateOnly), prev.Format(time.DateOnly))}, nil
}

// prevDue is the due date a renewal replaced, as the server set it when
// the station knows: the due date of the item's last earlier loan row of
// the same patron, else the one the station recorded with the renewal.
func (p *pass) prevDue(ctx context.Context, t Transaction) (time.Time, error) {
	rows, err := p.r.Store.Journal(ctx, JournalFilter{Item: t.Item, Patron: t.Patron, Before: t.ID, Limit: 8})
	if err != nil {
		return time.Time{}, fmt.Errorf("read the loan before transaction %d: %w", t.ID, err)
	}
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if !r.OK || (r.Action != Checkout && r.Action != Renew) {
			continue
		}
		if r.Sync == Synced && !r.ServerDue.IsZero() {
			return r.ServerDue, nil
		}
		break
	}
	return t.PrevDue, nil
}

func (p *pass) checkCheckin(ctx context.Context, lib Library, t Transaction) (finding, error) {
	it, err := p.item(ctx, lib, t.Item)
	if err != nil {
		return finding{}, err
	}
	if !it.OnLoan {
		return finding{verdict: applied}, nil
	}
	if t.Patron == "" {
		return finding{verdict: resend, known: "The library server still has the book on loan."}, nil
	}
	lp, err := p.patron(ctx, lib, t.Patron)
	if err != nil {
		return finding{}, err
	}
	switch holds, complete := lp.Holds(t.Item); {
	case holds:
		return finding{verdict: resend, known: "The library server still has the book on loan to the same patron."}, nil
	case complete:
		// On loan again, to someone else: the return went through before.
		return finding{verdict: applied}, nil
	}
	return finding{verdict: refused, code: ExUnsureCheckin,
		known: "The library server has the book on loan but did not list all of the patron's loans; check at the library server who has it."}, nil
}
