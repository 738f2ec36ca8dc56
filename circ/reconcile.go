package circ

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// ErrNoLibrary is returned by a Reconciler with no library server.
var ErrNoLibrary = errors.New("no library server is configured")

// reconcileBatch is how many pending rows one read of the journal takes.
const reconcileBatch = 500

// markAhead is how many rows one durable write marks as sent before they
// go out: one disk flush for many requests.
const markAhead = 64

// Reconciler replays the journal's pending transactions to the library
// server, in journal order and each exactly once. A transaction whose
// answer was lost is looked up (Item Information) before anything is sent
// again. Refusals become exceptions for the librarian; they are never
// dropped and never retried on their own.
//
// One Reconciler runs one pass at a time.
type Reconciler struct {
	Store Store
	Link  *Link
	Clock Clock

	answers  []Settlement      // heard but not yet written; see flush
	accounts map[string]string // patron ID → library account, for one pass
}

// account is the library account id of patron id.
func (r *Reconciler) account(ctx context.Context, id string) string {
	if a, ok := r.accounts[id]; ok {
		return a
	}
	a := id
	if p, err := r.Store.Patron(ctx, id); err == nil {
		a = p.AccountID()
	}
	r.accounts[id] = a
	return a
}

// SyncResult counts what one pass did.
type SyncResult struct {
	Applied    int `json:"applied"`    // accepted by the server
	Exceptions int `json:"exceptions"` // refused: now exceptions for the librarian
	Pending    int `json:"pending"`    // still waiting (the server stopped answering)
}

// Pass replays every pending transaction once. It stops early, leaving the
// rest pending, when the server stops answering; that is not an error.
func (r *Reconciler) Pass(ctx context.Context) (SyncResult, error) {
	var res SyncResult
	if r.Link == nil {
		return res, ErrNoLibrary
	}
	if !r.Link.State().Online && !r.ping(ctx) {
		return r.finish(ctx, res)
	}
	r.accounts = map[string]string{}
	var after int64
	for {
		rows, err := r.Store.Journal(ctx, JournalFilter{Sync: Pending, After: after, First: reconcileBatch})
		if err != nil {
			return res, fmt.Errorf("read pending transactions: %w", err)
		}
		for i, t := range rows {
			if i%markAhead == 0 {
				if err := r.markSent(ctx, rows[i:min(i+markAhead, len(rows))]); err != nil {
					return res, err
				}
			}
			after = t.ID
			done, err := r.replay(ctx, t, &res)
			if err == nil && len(r.answers) >= markAhead {
				err = r.flush(ctx)
			}
			if err != nil {
				r.answers = nil
				return res, err
			}
			if !done {
				return r.finish(ctx, res)
			}
		}
		if len(rows) < reconcileBatch {
			return r.finish(ctx, res)
		}
	}
}

func (r *Reconciler) finish(ctx context.Context, res SyncResult) (SyncResult, error) {
	if err := r.flush(ctx); err != nil {
		return res, err
	}
	st, err := r.Store.Stats(ctx, r.Clock.Now())
	if err != nil {
		return res, fmt.Errorf("count pending transactions: %w", err)
	}
	res.Pending = st.Pending
	r.Link.settled(st.Pending > 0)
	return res, nil
}

// replay sends one pending transaction. It reports false when the server
// stopped answering, so the pass must stop to keep the order.
func (r *Reconciler) replay(ctx context.Context, t Transaction, res *SyncResult) (bool, error) {
	if !t.Action.ToLibrary() {
		// Never sent (an inventory's "missing" goes to the library server
		// as a barcode file); such a row should not be pending at all.
		slog.Warn("pending journal row the library server cannot take", "txn", t.ID, "action", t.Action)
		return true, nil
	}
	r.Link.sending.Lock()
	defer r.Link.sending.Unlock()
	// A row the desk sent at once (Sent from the start) may have been
	// settled since this batch was read; the others only this pass sends.
	if t.Sent {
		if still, err := stillPending(ctx, r.Store, t.ID); err != nil || !still {
			return true, err
		}
		// The desk may be waiting to send it too: write the answer before
		// letting go of the line, so the desk sees it settled.
		defer func() {
			if err := r.flush(ctx); err != nil {
				slog.Error("record the library server's answer", "err", err)
			}
		}()
	}
	req := LibraryRequest{Item: t.Item, At: t.At, Offline: true, Due: t.Due}
	if t.Patron != "" && t.Action != Checkin {
		req.Patron = r.account(ctx, t.Patron)
	}
	// A row sent before (its answer lost, or the station stopped) may
	// already have taken effect: ask before sending it again.
	unsure := t.Sent
	for attempt := 0; attempt < 3; attempt++ {
		if unsure {
			applied, state, err := r.applied(ctx, t)
			if err != nil {
				r.Link.down(err.Error())
				return false, nil
			}
			if applied {
				return true, r.settle(ctx, t, LibraryAnswer{OK: true, Due: state.Due}, res)
			}
			// It did not take effect: sending it again is safe.
		}
		ans, err := r.ask(ctx, t.Action, req)
		switch {
		case err == nil:
			return true, r.settle(ctx, t, ans, res)
		case errors.Is(err, ErrAmbiguous):
			unsure = true
		default:
			r.Link.down(err.Error())
			return false, nil
		}
	}
	r.Link.down("the library server keeps losing its answers")
	return false, nil
}

// ping asks whether the server answers and records what it learns.
func (r *Reconciler) ping(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, r.Link.Timeout)
	defer cancel()
	if err := r.Link.Library.Ping(ctx); err != nil {
		r.Link.down(err.Error())
		return false
	}
	r.Link.up()
	return true
}

// flush writes the answers heard so far, in one durable write. Until it
// does, those rows are pending and marked sent: if the station stops first,
// the next pass asks the server about them and sends nothing twice.
func (r *Reconciler) flush(ctx context.Context) error {
	if len(r.answers) == 0 {
		return nil
	}
	err := r.Store.Settle(ctx, r.answers...)
	r.answers = r.answers[:0]
	if err != nil {
		return fmt.Errorf("record the library server's answers: %w", err)
	}
	return nil
}

// markSent records that rows not sent before are about to be.
func (r *Reconciler) markSent(ctx context.Context, rows []Transaction) error {
	var ids []int64
	for _, t := range rows {
		if !t.Sent {
			ids = append(ids, t.ID)
		}
	}
	if err := r.Store.MarkSent(ctx, ids); err != nil {
		return fmt.Errorf("mark transactions sent: %w", err)
	}
	return nil
}

// stillPending reports whether journal row id still waits for the server.
func stillPending(ctx context.Context, st Store, id int64) (bool, error) {
	rows, err := st.Journal(ctx, JournalFilter{Sync: Pending, After: id - 1, First: 1})
	if err != nil {
		return false, fmt.Errorf("read transaction %d: %w", id, err)
	}
	return len(rows) == 1 && rows[0].ID == id, nil
}

func (r *Reconciler) ask(ctx context.Context, a Action, req LibraryRequest) (LibraryAnswer, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Link.Timeout)
	defer cancel()
	ans, err := ask(ctx, r.Link.Library, a, req)
	if err == nil {
		r.Link.up()
	}
	return ans, err
}

// applied finds out from the server's view of the item whether t took
// effect there.
func (r *Reconciler) applied(ctx context.Context, t Transaction) (bool, LibraryItem, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Link.Timeout)
	defer cancel()
	it, err := r.Link.Library.ItemState(ctx, t.Item)
	if err != nil {
		return false, it, err
	}
	if t.Action == Checkin {
		return it.Found && !it.OnLoan, it, nil
	}
	return it.Found && it.OnLoan, it, nil
}

// settle records the server's answer to a replayed transaction.
func (r *Reconciler) settle(ctx context.Context, t Transaction, ans LibraryAnswer, res *SyncResult) error {
	now := r.Clock.Now()
	s := Settlement{Txn: t.ID, Sync: Synced, At: now, Due: ans.Due}
	switch {
	case !ans.OK:
		s = Settlement{Txn: t.ID, Sync: SyncException, Code: refusalCode(ans), Message: ans.Message, At: now}
	case t.Action != Checkin && !ans.Due.IsZero() && !t.Due.IsZero() && !sameDay(ans.Due, t.Due):
		// Lent, but not until the day the student was told: the librarian
		// may want to tell them.
		s.Sync, s.Code = SyncException, ExDueDateChanged
		s.Message = fmt.Sprintf("The library server set the due date to %s; the station had said %s.",
			ans.Due.Format(time.DateOnly), t.Due.Format(time.DateOnly))
	}
	r.answers = append(r.answers, s)
	if s.Sync == Synced {
		res.Applied++
	} else {
		res.Exceptions++
		if s.Code == ExDueDateChanged {
			res.Applied++
		}
		slog.Info("library server exception", "txn", t.ID, "code", s.Code)
	}
	return nil
}

func sameDay(a, b time.Time) bool {
	a = a.In(b.Location())
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// Run replays the journal every interval, and at once when the link is
// woken, until ctx ends. Passes never overlap.
func (r *Reconciler) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := r.Pass(ctx); err != nil && ctx.Err() == nil {
			slog.Error("replay pending transactions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.Link.woken():
		}
	}
}
