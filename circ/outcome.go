package circ

import "time"

// Outcome is what one scan came to, as the person at the station sees it.
type Outcome struct {
	Txn     int64 // the journal row, 0 when nothing was journaled
	Action  Action
	Item    string // item barcode, "" for a patron scan
	Title   string
	OK      bool
	Code    Code
	Warning Code      // a doubt that did not stop the scan (a bad check digit)
	Due     time.Time // for checkouts and renewals
	// HoldFor is the first name of the patron an item waits for (check-in).
	HoldFor string
	// Screen is the library server's own message, when it answered.
	Screen string
	// Settled: the library server answered at once, so nothing of this
	// transaction waits to be sent.
	Settled bool
	// Parts, for an item in several parts (a book and its CD): how many
	// are on the pad, how many it has, and which are missing.
	Parts Parts
	// Card, on an unknown card at a desk while the library server does not
	// answer: the card, which the librarian may lend on
	// (Station.LendToUnknownCard).
	Card string
	At   time.Time
}

// Parts counts the parts of a multi-part item at the pad.
type Parts struct {
	Seen, Total int
	Missing     []int // part numbers, 1-based
}
