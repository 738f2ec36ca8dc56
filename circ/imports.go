package circ

import "fmt"

// NothingImported is an import that would bring nothing: a file with a
// header and no rows, or whose every row was rejected. Such an import is a
// failure, and the store records nothing of it.
type NothingImported struct {
	What     string // what was imported: "roster", "shelf list"
	Rejected int    // rows rejected; 0 when the file had no rows
}

func (e *NothingImported) Error() string {
	switch e.Rejected {
	case 0:
		return fmt.Sprintf("the %s has no rows, so nothing was imported", e.What)
	case 1:
		return fmt.Sprintf("every row of the %s was rejected (its only row), so nothing was imported", e.What)
	}
	return fmt.Sprintf("every row of the %s was rejected (%d rows), so nothing was imported", e.What, e.Rejected)
}

// CheckImportBrings says whether an import of offered rows, rejected of
// them, brings anything: a *NothingImported when it does not.
func CheckImportBrings(what string, offered, rejected int) error {
	switch {
	case offered == 0:
		return &NothingImported{What: what}
	case rejected >= offered:
		return &NothingImported{What: what, Rejected: rejected}
	}
	return nil
}

// Kind: the file brought nothing; Words: the message is for the librarian.
func (e *NothingImported) Kind() Kind    { return KindInvalid }
func (e *NothingImported) Words() string { return e.Error() }
