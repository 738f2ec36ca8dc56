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

// PatronLookup is what the librarian's patron view shows for what was
// typed: one patron and their loans, or the patrons whose names match.
type PatronLookup struct {
	Patron  Patron
	Loans   []LoanView
	Matches []Patron // several matched: the librarian picks one
}

// LookUpPatron finds a patron by card number, or, when no card has that
// number, by name (every word of text in the first or last name). One
// match is shown with their loans; several are listed. None is
// ErrUnknownPatron.
func (s *Station) LookUpPatron(ctx context.Context, text string) (PatronLookup, error) {
	p, loans, err := s.PatronLoans(ctx, text)
	if err == nil {
		return PatronLookup{Patron: p, Loans: loans}, nil
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
	return PatronLookup{Patron: p, Loans: loans}, err
}
