package circ

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// sendNow sends a transaction just journaled to the library server and
// makes its answer the outcome. The journal row is already durable, so a
// server that does not answer changes nothing: the local decision stands and
// the row waits for the reconciler.
func (d *Desk) sendNow(ctx context.Context, p Patron, t Transaction, undo *Effect, o *Outcome) {
	defer d.Link.claim(t.ID)()
	if _, still, err := stillPending(ctx, d.Store, t.ID); err != nil || !still {
		// The reconciler sent it while this waited for the line.
		if err == nil {
			o.Settled = true
			if l, err := d.Store.Loan(ctx, t.Item); err == nil && t.Action != Checkin {
				o.Due = l.Due
			}
		}
		return
	}
	ctx, cancel := context.WithTimeout(ctx, d.Link.Timeout)
	defer cancel()
	req := LibraryRequest{Patron: d.Link.accountOf(p), Item: t.Item, At: t.At, Due: t.Due}
	ans, err := ask(ctx, d.Link.Library, t.Action, req)
	if err != nil {
		// Offline, or the answer was lost (the reconciler finds out which).
		slog.Warn("library server did not answer; the local decision stands", "action", t.Action, "err", err)
		d.Link.down(err.Error())
		return
	}
	d.Link.up()
	now := d.Clock.Now()
	s := Settlement{Txn: t.ID, Sync: Synced, At: now, Due: ans.Due}
	switch {
	case ans.OK:
		if !ans.Due.IsZero() {
			o.Due = ans.Due
		}
	case t.Action == Checkin || undo == nil:
		// The book is back on the desk whatever the server says: the
		// librarian sorts it out.
		s = refusedSettlement(t, ans, now)
	default:
		s = Settlement{Txn: t.ID, Sync: Undone, At: now, Undo: undo}
		o.OK, o.Code, o.Due = false, CodeLibraryRefused, time.Time{}
	}
	o.Screen = ans.Message
	if !ans.Due.IsZero() && !t.Due.IsZero() && !sameDay(ans.Due, t.Due) {
		s.ServerDue = ans.Due
	}
	if err := d.Store.Settle(ctx, s); err != nil {
		// The row stays pending: the reconciler asks again and learns it
		// was already applied.
		slog.Error("record the library server's answer", "err", err)
		return
	}
	o.Settled = true
	// A refusal says the cache was wrong about the item or the patron:
	// learn what the server knows, so the next decision here is right.
	d.learnFromAnswer(ctx, t, p, ans)
}

// ask sends one request of the given action.
func ask(ctx context.Context, lib Library, a Action, r LibraryRequest) (LibraryAnswer, error) {
	switch a {
	case Checkout:
		return lib.Checkout(ctx, r)
	case Checkin:
		return lib.Checkin(ctx, r)
	case Renew:
		return lib.Renew(ctx, r)
	}
	return LibraryAnswer{}, errors.New("unknown action " + string(a))
}

func refusalCode(ans LibraryAnswer) ExceptionCode {
	if ans.Refusal != "" {
		return ans.Refusal
	}
	return ExServerError
}

// refusedSettlement makes the server's refusal of t an exception, with the
// server's words or, when it sent none, the station's own sentence.
func refusedSettlement(t Transaction, ans LibraryAnswer, at time.Time) Settlement {
	code := refusalCode(ans)
	msg := ans.Message
	if msg == "" {
		msg = code.Sentence()
	}
	return Settlement{Txn: t.ID, Sync: SyncException, Code: code, Message: msg, At: at}
}

// refreshPatron asks the live library server about p and writes what it
// says into the cache, so blocks and names are current before the station
// decides. It reports whether the cache changed.
func (d *Desk) refreshPatron(ctx context.Context, p Patron) bool {
	if !d.Link.State().Online {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, d.Link.Timeout)
	defer cancel()
	lp, err := d.Link.Library.Patron(ctx, d.Link.accountOf(p))
	if err != nil {
		d.Link.down(err.Error())
		return false
	}
	d.Link.up()
	if !lp.Found {
		return false
	}
	if l := d.learner(); l != nil {
		if _, err := l.LearnPatron(ctx, p.ID, lp, d.Clock.Now()); err != nil {
			slog.Error("refresh patron from the library server", "err", err)
			return false
		}
		return true
	}
	if err := d.Store.RefreshPatron(ctx, p.ID, lp); err != nil {
		slog.Error("refresh patron from the library server", "err", err)
		return false
	}
	return true
}
