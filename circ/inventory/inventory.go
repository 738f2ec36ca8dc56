package inventory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/callnumber"
)

// Result is how a scan was classified. The values are stable: they are
// stored, exported and printed by circctl.
type Result string

// The results of a scan.
const (
	OnShelf        Result = "on_shelf"
	OutOfOrder     Result = "out_of_order"   // in scope, but not where shelf order puts it
	WrongLocation  Result = "wrong_location" // in the catalog, but not in this inventory's scope
	CheckedOut     Result = "checked_out"    // on the shelf while the cache had it out: checked in
	NotInCatalog   Result = "not_in_catalog"
	LostFound      Result = "lost_found" // it was lost or missing
	WithdrawnFound Result = "withdrawn_found"
)

// Results lists every result, in the order screens and reports show them.
func Results() []Result {
	return []Result{OnShelf, OutOfOrder, WrongLocation, CheckedOut, NotInCatalog, LostFound, WithdrawnFound}
}

// Valid reports whether r is a known result.
func (r Result) Valid() bool {
	for _, s := range Results() {
		if r == s {
			return true
		}
	}
	return false
}

// Status is where an inventory stands.
type Status string

// The statuses of an inventory.
const (
	Open      Status = "open"
	Finalized Status = "finalized"
)

// MaxNameLength bounds an inventory's name (Destiny allows 30 characters).
const MaxNameLength = 60

// Spec is what a librarian chooses when starting an inventory. Zero fields
// do not narrow the scope.
type Spec struct {
	Name         string
	Location     string
	Collection   string
	MaterialType string
	// From and To bound the call numbers, inclusive, in shelf order; To
	// also takes everything that begins with it ("599" takes 599.75 LIO).
	From, To string
	Scheme   callnumber.Scheme
	// SkipSeenSince leaves out items an inventory saw on or after it.
	SkipSeenSince time.Time
}

// Info is a stored inventory.
type Info struct {
	ID  int64
	UID string // names it across stations: a scan file carries it
	Spec
	Status      Status
	Station     string // where it was started
	Created     time.Time
	Finalized   time.Time
	MissingFile string // the barcode file finalize wrote
}

// ScopeItem is one item an inventory expects to find.
type ScopeItem struct {
	Barcode    string
	CallNumber string
	Key        string // callnumber Key: bytewise order is shelf order
	Out        bool   // on loan or on the hold shelf when the session loaded it
}

// Scan is one item scanned into an inventory.
type Scan struct {
	ID           int64 // store row id (order of arrival on this station)
	Item         string
	Station      string
	At           time.Time
	Result       Result
	BelongsAfter string // out of order: the call number it belongs after ("" at the start of the shelf)
	InScope      bool
	ReaderKind   string // barcode, rfid_item, typed
	Reader       string
	// Repeat: the item had been scanned into the inventory already; this
	// is the first scan's result and nothing new was stored.
	Repeat bool
	// HoldShelf: a checked-out item found on the shelf that someone is
	// waiting for: the check-in put it on hold, so it goes to the hold
	// shelf, for HoldFor (the patron's first name). Known to the session
	// that checked it in; not stored.
	HoldShelf bool
	HoldFor   string
	// CallNumber and Location are the catalog's, for saying where a book
	// found in the wrong place belongs. Known to the session that
	// classified it; not stored.
	CallNumber string
	Location   string
	Title      string // the catalog's title, for the librarian's list; not stored
}

// Entry is one line of a report: an item of the scope, or one scanned.
type Entry struct {
	Item     circ.Item // zero but Barcode when not in the catalog
	InScope  bool
	Key      string
	OnLoan   bool // the cache has a loan of it now
	Scanned  bool
	Scan     Scan
	Catalog  bool // the item is in the catalog
	Checkout time.Time
}

// Store keeps inventories. storage implements it over SQLite.
type Store interface {
	// Candidates lists the items that may be in the scope of spec, before
	// the call-number range: matching location, collection and material
	// type; not lost, missing or withdrawn; not seen since SkipSeenSince.
	Candidates(ctx context.Context, spec Spec) ([]circ.Item, error)
	// CreateInventory stores a new inventory with its scope, assigning ID,
	// and its first scans (those of a file merged from another station,
	// stored as AddScans does: the result says which were), all in one
	// transaction; ErrExists when the name is taken.
	CreateInventory(ctx context.Context, inv Info, scope []ScopeItem, scans []Scan) (Info, []bool, error)
	// Inventory finds an inventory by name (any case); ErrUnknown.
	Inventory(ctx context.Context, name string) (Info, error)
	// InventoryByUID finds an inventory by its UID; ErrUnknown.
	InventoryByUID(ctx context.Context, uid string) (Info, error)
	// Inventories lists the inventories, newest first, with their counts.
	Inventories(ctx context.Context) ([]Summary, error)
	// Scope lists an inventory's scope in shelf order, with what the cache
	// says is out now.
	Scope(ctx context.Context, id int64) ([]ScopeItem, error)
	// Scans lists an inventory's scans in the order they were stored.
	Scans(ctx context.Context, id int64) ([]Scan, error)
	// AddScans stores new scans (one already stored for its item is left
	// as it is and reported false) and changes the results of earlier
	// ones (reclassified by the shelf order of later scans), and records
	// when each item in the catalog was last seen; all in one transaction.
	AddScans(ctx context.Context, id int64, add []Scan, change []Scan) ([]bool, error)
	// Entries lists every item of the scope and every scan, for reports.
	Entries(ctx context.Context, id int64) ([]Entry, error)
	// Finalize closes the inventory and marks missing (journaled with
	// action missing, sync local, at and station as given) every item of
	// its scope that is not scanned, not on loan and available, all in one
	// transaction: the list is made inside it, so an item checked out
	// meanwhile is not marked. write gets the barcodes, in shelf order,
	// before the commit and returns the file they were written to; its
	// error undoes everything. Finalize returns the barcodes marked.
	// ErrFinalized when the inventory was closed already.
	Finalize(ctx context.Context, id int64, station string, at time.Time, write func(missing []string) (file string, err error)) ([]string, error)
}

// Summary is an inventory with its counts.
type Summary struct {
	Info
	Scope     int // items in the scope
	Accounted int // scanned, or out on loan or on the hold shelf
	Scanned   int // items scanned, in scope or not
}

// Progress is the share of the scope accounted for, 0 to 1.
func (s Summary) Progress() float64 { return progress(s.Accounted, s.Scope) }

func progress(n, of int) float64 {
	if of == 0 {
		return 1
	}
	return float64(n) / float64(of)
}

// Errors an inventory's users see; each reads as one sentence.
var (
	ErrExists    = circ.NewSaid(circ.KindInvalid, "an inventory already has that name")
	ErrUnknown   = circ.NewSaid(circ.KindNotFound, "no inventory has that name")
	ErrFinalized = circ.NewSaid(circ.KindRefused, "the inventory is finalized and takes no more scans")
	ErrNoName    = circ.NewSaid(circ.KindInvalid, "give the inventory a name")
)

// NameError is a name that is too long or has control characters.
type NameError struct{ Name string }

func (e *NameError) Error() string {
	return fmt.Sprintf("the inventory name %q is too long or has control characters (at most %d letters)", e.Name, MaxNameLength)
}

// RangeError is a call number in the range that cannot be read.
type RangeError struct {
	Which string // "start" or "end"
	Raw   string
	Err   error
}

func (e *RangeError) Error() string {
	if errors.Is(e.Err, callnumber.ErrEmpty) {
		return fmt.Sprintf("the call number at the %s of the range is empty", e.Which)
	}
	return fmt.Sprintf("%s (the %s of the range)", strings.TrimSuffix(e.Err.Error(), "."), e.Which)
}

func (e *RangeError) Unwrap() error { return e.Err }

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", ErrNoName
	}
	if len([]rune(name)) > MaxNameLength || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return "", &NameError{Name: name}
	}
	return name, nil
}
