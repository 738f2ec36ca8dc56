package circ_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// Offline, a card the cache does not know: the kiosk refuses it; the desk
// may lend on it once the librarian confirms, and the loan waits for the
// library server like any.
func TestUnknownCardOffline(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		policy circ.UnknownItemPolicy
		lends  bool
	}{{"kiosk", circ.RefuseUnknown, false}, {"desk", circ.AcceptUnknown, true}} {
		t.Run(tt.name, func(t *testing.T) {
			_, desk, _ := openFixture(t)
			lib := newFakeLibrary()
			lib.down = true
			desk.Link = circ.NewLink(lib, time.Second)
			desk.UnknownItems = tt.policy
			st := circ.NewStation(desk, circ.StationConfig{}, nil)
			runCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			go st.Run(runCtx)
			s := scan(t, st, "5550001")
			if s.Last == nil || s.Last.Code != circ.CodePatronNotFound {
				t.Fatalf("an unknown card: %+v", s.Last)
			}
			if (s.Last.Card != "") != tt.lends {
				t.Fatalf("may the librarian lend on it: %q, want %v", s.Last.Card, tt.lends)
			}
			s, err := st.LendToUnknownCard(ctx, "5550001")
			if !tt.lends {
				if !errors.Is(err, circ.ErrNoUnknownCard) || s.Phase == circ.PhaseActive {
					t.Fatalf("the kiosk lent on an unknown card: %v %+v", err, s)
				}
				return
			}
			if err != nil || s.Phase != circ.PhaseActive {
				t.Fatalf("lend on it: %v, phase %v", err, s.Phase)
			}
			s = scan(t, st, free1)
			if s.Last == nil || !s.Last.OK {
				t.Fatalf("a book for the provisional card: %+v", s.Last)
			}
			if p, err := desk.Store.Patron(ctx, "5550001"); err != nil || p.Source != circ.SourceProvisional {
				t.Errorf("the card in the cache: %+v %v, want provisional", p, err)
			}
		})
	}
}
