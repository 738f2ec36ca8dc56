package circ

// RosterFormat is the kind of roster file.
type RosterFormat string

// The roster formats.
const (
	OneRoster RosterFormat = "oneroster" // a OneRoster CSV set: a folder or a zip
	PlainCSV  RosterFormat = "csv"       // one spreadsheet export, one row per student
)

// RosterUser is one patron from the roster. Its Role is what the patron is
// to the library: OneRoster's teacher is a Teacher; aides, proctors,
// counselors, principals and administrators are Staff. Parents, guardians
// and relatives are not imported at all.
type RosterUser struct {
	SourcedID string // OneRoster sourcedId (stable across imports); for PlainCSV the id itself
	ID        string // the scan id on the card, leading zeros kept
	FirstName string
	LastName  string
	Grade     string // normalised: 01–13, KG, PK, ...
	Role      PatronType
	Active    bool // false for status tobedeleted or inactive
	File      string
	Line      int
}

// RosterClass is a class or homeroom as a roster gives it.
type RosterClass struct {
	SourcedID string // OneRoster sourcedId; PlainCSV: "homeroom:" + the homeroom
	Name      string
	School    string // the school's sourcedId (OneRoster schoolSourcedId)
	// SchoolName is the school's name from orgs.csv, when there is one.
	SchoolName string
	// Teacher is the teacher's display name ("First Last"): for OneRoster
	// the class's primary teacher enrollment (else its first teacher
	// enrollment); for PlainCSV the Teacher column.
	Teacher string
	// TeacherID is the teacher's RosterUser.SourcedID, when the teacher is
	// a user of this roster.
	TeacherID string
	Active    bool
	File      string
	Line      int
}

// RosterEnrollment puts a roster user in a class.
type RosterEnrollment struct {
	ClassID string // the class's SourcedID
	UserID  string // the user's SourcedID
	Role    PatronType
	Primary bool // the class's primary teacher
	Active  bool
	// Unresolved is true when ClassID or UserID is not in this roster,
	// which a delta set may do to refer to what an earlier import brought:
	// the import must find them in the cache, and reject the row if it
	// cannot.
	Unresolved bool
	File       string
	Line       int
}

// Roster is what a roster file holds, checked and ready to import (see
// PlanRoster).
type Roster struct {
	Format  RosterFormat
	Version string // OneRoster version: "1.1", "1.2", "1.0"; "" for PlainCSV
	// Bulk says users.csv claims to be the complete list of users (the
	// manifest's file.users is bulk, or there is no manifest), so a full
	// import may deactivate the users it lacks. It is false for a delta
	// set, for a users file with no rows, and for PlainCSV, which says
	// nothing about completeness.
	Bulk        bool
	Users       []RosterUser
	Classes     []RosterClass
	Enrollments []RosterEnrollment
	// Rejected are the rows the reader did not accept: the line the row
	// starts on (the header is line 1) and a plain sentence.
	Rejected []RosterReject
	Skipped  int // parents, guardians and relatives: counted, not imported
	// Held are the sourcedIds of users whose rows were rejected: they are
	// still on the roster, so a full import must not treat them as gone.
	Held     []string
	Warnings []string
}
