package circ

import (
	"context"
	"time"
)

// ProvisionalPatrons is the part of a Store that adds a card the cache does
// not know, for a desk that lends on it offline (source provisional).
type ProvisionalPatrons interface {
	AddProvisionalPatron(ctx context.Context, card string, at time.Time) (Patron, error)
}

// ErrNoUnknownCard is returned by LendToUnknownCard when the station has
// not just refused that card as unknown.
var ErrNoUnknownCard = NewSaid(KindInvalid, "scan the card again first")

// mayLendToUnknownCard reports whether a card the cache does not know may be
// lent on here after the librarian confirms: at a desk (a station that
// accepts unknown books offline), while the library server does not answer.
func (d *Desk) mayLendToUnknownCard() bool {
	if d.Link == nil || d.UnknownItems != AcceptUnknown {
		return false
	}
	if _, ok := d.Store.(ProvisionalPatrons); !ok {
		return false
	}
	st := d.Link.State()
	return st.Configured && !st.Online
}

// LendToUnknownCard starts a session on the card the station just refused
// as unknown (Outcome.Card), after the librarian confirmed it: the card
// goes into the cache as provisional and its loans are journaled and
// reconciled like any; the library server checks the card when it answers.
func (s *Station) LendToUnknownCard(ctx context.Context, card string) (State, error) {
	var err error
	st, cerr := s.call(ctx, func() {
		if card == "" || card != s.unknownCard || !s.desk.mayLendToUnknownCard() {
			err = ErrNoUnknownCard
			return
		}
		now := s.desk.Clock.Now()
		if _, err = s.desk.Store.(ProvisionalPatrons).AddProvisionalPatron(ctx, card, now); err != nil {
			return
		}
		s.unknownCard = ""
		s.identify(ctx, card, now, "") // the librarian's action: no PIN
	})
	if cerr != nil {
		return st, cerr
	}
	return st, err
}
