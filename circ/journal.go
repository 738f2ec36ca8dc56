package circ

import "time"

// Action is what a circulation transaction did.
type Action string

// The circulation actions a station journals.
const (
	Checkout Action = "checkout"
	Checkin  Action = "checkin"
	Renew    Action = "renew"
	// Security records a desk alert about an item's RFID security: its
	// tag would not take the on-loan or in-stock AFI.
	SecurityAlert Action = "security"
	// MarkMissing records that an inventory's finalize marked the item
	// missing. It is kept on the station (sync local): SIP2 cannot mark an
	// item missing, so the library server gets the inventory's barcode file.
	MarkMissing Action = "missing"
)

// ToLibrary reports whether transactions of action a go to the library
// server: checkouts, check-ins and renewals do; desk alerts and items marked
// missing by an inventory stay on the station.
func (a Action) ToLibrary() bool {
	return a == Checkout || a == Checkin || a == Renew
}

// SyncState says whether a journaled transaction has reached the library server.
type SyncState string

// The sync states of a journal row.
const (
	// Pending: decided locally, not yet confirmed by the library server.
	Pending SyncState = "pending"
	// LocalOnly: nothing to send (a refusal recorded for the desk).
	LocalOnly SyncState = "local"
	// Synced: the library server accepted it.
	Synced SyncState = "synced"
	// SyncException: the library server refused it on replay; the
	// librarian must look (see Exception).
	SyncException SyncState = "exception"
	// Undone: the library server refused it at once, online, and the
	// station undid its local effect; nothing is left to send.
	Undone SyncState = "undone"
	// Exported: it went to the library server in a Koha offline
	// circulation file; it is never replayed.
	Exported SyncState = "exported"
)

// Transaction is one row of the journal: every circulation decision the
// station made, accepted or refused, in the order it made them.
type Transaction struct {
	ID      int64  // store-wide row id, assigned on commit
	Station string // the station that decided it
	Seq     int64  // the station's own monotonic sequence, assigned on commit
	At      time.Time
	Action  Action
	Patron  string // patron ID, "" for a check-in
	Item    string // item barcode
	OK      bool   // the local decision
	Code    Code   // why
	Due     time.Time
	Sync    SyncState
	// Sent: it went to the library server at least once, so its answer may
	// have been lost; the reconciler asks before sending it again.
	Sent bool
	// Attempts counts the sends that got no proven answer.
	Attempts int
	// ServerDue is the library server's due date when it differs from Due
	// (what the student was told); zero otherwise.
	ServerDue time.Time
	// PrevDue, on a renewal, is the loan's due date before it.
	PrevDue time.Time
}
