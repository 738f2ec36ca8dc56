package circ

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when a patron, item or loan is not in the cache.
var ErrNotFound = WithKind(errors.New("not found"), KindNotFound)

// Reader is the read side of the local cache.
type Reader interface {
	// Patron finds a patron by card number, library account id or alias.
	Patron(ctx context.Context, key string) (Patron, error)
	// Item finds an item by barcode.
	Item(ctx context.Context, barcode string) (Item, error)
	// Loan returns the loan of an item, ErrNotFound when it is not out.
	Loan(ctx context.Context, item string) (Loan, error)
	// PatronLoans returns the loans of a patron, oldest first.
	PatronLoans(ctx context.Context, patron string) ([]Loan, error)
	// Holds returns the holds on an item, first placed first.
	Holds(ctx context.Context, item string) ([]Hold, error)
}

// Tx is a write transaction: reads inside it see a consistent cache and
// Record applies a change. Nothing is visible to others, or acknowledged to
// the user, until the transaction commits.
type Tx interface {
	Reader
	// Record journals c.Txn and applies its effect. It assigns the
	// transaction's ID and the station's sequence number.
	Record(c Change) (Transaction, error)
}

// Change is one journal row and its effect on the cache, applied together.
type Change struct {
	Txn Transaction
	Effect
	// Undo reverses Effect if the library server refuses the transaction
	// the moment it is made (it is not stored).
	Undo *Effect
}

// Effect is what a transaction does to the cache, on the transaction's item.
type Effect struct {
	// Loan, when set, is written as the item's loan (checkout, renew).
	Loan *Loan
	// EndLoan ends the loan of the item (check-in).
	EndLoan bool
	// Status, when set, becomes the item's status.
	Status ItemStatus
	// FillHold removes the transaction patron's hold on the item (it was met).
	FillHold bool
	// RestoreHold puts a hold back on the item (undoing a FillHold).
	RestoreHold *Hold
	// Holder, when set, records who a book-set copy went to at a set's
	// handout (the item must be a set copy).
	Holder *SetHolder
}

// Store is the station's local cache and journal.
type Store interface {
	Reader
	// Update runs fn in one durable write transaction: when it returns nil
	// everything fn recorded is committed; otherwise nothing is.
	Update(ctx context.Context, fn func(Tx) error) error
	// Journal lists journal rows matching f, oldest first.
	Journal(ctx context.Context, f JournalFilter) ([]Transaction, error)
	// JournalEntries is Journal with each row's item title and patron name
	// ("" when the cache does not have them), read in one query.
	JournalEntries(ctx context.Context, f JournalFilter) ([]JournalEntry, error)
	// LoanViews lists the loans of the patron with that ID, oldest first,
	// each with its item's title, read in one query.
	LoanViews(ctx context.Context, patron string) ([]LoanView, error)
	// Stats counts what `circctl status` shows.
	Stats(ctx context.Context, now time.Time) (Stats, error)
	// PendingCount counts the journal rows waiting for the library server:
	// the status bar's one number, without counting everything else.
	PendingCount(ctx context.Context) (int, error)

	// Settle records, in one durable write, what the library server made of
	// journaled transactions: their sync state, an exception for the
	// librarian, the server's due date, or the undoing of an effect.
	Settle(ctx context.Context, s ...Settlement) error
	// Exceptions lists exceptions matching f, newest first.
	Exceptions(ctx context.Context, f ExceptionFilter) ([]Exception, error)
	// ResolveException closes an open exception with the librarian's note.
	ResolveException(ctx context.Context, id int64, note string, at time.Time) error
	// RetryException closes an open exception and puts its transaction
	// back in the queue for the library server.
	RetryException(ctx context.Context, id int64, at time.Time) error
	// MarkSent records durably that pending rows are about to be sent to
	// the library server (see Transaction.Sent), each one more attempt.
	MarkSent(ctx context.Context, ids []int64) error
	// SettleAndMark is Settle of s and MarkSent of marks in one durable
	// write: all or nothing.
	SettleAndMark(ctx context.Context, s []Settlement, marks []int64) error
	// RefreshPatron writes what the library server said of a patron
	// (name, block) into the cache.
	RefreshPatron(ctx context.Context, id string, p LibraryPatron) error
}

// JournalFilter selects journal rows. Zero fields match everything.
type JournalFilter struct {
	Since  time.Time
	Patron string
	Sync   SyncState
	Item   string
	After  int64 // only rows with an ID above this
	Before int64 // only rows with an ID below this
	Limit  int   // 0: no limit; otherwise the newest Limit rows
	First  int   // 0: no limit; otherwise the oldest First rows (not with Limit)
}

// Stats is a count of the cache's contents.
type Stats struct {
	Patrons    int `json:"patrons"`
	Items      int `json:"items"`
	Loans      int `json:"loans"`
	Overdue    int `json:"overdue"`
	Pending    int `json:"pending"`
	Exceptions int `json:"exceptions"`
}

// Clock tells the time. Stations take one so tests can set it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real wall clock.
type SystemClock struct{}

// Now returns the current local time.
func (SystemClock) Now() time.Time { return time.Now() }
