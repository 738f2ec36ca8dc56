package circ

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Desk decides and records checkouts, check-ins and renewals from the local
// cache. Each decision and its journal row are committed in one durable
// transaction before the Outcome is returned. A Desk keeps no session state;
// Station adds the kiosk session on top of it.
type Desk struct {
	Store   Store
	Policy  Policy
	Clock   Clock
	Station string // the station id written in the journal
	// Link, when set, is the library server: while it answers and nothing
	// waits to be replayed, each accepted transaction goes to it at once
	// and its answer is the outcome (see online.go). While it answers, a
	// card or book the cache does not know is asked about, and a refusal
	// resting on cached state is checked with it first (readthrough.go).
	Link *Link
	// UnknownItems is what to do offline with a book the cache does not
	// know, when a library server is configured: "" refuses.
	UnknownItems UnknownItemPolicy
}

// PatronView is what a station may show about the patron at the kiosk.
type PatronView struct {
	ID        string // for the station's own use; never shown at the kiosk
	FirstName string
	ItemsOut  int
	CanBorrow int // how many more items the patron may take now
}

// ErrUnknownPatron is returned by Identify when no patron has that code.
var ErrUnknownPatron = WithKind(errors.New("no patron has that card number"), KindNotFound)

// Identify finds the patron with card number or account id key and says
// whether they may borrow: code is "" when they may, otherwise the reason.
func (d *Desk) Identify(ctx context.Context, keys ...string) (Patron, PatronView, Code, error) {
	p, err := d.findPatron(ctx, d.Store, keys)
	switch {
	case errors.Is(err, ErrUnknownPatron):
		// Read-through: the library server may know the card.
		learned, ok := d.learnPatron(ctx, firstKey(keys))
		if !ok {
			return Patron{}, PatronView{}, "", err
		}
		p = learned
	case err != nil:
		return Patron{}, PatronView{}, "", err
	case d.refreshPatron(ctx, p):
		if p, err = d.findPatron(ctx, d.Store, []string{p.ID}); err != nil {
			return Patron{}, PatronView{}, "", err
		}
	}
	loans, err := d.Store.PatronLoans(ctx, p.ID)
	if err != nil {
		return Patron{}, PatronView{}, "", fmt.Errorf("loans of patron: %w", err)
	}
	now := d.Clock.Now()
	v := d.view(p, loans)
	return p, v, d.Policy.Standing(p, overdue(p, loans, now), now), nil
}

// firstKey is the first key that is not empty: the code as scanned.
func firstKey(keys []string) string {
	for _, k := range keys {
		if k != "" {
			return k
		}
	}
	return ""
}

func (d *Desk) findPatron(ctx context.Context, r Reader, keys []string) (Patron, error) {
	for _, k := range keys {
		if k == "" {
			continue
		}
		p, err := r.Patron(ctx, k)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return Patron{}, fmt.Errorf("look up patron: %w", err)
		}
	}
	return Patron{}, ErrUnknownPatron
}

func (d *Desk) view(p Patron, loans []Loan) PatronView {
	out := itemsOut(p, loans)
	can := max(d.Policy.Limit(p)-out, 0)
	return PatronView{ID: p.ID, FirstName: p.FirstName, ItemsOut: out, CanBorrow: can}
}

// Checkout lends item to patron p (an item already on loan to p is renewed).
func (d *Desk) Checkout(ctx context.Context, p Patron, barcode string) (Outcome, error) {
	return d.decide(ctx, Checkout, p, barcode, func(tx Tx, now time.Time, item Item) (Change, error) {
		return d.checkout(ctx, tx, now, p, item)
	})
}

// Checkin returns item; it works for any item, whoever had it.
func (d *Desk) Checkin(ctx context.Context, barcode string) (Outcome, error) {
	var holdFor string
	o, err := d.decide(ctx, Checkin, Patron{}, barcode, func(tx Tx, now time.Time, item Item) (Change, error) {
		c, name, err := d.checkin(ctx, tx, now, item)
		holdFor = name
		return c, err
	})
	o.HoldFor = holdFor
	return o, err
}

// Renew extends p's loan of item.
func (d *Desk) Renew(ctx context.Context, p Patron, barcode string) (Outcome, error) {
	return d.decide(ctx, Renew, p, barcode, func(tx Tx, now time.Time, item Item) (Change, error) {
		loan, err := tx.Loan(ctx, item.Barcode)
		if errors.Is(err, ErrNotFound) || (err == nil && loan.Patron != p.ID) {
			return refusal(CodeNotYours), nil
		}
		if err != nil {
			return Change{}, err
		}
		return d.renew(ctx, tx, now, p, loan)
	})
}

// decide runs one decision about barcode for patron p (zero for a check-in)
// in a write transaction, journals it, turns the recorded change into an
// Outcome, and, when the library server is live, sends it there.
//
// While the server answers, a book the cache does not know is asked about
// first (17), and a refusal resting on cached state is not journaled
// before the server is asked what it knows (17 or 63): the decision is
// then made again on the corrected cache, once.
func (d *Desk) decide(ctx context.Context, a Action, p Patron, barcode string, rule func(Tx, time.Time, Item) (Change, error)) (Outcome, error) {
	ask := notAsked
	var told *LibraryItem // what the server said of a book the cache lacks
	if d.canAsk() {
		if _, err := d.Store.Item(ctx, barcode); errors.Is(err, ErrNotFound) {
			var it LibraryItem
			it, ask = d.askItem(ctx, barcode)
			if ask == serverKnows || ask == serverUnsure {
				told = &it
			}
		}
	}
	o, err := d.decideOnce(ctx, a, p, barcode, rule, ask, told, d.canAsk())
	if errors.Is(err, errRecheck) {
		d.recheck(ctx, o.Code, p, barcode)
		o, err = d.decideOnce(ctx, a, p, barcode, rule, ask, nil, false)
	}
	return o, err
}

// decideOnce is one try of decide. With recheck, a refusal that rests on
// cached state records nothing and returns errRecheck, its code in the
// outcome.
func (d *Desk) decideOnce(ctx context.Context, a Action, p Patron, barcode string, rule func(Tx, time.Time, Item) (Change, error), ask asked, told *LibraryItem, recheck bool) (Outcome, error) {
	now := d.Clock.Now()
	o := Outcome{Action: a, Item: barcode, At: now}
	var recorded Transaction
	var undo *Effect
	// It goes out at once only while no other program sends this journal.
	live := false
	if d.Link.live() {
		if release, err := d.Link.acquire(""); err == nil {
			defer release()
			live = true
		}
	}
	err := d.Store.Update(ctx, func(tx Tx) error {
		item, err := tx.Item(ctx, barcode)
		var c Change
		if errors.Is(err, ErrNotFound) && told != nil {
			// Learned from the server: its row commits with the decision.
			if ltx, ok := tx.(LearningTx); ok {
				item, err = ltx.LearnItem(ctx, barcode, *told, now)
				if errors.Is(err, ErrUnclear) {
					err = ErrNotFound
				}
			}
		}
		if errors.Is(err, ErrNotFound) && d.provisional(a, ask) {
			if ptx, ok := tx.(ProvisionalTx); ok {
				item, err = ptx.AddProvisional(ctx, barcode)
			}
		}
		switch {
		case errors.Is(err, ErrNotFound) && ask == serverUnsure:
			c = refusal(CodeNotLoanable)
		case errors.Is(err, ErrNotFound):
			c = refusal(CodeItemNotFound)
		case err != nil:
			return fmt.Errorf("look up item: %w", err)
		default:
			o.Title = item.Title
			if c, err = rule(tx, now, item); err != nil {
				return err
			}
		}
		if recheck && !c.Txn.OK {
			if onItem, onPatron := recheckable(c.Txn.Code); onItem || onPatron {
				o.Code = c.Txn.Code
				return errRecheck
			}
		}
		c.Txn.Station, c.Txn.At, c.Txn.Action, c.Txn.Item = d.Station, now, a, barcode
		if c.Txn.Patron == "" {
			c.Txn.Patron = p.ID
		}
		if c.Txn.Sync == "" {
			c.Txn.Sync = LocalOnly
			if c.Txn.OK {
				c.Txn.Sync = Pending
				// It goes out the moment it commits: say so in the same write.
				c.Txn.Sent = live
			}
		}
		t, err := tx.Record(c)
		if err != nil {
			return fmt.Errorf("record %s: %w", a, err)
		}
		o.Txn, o.OK, o.Code, o.Due = t.ID, t.OK, t.Code, t.Due
		recorded, undo = t, c.Undo
		return nil
	})
	if errors.Is(err, errRecheck) {
		return o, err
	}
	if err != nil {
		return Outcome{Action: a, Item: barcode, At: now, Code: CodeStationError}, err
	}
	if recorded.Sync == Pending && recorded.Sent {
		d.sendNow(ctx, p, recorded, undo, &o)
	}
	return o, nil
}

// provisional reports whether an unknown book may be lent as a provisional
// item: a checkout, offline from a configured library server (not asked),
// at a station that accepts unknown items.
func (d *Desk) provisional(a Action, ask asked) bool {
	return a == Checkout && ask == notAsked && d.Link != nil && d.UnknownItems == AcceptUnknown
}

// current is p as the cache holds them inside tx (a recheck may have
// corrected them since p was read).
func current(ctx context.Context, tx Tx, p Patron) Patron {
	if p.ID == "" {
		return p
	}
	if fresh, err := tx.Patron(ctx, p.ID); err == nil {
		return fresh
	}
	return p
}

func refusal(c Code) Change { return Change{Txn: Transaction{Code: c}} }

func accept(c Code, patron string, due time.Time) Transaction {
	return Transaction{OK: true, Code: c, Patron: patron, Due: due}
}

func (d *Desk) checkout(ctx context.Context, tx Tx, now time.Time, p Patron, item Item) (Change, error) {
	if item.Status == Lost || item.Status == Missing || item.Status == Withdrawn {
		return refusal(CodeNotLoanable), nil
	}
	p = current(ctx, tx, p)
	loan, err := tx.Loan(ctx, item.Barcode)
	switch {
	case err == nil && loan.Patron == p.ID:
		return d.renew(ctx, tx, now, p, loan)
	case err == nil:
		// The desk sees this row in its alerts: the book is out to someone else.
		return refusal(CodeOnLoanToOther), nil
	case !errors.Is(err, ErrNotFound):
		return Change{}, err
	case item.Status == OnLoan && !item.RefreshedAt.IsZero():
		// The server said it lent it to someone this cache does not know.
		return refusal(CodeOnLoanToOther), nil
	}
	loans, hold, held, code, err := d.mayHave(ctx, tx, now, p, item.Barcode)
	if err != nil || code != "" {
		return refusal(code), err
	}
	if !held && item.Status == OnHold && !item.RefreshedAt.IsZero() && !d.Link.live() {
		// On the server's hold shelf for someone this cache does not know;
		// online, the server says whether it is this patron.
		return refusal(CodeOnHoldForOther), nil
	}
	if itemsOut(p, loans) >= d.Policy.Limit(p) {
		return refusal(CodeLimitReached), nil
	}
	due := d.Policy.Due(p, now)
	undo := &Effect{EndLoan: true, Status: item.Status}
	if held {
		undo.RestoreHold = &hold
	}
	return Change{
		Txn:    accept(CodeCheckedOut, p.ID, due),
		Effect: Effect{Loan: &Loan{Item: item.Barcode, Patron: p.ID, Out: now, Due: due}, Status: OnLoan, FillHold: held},
		Undo:   undo,
	}, nil
}

// mayHave checks what checkout and renewal share: nobody else waits for the
// item, and p is in good standing. It returns p's loans, p's own hold on the
// item when there is one (held), and the refusal code ("" when p may have it).
func (d *Desk) mayHave(ctx context.Context, tx Tx, now time.Time, p Patron, item string) (loans []Loan, hold Hold, held bool, code Code, err error) {
	hold, held, err = firstHold(ctx, tx, item, now)
	if err != nil {
		return nil, Hold{}, false, "", err
	}
	if held && hold.Patron != p.ID {
		return nil, Hold{}, false, CodeOnHoldForOther, nil
	}
	if loans, err = tx.PatronLoans(ctx, p.ID); err != nil {
		return nil, Hold{}, false, "", err
	}
	return loans, hold, held, d.Policy.Standing(p, overdue(p, loans, now), now), nil
}

func (d *Desk) renew(ctx context.Context, tx Tx, now time.Time, p Patron, loan Loan) (Change, error) {
	if loan.Renewals >= d.Policy.MaxRenewals {
		return refusal(CodeNotRenewable), nil
	}
	p = current(ctx, tx, p)
	if _, _, _, code, err := d.mayHave(ctx, tx, now, p, loan.Item); err != nil || code != "" {
		return refusal(code), err
	}
	due := d.Policy.Due(p, now)
	if due.Before(loan.Due) {
		due = loan.Due
	}
	renewed := loan
	renewed.Due, renewed.Renewals = due, loan.Renewals+1
	txn := accept(CodeRenewed, p.ID, due)
	txn.PrevDue = loan.Due
	return Change{
		Txn:    txn,
		Effect: Effect{Loan: &renewed, Status: OnLoan},
		Undo:   &Effect{Loan: &loan, Status: OnLoan},
	}, nil
}

func (d *Desk) checkin(ctx context.Context, tx Tx, now time.Time, item Item) (Change, string, error) {
	c := Change{Txn: accept(CodeReturned, "", time.Time{}), Effect: Effect{Status: Available}}
	loan, err := tx.Loan(ctx, item.Barcode)
	switch {
	case err == nil:
		c.EndLoan, c.Txn.Patron = true, loan.Patron
	case errors.Is(err, ErrNotFound):
		c.Txn.Code = CodeNotOnLoan
	default:
		return Change{}, "", err
	}
	if item.Status == Lost || item.Status == Missing {
		c.Txn.Code = CodeLostFound
	}
	if item.Status == Withdrawn {
		// Back from somewhere, but no longer in the collection: it stays
		// withdrawn until the librarian decides.
		c.Txn.Code, c.Status = CodeWithdrawnFound, Withdrawn
		return c, "", nil
	}
	hold, held, err := firstHold(ctx, tx, item.Barcode, now)
	if err != nil || !held {
		return c, "", err
	}
	c.Status = OnHold
	if c.Txn.Code != CodeLostFound {
		c.Txn.Code = CodeHoldShelf
	}
	waiting, err := tx.Patron(ctx, hold.Patron)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Change{}, "", err
	}
	return c, waiting.FirstName, nil
}

func firstHold(ctx context.Context, r Reader, item string, now time.Time) (Hold, bool, error) {
	holds, err := r.Holds(ctx, item)
	if err != nil {
		return Hold{}, false, fmt.Errorf("holds on item: %w", err)
	}
	for _, h := range holds {
		if h.Active(now) {
			return h, true, nil
		}
	}
	return Hold{}, false, nil
}

// Alert journals a desk alert about item: no change to the cache, nothing
// for the library server; the librarian sees it in today's list.
func (d *Desk) Alert(ctx context.Context, a Action, patron, item string, code Code) error {
	return d.Store.Update(ctx, func(tx Tx) error {
		_, err := tx.Record(Change{Txn: Transaction{
			Station: d.Station, At: d.Clock.Now(), Action: a, Patron: patron, Item: item, Code: code, Sync: LocalOnly,
		}})
		return err
	})
}
