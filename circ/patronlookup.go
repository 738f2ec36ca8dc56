package circ

import (
	"context"
	"errors"
)

// maxMatches is how many patrons a name search lists.
const maxMatches = 25

// PatronFinder is a Store that can search patrons by name.
type PatronFinder interface {
	FindPatrons(ctx context.Context, text string, limit int) ([]Patron, error)
}

// PatronHolder is a Store that lists a patron's holds.
type PatronHolder interface {
	PatronHolds(ctx context.Context, patron string) ([]HoldView, error)
}

// HoldView is one of a patron's holds, for the librarian.
type HoldView struct {
	Item  string
	Title string
	Ready bool // on the hold shelf, waiting for them
}

// PatronLookup is what the librarian's patron view shows for what was
// typed: one patron with their loans and holds, or the patrons whose names
// match.
type PatronLookup struct {
	Patron  Patron
	Loans   []LoanView
	Holds   []HoldView
	Matches []Patron // several matched: the librarian picks one
}

// LookUpPatron finds a patron by card number, or, when no card has that
// number, by name (every word of text in the first or last name). One
// match is shown with their loans; several are listed. None is
// ErrUnknownPatron.
func (s *Station) LookUpPatron(ctx context.Context, text string) (PatronLookup, error) {
	p, loans, err := s.PatronLoans(ctx, text)
	if err == nil {
		return s.withHolds(ctx, PatronLookup{Patron: p, Loans: loans})
	}
	if !errors.Is(err, ErrUnknownPatron) && !errors.Is(err, ErrNotFound) {
		return PatronLookup{}, err
	}
	finder, ok := s.desk.Store.(PatronFinder)
	if !ok {
		return PatronLookup{}, err
	}
	matches, ferr := finder.FindPatrons(ctx, text, maxMatches)
	switch {
	case ferr != nil:
		return PatronLookup{}, ferr
	case len(matches) == 0:
		return PatronLookup{}, err
	case len(matches) > 1:
		return PatronLookup{Matches: matches}, nil
	}
	p, loans, err = s.PatronLoans(ctx, matches[0].ID)
	if err != nil {
		return PatronLookup{}, err
	}
	return s.withHolds(ctx, PatronLookup{Patron: p, Loans: loans})
}

// withHolds adds the patron's holds, when the store lists them.
func (s *Station) withHolds(ctx context.Context, l PatronLookup) (PatronLookup, error) {
	h, ok := s.desk.Store.(PatronHolder)
	if !ok {
		return l, nil
	}
	var err error
	l.Holds, err = h.PatronHolds(ctx, l.Patron.ID)
	return l, err
}
