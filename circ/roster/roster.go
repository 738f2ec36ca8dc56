package roster

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

// Format is the kind of roster file.
type Format string

// The roster formats.
const (
	OneRoster Format = "oneroster" // a OneRoster CSV set: a folder or a zip
	PlainCSV  Format = "csv"       // one spreadsheet export, one row per student
)

// Role is what a patron is to the library.
type Role string

// The roles a roster can give a patron. OneRoster's teacher is a Teacher;
// aides, proctors, counselors, principals and administrators are Staff.
// Parents, guardians and relatives are not imported at all.
const (
	Student Role = "student"
	Teacher Role = "teacher"
	Staff   Role = "staff"
)

// Options say how to read a roster. The zero value reads the common case.
type Options struct {
	// Format is OneRoster or PlainCSV; "" detects it: a folder or a zip
	// with manifest.csv or users.csv is OneRoster, a single .csv is
	// PlainCSV (unless it is itself named users.csv or manifest.csv).
	Format Format
	// IDField is the OneRoster user field that holds the number on the
	// patron's card: "identifier" (the default), "sourcedId", "username"
	// or "userIds:TYPE" (for example "userIds:LDAP"). A user whose field
	// is empty is rejected.
	IDField string
	// Map names the plain CSV's columns; nil, or an empty field, means the
	// usual header names.
	Map *Mapping
	// MaxFileBytes is the most one file may hold once unpacked (a guard
	// against zip bombs); 0 means 200 MB.
	MaxFileBytes int64
}

// DefaultMaxFileBytes is the size limit per file when Options.MaxFileBytes
// is 0.
const DefaultMaxFileBytes = 200 << 20

// User is one patron from the roster.
type User struct {
	SourcedID string // OneRoster sourcedId (stable across imports); for PlainCSV the id itself
	ID        string // the scan id on the card, leading zeros kept
	FirstName string
	LastName  string
	Grade     string // normalised: 01–13, KG, PK, ...
	Role      Role
	Active    bool // false for status tobedeleted or inactive
	File      string
	Line      int
}

// Class is a class or homeroom.
type Class struct {
	SourcedID string // OneRoster sourcedId; PlainCSV: "homeroom:" + the homeroom
	Name      string
	School    string // the school's sourcedId (OneRoster schoolSourcedId)
	// SchoolName is the school's name from orgs.csv, when there is one.
	SchoolName string
	// Teacher is the teacher's display name ("First Last"): for OneRoster
	// the class's primary teacher enrollment (else its first teacher
	// enrollment); for PlainCSV the Teacher column.
	Teacher string
	// TeacherID is the teacher's User.SourcedID, when the teacher is a
	// user of this roster.
	TeacherID string
	Active    bool
	File      string
	Line      int
}

// Enrollment puts a user in a class.
type Enrollment struct {
	ClassID string // the class's SourcedID
	UserID  string // the user's SourcedID
	Role    Role
	Primary bool // the class's primary teacher
	Active  bool
	// Unresolved is true when ClassID or UserID is not in this roster,
	// which a delta set may do to refer to what an earlier import brought:
	// the store must find them itself, and reject the row if it cannot.
	Unresolved bool
	File       string
	Line       int
}

// Rejected is a row that was not imported.
type Rejected struct {
	File   string `json:"file"`
	Line   int    `json:"line"`   // the physical line the row starts on; the header is line 1
	Reason string `json:"reason"` // one plain sentence
}

// Roster is what a roster file holds, checked and ready to apply.
type Roster struct {
	Format  Format
	Version string // OneRoster version: "1.1", "1.2", "1.0"; "" for PlainCSV
	// Bulk says users.csv claims to be the complete list of users (the
	// manifest's file.users is bulk, or there is no manifest), so a full
	// import may deactivate the users it lacks. It is false for a delta
	// set, for a users file with no rows, and for PlainCSV, which says
	// nothing about completeness.
	Bulk        bool
	Users       []User
	Classes     []Class
	Enrollments []Enrollment
	Rejected    []Rejected
	Skipped     int // parents, guardians and relatives: counted, not imported
	// Held are the sourcedIds of users whose rows were rejected: they are
	// still on the roster, so a full import must not treat them as gone.
	Held     []string
	Warnings []string
}

// rosterError is an error whose message is one plain sentence for the
// librarian; the cause stays reachable with errors.Is and errors.As.
type rosterError struct {
	msg string
	err error
}

func (e *rosterError) Error() string { return e.msg }
func (e *rosterError) Unwrap() error { return e.err }

// Kind and Words: a roster the station cannot read, said for the librarian.
func (e *rosterError) Kind() circ.Kind { return circ.KindInvalid }
func (e *rosterError) Words() string   { return e.msg }

func failf(cause error, format string, args ...any) error {
	return &rosterError{msg: fmt.Sprintf(format, args...), err: cause}
}

// errTooBig is the cause when a file is over Options.MaxFileBytes.
var errTooBig = errors.New("file over the size limit")

func (o Options) limit() int64 {
	if o.MaxFileBytes > 0 {
		return o.MaxFileBytes
	}
	return DefaultMaxFileBytes
}

func (o Options) check() error {
	switch o.Format {
	case "", OneRoster, PlainCSV:
	default:
		return failf(nil, "The roster format %q is not oneroster or csv.", string(o.Format))
	}
	if _, _, err := parseIDField(o.IDField); err != nil {
		return err
	}
	return nil
}

// sizeText says a byte count the way a librarian would.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Load reads a roster from path: a OneRoster folder, a OneRoster zip, or a
// plain .csv file.
func Load(path string, opt Options) (*Roster, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, failf(err, "There is no file or folder %s.", path)
	}
	if err != nil {
		return nil, failf(err, "The roster %s could not be opened.", path)
	}
	name := filepath.Base(path)
	if fi.IsDir() {
		if opt.Format == PlainCSV {
			return nil, failf(nil, "The roster %s is a folder; a plain CSV roster is a single .csv file.", name)
		}
		return readFolder(path, opt)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, failf(err, "The roster %s could not be opened.", name)
	}
	defer f.Close()
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	isZip := bytes.Equal(magic[:n], []byte("PK\x03\x04")) || bytes.Equal(magic[:n], []byte("PK\x05\x06"))
	lower := strings.ToLower(name)
	switch {
	case isZip || strings.HasSuffix(lower, ".zip"):
		if opt.Format == PlainCSV {
			return nil, failf(nil, "The roster %s is a zip file; a plain CSV roster is a single .csv file.", name)
		}
		return readZip(f, fi.Size(), "The zip file "+name, opt)
	case opt.Format == OneRoster || (opt.Format == "" && (lower == "users.csv" || lower == "manifest.csv")):
		return readFolder(filepath.Dir(path), opt)
	}
	if fi.Size() > opt.limit() {
		return nil, failf(errTooBig, "The file %s is larger than %s; it was not read.", name, sizeText(opt.limit()))
	}
	return ReadPlain(f, name, opt)
}
