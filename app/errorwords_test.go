package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/circdesk/circdesk/circ"
)

// TestExceptionsTabSaysErrorsInPlainSentences: a retry or resolve that
// fails says one plain sentence for the error's kind, never its chain.
func TestExceptionsTabSaysErrorsInPlainSentences(t *testing.T) {
	s := newStation(t, stationConfig{})
	x := s.openExceptions()
	chain := fmt.Errorf("record checkin: %w", fmt.Errorf("insert journal row: %w", errors.New("disk I/O error")))
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"internal", chain, "That did not work: Something went wrong on this station; the details are in the log."},
		{"not found", fmt.Errorf("retry exception 9: %w", circ.ErrNotFound), "That did not work: That could not be found."},
		{"refused", fmt.Errorf("resolve exception 2: write audit: %w", os.ErrPermission), "That did not work: That is not allowed."},
		{"busy", fmt.Errorf("retry: %w", circ.WithKind(errors.New("lease held by pid 12"), circ.KindBusy)), "That did not work: That is busy right now; try again in a moment."},
		{"offline", fmt.Errorf("ask the library server: %w", context.DeadlineExceeded), "That did not work: That did not answer; check the connection and try again."},
		{"invalid", fmt.Errorf("resolve: %w", circ.WithKind(errors.New("note: bad utf-8"), circ.KindInvalid)), "That did not work: That is not right; check it and try again."},
		{"words for people", fmt.Errorf("resolve exception 3: %w", circ.ErrNoNote), "That did not work: Say what was done to resolve it."},
		{"refused by code", fmt.Errorf("check in item 31234: %w", &circ.CodeError{Code: circ.CodeOnHoldForOther}), "That did not work: This book is waiting for someone else. Please give it to the librarian."},
	}
	for _, tt := range tests {
		fyne.DoAndWait(func() { x.done(tt.err, "") })
		if x.message.Text != tt.want || !visible(x.message) {
			t.Errorf("%s: the tab says %q (shown: %v), want %q", tt.name, x.message.Text, visible(x.message), tt.want)
		}
		for _, part := range []string{"record checkin", "insert journal row", "disk I/O", "lease held", "exception 3", "31234"} {
			if strings.Contains(x.message.Text, part) {
				t.Errorf("%s: the tab shows the error's chain: %q", tt.name, x.message.Text)
			}
		}
	}
}

// TestResolvingTwiceSaysItWasResolved: the store's own sentence for an
// exception resolved meanwhile (another station, circctl) reaches the tab.
func TestResolvingTwiceSaysItWasResolved(t *testing.T) {
	s := newStation(t, stationConfig{})
	s.identify(mayaCard, "Hi Maya!")
	id := s.refuseOnReplay(lionBook, circ.ExOnHold, "Item on hold for another patron")
	x := s.openExceptions()
	if err := s.desk.Store.ResolveException(context.Background(), id, "lent by hand", s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	s.ui.resolveException(id, "lent by hand")
	s.waitForText("resolved meanwhile", x.message, fmt.Sprintf("That did not work: Exception %d was already resolved.", id))
}

func TestErrorWordsOfNothingIsNothing(t *testing.T) {
	if got := errorWords(nil); got != "" {
		t.Errorf("errorWords(nil) = %q", got)
	}
}
