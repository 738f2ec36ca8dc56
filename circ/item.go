package circ

import "time"

// ItemStatus is where an item stands in circulation.
type ItemStatus string

// The item statuses of the cache.
const (
	Available ItemStatus = "available"
	OnLoan    ItemStatus = "on_loan"
	OnHold    ItemStatus = "on_hold" // waiting on the hold shelf for a patron
	Lost      ItemStatus = "lost"
	Missing   ItemStatus = "missing"
	// Withdrawn: taken out of the collection (discarded, weeded); it is
	// not lent and an inventory that finds it says so.
	Withdrawn ItemStatus = "withdrawn"
)

// Valid reports whether s is a known item status.
func (s ItemStatus) Valid() bool {
	switch s {
	case Available, OnLoan, OnHold, Lost, Missing, Withdrawn:
		return true
	}
	return false
}

// Item is one physical copy in the station's cache.
type Item struct {
	Barcode      string
	RFID         string // tag UID, upper-case MSB-first hex; "" when untagged
	Title        string
	Author       string
	CallNumber   string
	Location     string
	MaterialType string
	Collection   string // the ILS's collection code ("" when it has none)
	Status       ItemStatus
	Parts        int // number of parts in the set; 1 for a single item
	// Source is where the row came from: SourceShelfList, SourceServer or
	// SourceProvisional.
	Source Source
	// RefreshedAt is the library server's last answer about the item
	// (zero: never).
	RefreshedAt time.Time
	HoldQueue   int    // holds waiting at the server (CF)
	Owner       string // the owning institution the server named (BG)
	// ServerDue is the due date the server gave for a loan this cache does
	// not hold (the item is out to someone this station does not know).
	ServerDue time.Time
}
