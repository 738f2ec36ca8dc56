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

// Options say how to read a roster. The zero value reads the common case.
type Options struct {
	// Format is circ.OneRoster or circ.PlainCSV; "" detects it: a folder or a zip
	// with manifest.csv or users.csv is OneRoster, a single .csv is
	// PlainCSV (unless it is itself named users.csv or manifest.csv).
	Format circ.RosterFormat
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
	case "", circ.OneRoster, circ.PlainCSV:
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
func Load(path string, opt Options) (*circ.Roster, error) {
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
		if opt.Format == circ.PlainCSV {
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
		if opt.Format == circ.PlainCSV {
			return nil, failf(nil, "The roster %s is a zip file; a plain CSV roster is a single .csv file.", name)
		}
		return readZip(f, fi.Size(), "The zip file "+name, opt)
	case opt.Format == circ.OneRoster || (opt.Format == "" && (lower == "users.csv" || lower == "manifest.csv")):
		return readFolder(filepath.Dir(path), opt)
	}
	if fi.Size() > opt.limit() {
		return nil, failf(errTooBig, "The file %s is larger than %s; it was not read.", name, sizeText(opt.limit()))
	}
	return ReadPlain(f, name, opt)
}
