package circ

import "time"

// PatronType is the kind of borrower; loan rules are set per type.
type PatronType string

// The patron types a school station knows.
const (
	Student PatronType = "student"
	Teacher PatronType = "teacher"
	Staff   PatronType = "staff"
)

// Valid reports whether t is one of the known patron types.
func (t PatronType) Valid() bool {
	return t == Student || t == Teacher || t == Staff
}

// Patron is a borrower in the station's cache.
type Patron struct {
	ID        string // the number on the card, the school ID for students
	Account   string // the library account id at the ILS ("" = same as ID)
	FirstName string
	LastName  string
	Type      PatronType
	School    string
	Grade     string
	Homeroom  string
	Expires   time.Time // zero: the card does not expire
	// Blocked is a manual block set by the librarian or the ILS.
	Blocked     bool
	BlockReason string
	// ItemLimit and LoanDays override the policy for this patron when > 0.
	ItemLimit int
	LoanDays  int
	// Inactive: the patron left the school roster (a full import no longer
	// lists them). They keep their loans and may return books, not borrow.
	Inactive bool
	// Source is where the row came from: SourceRoster or SourceServer.
	Source Source
	// RefreshedAt is the library server's last answer about the patron
	// (zero: never).
	RefreshedAt time.Time
	// ServerCharged and ServerOverdue are what the library server counted
	// at RefreshedAt: loans made elsewhere count against the limit.
	ServerCharged, ServerOverdue int
}

// AccountID is the id the library server knows the patron by.
func (p Patron) AccountID() string {
	if p.Account != "" {
		return p.Account
	}
	return p.ID
}

// Expired reports whether the card had expired at now.
func (p Patron) Expired(now time.Time) bool {
	return !p.Expires.IsZero() && now.After(p.Expires)
}
