package circ

import (
	"context"
	"errors"
	"time"
)

// Library is the library's own server (the ILS), as the station needs it.
// The ils package implements it over SIP2.
type Library interface {
	// Checkout asks the server to lend r.Item to r.Patron.
	Checkout(ctx context.Context, r LibraryRequest) (LibraryAnswer, error)
	// Checkin asks the server to return r.Item as of r.At.
	Checkin(ctx context.Context, r LibraryRequest) (LibraryAnswer, error)
	// Renew asks the server to renew r.Patron's loan of r.Item.
	Renew(ctx context.Context, r LibraryRequest) (LibraryAnswer, error)
	// ItemState tells where an item stands at the server; the reconciler
	// uses it to learn whether a request whose answer was lost took effect.
	ItemState(ctx context.Context, item string) (LibraryItem, error)
	// Patron fetches what the server knows of a patron.
	Patron(ctx context.Context, id string) (LibraryPatron, error)
	// Ping checks that the server answers.
	Ping(ctx context.Context) error
}

// PasswordChecker is the part of a Library that checks a patron's PIN with
// the library server (SIP2 63 with AD; the answer's CQ). The PIN is sent,
// never stored.
type PasswordChecker interface {
	// CheckPassword reports whether password is patron's PIN. A server
	// that does not say (no CQ) is taken as a wrong PIN.
	CheckPassword(ctx context.Context, patron, password string) (bool, error)
}

// Errors a Library returns. Anything else is treated like ErrOffline.
var (
	// ErrOffline: the server did not answer; nothing reached it.
	ErrOffline = WithKind(errors.New("the library server is not answering"), KindOffline)
	// ErrAmbiguous: the request was sent but its answer was lost, so the
	// server may or may not have applied it. Never resend blindly.
	ErrAmbiguous = WithKind(errors.New("the library server's answer was lost"), KindOffline)
)

// LibraryRequest is one circulation request to the server.
type LibraryRequest struct {
	Patron string    // the patron's library account id ("" for a check-in)
	Item   string    // item barcode
	At     time.Time // when it happened at the station (a replayed check-in's return date)
	// Offline marks a replay of a transaction the station decided alone.
	Offline bool
	// Due is the due date the station gave offline (the SIP2 "nb due date").
	Due time.Time
}

// LibraryAnswer is the server's answer to a circulation request.
type LibraryAnswer struct {
	OK      bool
	Due     time.Time // for checkouts and renewals; zero when the server sent none
	Title   string
	Message string // the server's screen message, as it sent it
	// Refusal types a refusal (OK false) for the librarian.
	Refusal ExceptionCode
	// HoldFor is the name of the patron a returned item is held for.
	HoldFor string
}

// LibraryItem is an item as the server sees it.
type LibraryItem struct {
	Found  bool
	OnLoan bool
	Status ItemStatus // the closest cache status
	Due    time.Time
	Title  string
	// Unclear: the server knows the item but its circulation status (01
	// other, or a code SIP2 does not define) says nothing about whether it
	// may go out; Status is then not to be believed.
	Unclear   bool
	HoldQueue int    // CF
	Location  string // AQ, the permanent location
	Owner     string // BG
}

// LibraryPatron is a patron as the server sees it.
type LibraryPatron struct {
	Found       bool
	FirstName   string
	LastName    string
	Blocked     bool   // the server denies charge privileges
	BlockReason string // its screen message, if any
	ItemsOut    int
	Overdue     int
	// Charged lists the barcodes of the items the server has on loan to
	// the patron (SIP2 AU), as far as it sent them.
	Charged []string
	// Limit is the most items the server lets the patron have (CB; 0:
	// not sent).
	Limit int
}

// Holds reports whether the server lists item among the patron's loans.
// complete is false when the server's list is shorter than its count, so
// an item missing from it proves nothing.
func (p LibraryPatron) Holds(item string) (holds, complete bool) {
	for _, c := range p.Charged {
		if c == item {
			return true, true
		}
	}
	return false, len(p.Charged) >= p.ItemsOut
}

// ExceptionCode types a transaction the library server refused on replay.
type ExceptionCode string

// The exception codes.
const (
	ExPatronNotFound ExceptionCode = "patron_not_found"
	ExPatronBlocked  ExceptionCode = "patron_blocked"
	ExItemNotFound   ExceptionCode = "item_not_found"
	ExOnLoanToOther  ExceptionCode = "on_loan_to_other"
	ExOnHold         ExceptionCode = "on_hold"
	ExItemLost       ExceptionCode = "item_lost"
	ExDueDateChanged ExceptionCode = "due_date_changed"
	ExServerError    ExceptionCode = "server_error"
	// ExNoAnswer: the server never gave a proven answer, after several tries.
	ExNoAnswer ExceptionCode = "no_answer"
	// ExUnsureCheckout, ExUnsureRenewal and ExUnsureCheckin: the answer was
	// lost and what the server shows cannot prove whether it took effect.
	ExUnsureCheckout ExceptionCode = "unsure_checkout"
	ExUnsureRenewal  ExceptionCode = "unsure_renewal"
	ExUnsureCheckin  ExceptionCode = "unsure_checkin"
)

// ExceptionCodes lists every exception code.
func ExceptionCodes() []ExceptionCode {
	return []ExceptionCode{ExPatronNotFound, ExPatronBlocked, ExItemNotFound, ExOnLoanToOther, ExOnHold, ExItemLost,
		ExDueDateChanged, ExServerError, ExNoAnswer, ExUnsureCheckout, ExUnsureRenewal, ExUnsureCheckin}
}

// Unproven reports whether an exception of code c leaves the server's state
// unknown: later transactions of the same item or patron wait behind it
// until the librarian resolves or retries it.
func (c ExceptionCode) Unproven() bool {
	switch c {
	case ExNoAnswer, ExUnsureCheckout, ExUnsureRenewal, ExUnsureCheckin:
		return true
	}
	return false
}

// Sentence is the station's own sentence for an exception of code c, for
// when the server sent no words of its own.
func (c ExceptionCode) Sentence() string {
	switch c {
	case ExPatronNotFound:
		return "The library server does not know this patron."
	case ExPatronBlocked:
		return "The library server does not let this patron borrow now."
	case ExItemNotFound:
		return "The library server does not know this book."
	case ExOnLoanToOther:
		return "The library server has this book on loan to someone else."
	case ExOnHold:
		return "The library server holds this book for someone else."
	case ExItemLost:
		return "The library server has this book marked lost, missing or withdrawn."
	case ExDueDateChanged:
		return "The library server set an earlier due date than the station told the student."
	case ExNoAnswer:
		return "The library server never answered this transaction."
	case ExUnsureCheckout:
		return "The library server's answer was lost and it cannot show whether this loan went through."
	case ExUnsureRenewal:
		return "The library server's answer was lost and its due date cannot show whether this renewal went through."
	case ExUnsureCheckin:
		return "The library server's answer was lost and it cannot show whether this return went through."
	}
	return "The library server refused this transaction without saying why."
}

// ErrSettled is returned when a journal row that is no longer pending is
// settled again: someone else recorded the server's answer first.
var ErrSettled = NewSaid(KindRefused, "the transaction was already settled")

// Exception is a journaled transaction the library server refused (or
// changed), waiting for the librarian.
type Exception struct {
	ID       int64
	Txn      Transaction
	Code     ExceptionCode
	Message  string // the server's screen message
	At       time.Time
	Resolved time.Time // zero while open
	Note     string    // the librarian's note on resolving
	// Title and PatronName, for the librarian: the item's title and the
	// patron's first and last name, as the cache has them ("" if unknown).
	Title      string
	PatronName string
}

// ExceptionFilter selects exceptions. Zero fields match everything.
type ExceptionFilter struct {
	Open bool // only unresolved ones
	Code ExceptionCode
}

// Settlement records what the library server made of a journaled
// transaction, in one write.
type Settlement struct {
	Txn  int64     // journal row id
	Sync SyncState // Synced, SyncException or Undone
	// Code and Message, with SyncException: the refusal for the librarian.
	Code    ExceptionCode
	Message string
	At      time.Time // when the server answered
	// Due, when set, is the server's due date for the loan of the row's
	// item to the row's patron (a loan to someone else is left alone).
	Due time.Time
	// ServerDue, when set, is kept in the journal beside the due date the
	// station gave: the server's differed.
	ServerDue time.Time
	// Undo, with Undone, reverses the row's effect on its item.
	Undo *Effect
}
