package circ

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Source says where a cache row came from.
type Source string

// The sources of cache rows.
const (
	SourceRoster      Source = "roster"      // a roster import (or the demo school)
	SourceShelfList   Source = "shelflist"   // a shelf-list import (or the demo school)
	SourceServer      Source = "server"      // learned from the library server's answer
	SourceProvisional Source = "provisional" // an item (or a card, at the desk) lent on offline that the cache did not know
)

// Learner is the part of a Store that takes what the library server says
// into the cache. Every answer goes through it, so the cache is read-through
// and corrected whenever the server speaks. A Store without it is never
// corrected (a fake in a test).
type Learner interface {
	// LearnPatron writes the server's answer about the patron with card
	// number key: a new row (source server) when the cache does not know
	// them, else their block, limit, counts and refresh time; loans the
	// server no longer lists (and no pending journal row touches) end.
	// A patron the server does not know (Found false) is ErrNotFound and
	// writes nothing.
	LearnPatron(ctx context.Context, key string, p LibraryPatron, at time.Time) (Patron, error)
	// LearnItem writes the server's answer about an item: a new row (source
	// server) when the cache does not know it, else its status, title,
	// holds and refresh time, unless a pending journal row touches the item
	// (the reconciler settles that first). An item the server does not know
	// is ErrNotFound; a new item whose status is unclear is ErrUnclear; in
	// both cases nothing is written.
	LearnItem(ctx context.Context, barcode string, it LibraryItem, at time.Time) (Item, error)
	// ForgetLearned drops the patrons learned from the server and unseen
	// since before, unless they have loans or holds; it returns how many.
	ForgetLearned(ctx context.Context, before time.Time) (int, error)
	// RefreshList lists what a background refresh asks the server about:
	// items on loan or on hold here, and patrons seen since seenSince,
	// least recently refreshed first, at most limit of each (0: all).
	RefreshList(ctx context.Context, seenSince time.Time, limit int) (items, patrons []string, err error)
}

// ProvisionalTx is the part of a Tx that adds an item the cache does not
// know, lent offline (source provisional), inside the decision's write.
type ProvisionalTx interface {
	AddProvisional(ctx context.Context, barcode string) (Item, error)
}

// LearningTx is the part of a Tx that writes what the server said of an
// item (Learner.LearnItem) inside a decision's write, so a book learned
// online costs no commit of its own.
type LearningTx interface {
	LearnItem(ctx context.Context, barcode string, it LibraryItem, at time.Time) (Item, error)
}

// ErrUnclear is returned by LearnItem for an item the server knows but
// whose circulation status it does not give.
var ErrUnclear = errors.New("the library server does not say whether the item may circulate")

// UnknownItemPolicy is what a station does, offline, with an item its
// cache does not know.
type UnknownItemPolicy string

// The policies for unknown items.
const (
	// RefuseUnknown: "This book is not in the catalog." (the kiosk's default)
	RefuseUnknown UnknownItemPolicy = "refuse"
	// AcceptUnknown: lend it as a provisional item, journaled and sent to
	// the server like any loan; the librarian sees it listed (the desk's
	// default).
	AcceptUnknown UnknownItemPolicy = "accept"
)

// Valid reports whether u is a known policy.
func (u UnknownItemPolicy) Valid() bool { return u == RefuseUnknown || u == AcceptUnknown }

// learner is the desk's Learner, or nil.
func (d *Desk) learner() Learner {
	l, _ := d.Store.(Learner)
	return l
}

// canAsk reports whether the library server may be asked a question now:
// a read (17, 63) needs no lease and may go while transactions wait.
func (d *Desk) canAsk() bool {
	return d.Link != nil && d.Link.State().Online && d.learner() != nil
}

// asked is what the desk learned from the server before a decision.
type asked int

const (
	notAsked     asked = iota // offline, or no server
	serverKnows               // the server answered and knows it
	serverLacks               // the server answered and does not know it
	serverUnsure              // the server knows it but not its status
)

// learnPatron asks the server about an unknown card (63) and caches the
// answer. ok is false when the server does not know the card, gave no
// usable answer, or was not asked.
func (d *Desk) learnPatron(ctx context.Context, key string) (Patron, bool) {
	if !d.canAsk() || key == "" {
		return Patron{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d.Link.Timeout)
	defer cancel()
	lp, err := d.Link.Library.Patron(ctx, d.Link.accountOf(Patron{ID: key}))
	if err != nil {
		d.Link.down(err.Error())
		return Patron{}, false
	}
	d.Link.up()
	if !lp.Found {
		return Patron{}, false
	}
	p, err := d.learner().LearnPatron(ctx, key, lp, d.Clock.Now())
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			slog.Error("cache a patron learned from the library server", "err", err)
		}
		return Patron{}, false
	}
	return p, true
}

// askItem asks the server about an item (17), caching nothing.
func (d *Desk) askItem(ctx context.Context, barcode string) (LibraryItem, asked) {
	if !d.canAsk() {
		return LibraryItem{}, notAsked
	}
	ctx, cancel := context.WithTimeout(ctx, d.Link.Timeout)
	defer cancel()
	it, err := d.Link.Library.ItemState(ctx, barcode)
	if err != nil {
		d.Link.down(err.Error())
		return LibraryItem{}, notAsked
	}
	d.Link.up()
	switch {
	case !it.Found:
		return it, serverLacks
	case it.Unclear:
		return it, serverUnsure
	}
	return it, serverKnows
}

// learnItem asks the server about an item (17) and caches the answer.
func (d *Desk) learnItem(ctx context.Context, barcode string) asked {
	it, a := d.askItem(ctx, barcode)
	if a == notAsked || a == serverLacks {
		return a
	}
	switch _, err := d.learner().LearnItem(ctx, barcode, it, d.Clock.Now()); {
	case errors.Is(err, ErrUnclear):
		return serverUnsure
	case errors.Is(err, ErrNotFound):
		return serverLacks
	case err != nil:
		slog.Error("cache an item learned from the library server", "err", err)
		return notAsked
	}
	return a
}

// recheckable reports whether a refusal rests on cached state the library
// server may know better: it is asked again before the refusal is shown.
// item says the item's state is in question, patron the patron's.
func recheckable(c Code) (item, patron bool) {
	switch c {
	case CodeOnLoanToOther, CodeOnHoldForOther, CodeNotLoanable:
		return true, false
	case CodePatronBlocked, CodeLimitReached, CodeTooManyOverdue:
		return false, true
	}
	return false, false
}

// errRecheck rolls back a decision that refused on cached state, so the
// server is asked before anything is journaled.
var errRecheck = errors.New("recheck with the library server")

// recheck asks the server about what a refusal rested on and caches the
// answer; it reports whether the server answered, so the decision can be
// made again on the corrected cache.
func (d *Desk) recheck(ctx context.Context, code Code, p Patron, barcode string) bool {
	item, patron := recheckable(code)
	switch {
	case item:
		return d.learnItem(ctx, barcode) != notAsked
	case patron && p.ID != "":
		return d.refreshPatron(ctx, p)
	}
	return false
}

// learnFromAnswer takes what a circulation answer (12, 10, 30) says of the
// item into the cache: for a refusal the server's view of the item or the
// patron is fetched, so the next decision here is made on it.
func (d *Desk) learnFromAnswer(ctx context.Context, t Transaction, p Patron, ans LibraryAnswer) {
	if d.learner() == nil || ans.OK {
		return
	}
	switch ans.Refusal {
	case ExOnLoanToOther, ExOnHold, ExItemLost, ExItemNotFound:
		d.learnItem(ctx, t.Item)
	case ExPatronBlocked:
		if p.ID != "" {
			d.refreshPatron(ctx, p)
		}
	}
}

// overdue is how many overdue items p has: the cache's count, or the
// server's when it counted more (loans made elsewhere).
func overdue(p Patron, loans []Loan, now time.Time) int {
	return max(CountOverdue(loans, now), p.ServerOverdue)
}

// itemsOut is how many items p has out, as overdue counts.
func itemsOut(p Patron, loans []Loan) int {
	return max(len(loans), p.ServerCharged)
}
