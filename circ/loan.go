package circ

import "time"

// Loan is an item out to a patron.
type Loan struct {
	Item     string // item barcode
	Patron   string // patron ID
	Out      time.Time
	Due      time.Time
	Renewals int
}

// Overdue reports whether the loan was past due at now.
func (l Loan) Overdue(now time.Time) bool {
	return now.After(l.Due)
}

// Hold is an item reserved for a patron.
type Hold struct {
	Item    string // item barcode
	Patron  string // patron ID of the one waiting
	Placed  time.Time
	Expires time.Time // zero: no expiry
}

// Active reports whether the hold still stands at now.
func (h Hold) Active(now time.Time) bool {
	return h.Expires.IsZero() || !now.After(h.Expires)
}
