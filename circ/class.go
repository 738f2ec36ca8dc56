package circ

import (
	"context"
	"fmt"
	"time"
)

// Class is a class or homeroom from the school's roster.
type Class struct {
	ID       string // the roster's id for it (OneRoster sourcedId)
	Name     string
	Teacher  string // the teacher's name, as the roster gives it
	School   string
	Students int // enrolled students
	Inactive bool
}

// RosterOptions says how a roster is applied to the cache.
type RosterOptions struct {
	// Full: the roster is the complete list, so roster patrons and classes
	// it lacks are made inactive (never deleted: they may have books out).
	Full bool
	// DryRun counts what would change and changes nothing.
	DryRun bool
	// Force lets a full import make more than a third of the roster's
	// patrons inactive, which otherwise looks like a truncated export.
	Force  bool
	Source string // the file or folder, for the import history
	At     time.Time
}

// RosterImport is what one roster import did.
type RosterImport struct {
	ID      int64 // 0 for a dry run
	At      time.Time
	Source  string
	Format  string
	Full    bool
	DryRun  bool
	Added   int
	Updated int
	// Adopted counts the patrons the station had by card number that the
	// roster now names, with nothing else about them changed.
	Adopted     int
	Deactivated int
	Classes     int
	Enrollments int
	Rejected    []RosterReject
}

// RosterReject is a roster row that was not imported, and why.
type RosterReject struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"` // one plain sentence
}

// RosterStore keeps the roster in the cache.
type RosterStore interface {
	// Classes lists the active classes by name.
	Classes(ctx context.Context) ([]Class, error)
	// ClassRoster returns a class and its active students in roster order
	// (last name, first name); ErrNotFound when there is no such class.
	ClassRoster(ctx context.Context, id string) (Class, []Patron, error)
	// RosterImports lists the latest imports, newest first, with their
	// rejected rows.
	RosterImports(ctx context.Context, limit int) ([]RosterImport, error)
}

// MassDeactivation is the refusal of a full import that would make most of
// the roster inactive, which is what a truncated export looks like. With
// RosterOptions.Force the import goes ahead.
type MassDeactivation struct {
	Gone, Active int
}

func (e *MassDeactivation) Error() string {
	return fmt.Sprintf("this full import would make %d of the %d roster patrons inactive, which looks like an incomplete export; nothing was changed", e.Gone, e.Active)
}

// Kind: the import was refused; Words: the message is for the librarian.
func (e *MassDeactivation) Kind() Kind    { return KindRefused }
func (e *MassDeactivation) Words() string { return e.Error() }
