package circ_test

import (
	"context"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// The librarian's lookups through the station: a card typed with spaces or
// its alias finds the patron, and the lists name books and borrowers.
func TestStationLookups(t *testing.T) {
	_, desk, _ := openFixture(t)
	st := circ.NewStation(desk, circ.StationConfig{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go st.Run(ctx)

	for _, card := range []string{maya, " " + maya + " ", mayaBar} {
		p, code, err := st.Identify(ctx, card)
		if err != nil || p.ID != maya || code != "" {
			t.Errorf("Identify(%q) = %s, %q, %v; want %s in good standing", card, p.ID, code, err, maya)
		}
	}
	if _, code, err := st.Identify(ctx, bob); err != nil || code == "" {
		t.Errorf("Identify(bob) = %q, %v; want the reason he may not borrow", code, err)
	}

	scan(t, st, maya)
	scan(t, st, free1)
	today, err := st.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(today) != 1 || today[0].Item != free1 || today[0].Title == "" || today[0].PatronName == "" {
		t.Fatalf("Today = %+v; want the checkout of %s with its title and borrower", today, free1)
	}
	p, loans, err := st.PatronLoans(ctx, maya)
	if err != nil || p.ID != maya {
		t.Fatalf("PatronLoans = %s, %v", p.ID, err)
	}
	titled := 0
	for _, l := range loans {
		if l.Title != "" {
			titled++
		}
	}
	if len(loans) < 2 || titled != len(loans) {
		t.Fatalf("PatronLoans = %+v; want every loan titled", loans)
	}
}
