package storage

import (
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/circdesk/circdesk/circ"
)

// The failures a person at the station can act on. Errors returned by this
// package match them with errors.Is.
var (
	// ErrLocked: the database stayed busy longer than a write may wait:
	// another program held it past the busy timeout, or (far longer) a
	// CircDesk import kept it busy.
	ErrLocked = errors.New("the CircDesk database is busy")
	// ErrCorrupt: the file is not an SQLite database or is damaged.
	ErrCorrupt = errors.New("the CircDesk database is damaged")
	// ErrReadOnly: the database or its folder cannot be written.
	ErrReadOnly = errors.New("the CircDesk database cannot be written")
	// ErrNewerSchema: the file was written by a newer CircDesk.
	ErrNewerSchema = errors.New("the CircDesk database is from a newer version")
	// ErrImportUnfinished: an import is complete and saved, but writing it
	// into the cache stopped part way; the next import or Open finishes it.
	ErrImportUnfinished = errors.New("an import is saved but not yet all in the cache")
)

// plainError is a failure explained in one sentence. It matches its kind
// (one of the sentinels above) and its cause under errors.Is and errors.As.
type plainError struct {
	kind  error
	msg   string
	cause error
}

func (e *plainError) Error() string { return e.msg }

// Words: the message is the sentence for the person at the station.
func (e *plainError) Words() string { return e.msg }

// Kind is the circulation kind of the failure, for the screens' sentence.
func (e *plainError) Kind() circ.Kind {
	switch e.kind {
	case ErrLocked, ErrImportUnfinished:
		return circ.KindBusy
	case ErrReadOnly:
		return circ.KindRefused
	}
	return circ.KindInternal
}

func (e *plainError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func lockedError(path string, waited time.Duration, cause error) error {
	return &plainError{ErrLocked, fmt.Sprintf(
		"another program has been using %s for more than %s; close the other CircDesk and try again", path, waited), cause}
}

// importBusyError is ErrLocked when the one keeping the database busy is
// CircDesk itself, importing: the person at the desk should not look for
// another program to close.
func importBusyError(path string, cause error) error {
	return &plainError{ErrLocked, fmt.Sprintf(
		"the station's database %s is busy with an import; try again in a moment", path), cause}
}

// unfinishedError is ErrImportUnfinished, for the failure cause.
func unfinishedError(path string, cause error) error {
	return &plainError{ErrImportUnfinished, fmt.Sprintf(
		"the import is saved, but CircDesk could not finish writing it into %s (%v); it finishes the next time it opens the file", path, cause), cause}
}

func corruptError(path string, cause error) error {
	return &plainError{ErrCorrupt, fmt.Sprintf(
		"%s is damaged or is not a CircDesk database; restore it from a backup or move it away", path), cause}
}

func readOnlyError(path, why string, cause error) error {
	return &plainError{ErrReadOnly, fmt.Sprintf("CircDesk cannot write %s: %s", path, why), cause}
}

func newerSchemaError(path string, found, known int) error {
	return &plainError{ErrNewerSchema, fmt.Sprintf(
		"the data in %s was written by a newer CircDesk (schema %d); this version knows up to %d", path, found, known), nil}
}

// explain turns an SQLite failure a person can act on into a plain error,
// and wraps any other error with op for context.
func (db *DB) explain(op string, err error) error {
	if err == nil {
		return nil
	}
	var pe *plainError
	if errors.As(err, &pe) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			if db.importRunning() {
				return importBusyError(db.path, err)
			}
			return lockedError(db.path, db.busyTimeout, err)
		case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
			return corruptError(db.path, err)
		case sqlite3.ErrReadonly, sqlite3.ErrPerm, sqlite3.ErrCantOpen:
			return readOnlyError(db.path, "check that the folder exists and that CircDesk may write there", err)
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}
