package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// renewOf is the change a desk records when patron renews their loan l.
func renewOf(l circ.Loan, patron string, at time.Time) circ.Change {
	renewed := l
	renewed.Due, renewed.Renewals = at.AddDate(0, 0, 14), l.Renewals+1
	return circ.Change{
		Txn: circ.Transaction{Station: "desk", At: at, Action: circ.Renew, Patron: patron, Item: l.Item,
			OK: true, Code: circ.CodeRenewed, Due: renewed.Due, Sync: circ.Pending},
		Effect: circ.Effect{Loan: &renewed, Status: circ.OnLoan},
	}
}

func journalRow(t *testing.T, db *storage.DB, id int64) circ.Transaction {
	t.Helper()
	rows, err := db.Journal(context.Background(), circ.JournalFilter{After: id - 1, First: 1})
	if err != nil || len(rows) != 1 || rows[0].ID != id {
		t.Fatalf("journal row %d: %+v, %v", id, rows, err)
	}
	return rows[0]
}

func TestSettleSyncedWithTheServersDueDate(t *testing.T) {
	ctx := context.Background()
	serverDue := t0.AddDate(0, 0, 21).UTC()
	tests := []struct {
		name    string
		change  func(db *storage.DB) circ.Change
		item    string
		wantDue func(local time.Time) time.Time // of the item's loan, given its due before Settle
		changed bool                            // settled as an exception: the server changed the date
	}{
		{"the patron's own checkout takes the server's date",
			func(*storage.DB) circ.Change { return checkoutOf("desk", "1002", "30000000000011", t0) },
			"30000000000011", func(time.Time) time.Time { return serverDue }, false},
		{"a renewal takes the server's date",
			func(db *storage.DB) circ.Change {
				l, err := db.Loan(ctx, "30000000000029")
				if err != nil {
					t.Fatal(err)
				}
				return renewOf(l, "1001", t0)
			},
			"30000000000029", func(time.Time) time.Time { return serverDue }, false},
		{"a loan to another patron is left alone",
			func(*storage.DB) circ.Change {
				// Ben's renewal row of the book Ana has: the cache lends it to Ana.
				return circ.Change{Txn: circ.Transaction{Station: "desk", At: t0, Action: circ.Renew, Patron: "1002",
					Item: "30000000000029", OK: true, Code: circ.CodeRenewed, Sync: circ.Pending}}
			},
			"30000000000029", func(local time.Time) time.Time { return local }, false},
		{"a changed due date is an exception and still the loan's date",
			func(*storage.DB) circ.Change { return checkoutOf("desk", "1002", "30000000000011", t0) },
			"30000000000011", func(time.Time) time.Time { return serverDue }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seeded(t)
			txn := record(t, db, tt.change(db))[0]
			before, err := db.Loan(ctx, tt.item)
			if err != nil {
				t.Fatal(err)
			}
			s := circ.Settlement{Txn: txn.ID, Sync: circ.Synced, At: t0, Due: serverDue}
			wantSync, wantExceptions := circ.Synced, 0
			if tt.changed {
				s.Sync, s.Code, s.Message = circ.SyncException, circ.ExDueDateChanged, "due date changed"
				wantSync, wantExceptions = circ.SyncException, 1
			}
			if err := db.Settle(ctx, s); err != nil {
				t.Fatalf("Settle: %v", err)
			}
			after, err := db.Loan(ctx, tt.item)
			if want := tt.wantDue(before.Due); err != nil || !sameTime(after.Due, want) || after.Patron != before.Patron {
				t.Errorf("loan after Settle = %+v, %v; want due %v, still %s's", after, err, want, before.Patron)
			}
			if r := journalRow(t, db, txn.ID); r.Sync != wantSync {
				t.Errorf("journal row is %q; want %q", r.Sync, wantSync)
			}
			if st, _ := db.Stats(ctx, t0); st.Pending != 0 || st.Exceptions != wantExceptions {
				t.Errorf("Stats = %+v; want nothing pending, %d exceptions", st, wantExceptions)
			}
			// The due index follows: the loan is overdue exactly after the server's date.
			if tt.wantDue(before.Due).Equal(serverDue) {
				all, _ := db.Loans(ctx, "")
				if all[len(all)-1].Item != tt.item {
					t.Errorf("loans by due date = %+v; want %s, due last, at the end", all, tt.item)
				}
			}
		})
	}
}

func TestSettleExceptionListsItForTheLibrarian(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	txn := record(t, db, checkoutOf("desk", "1002", "30000000000011", t0))[0]
	at := t0.Add(2 * time.Hour)
	s := circ.Settlement{Txn: txn.ID, Sync: circ.SyncException, Code: circ.ExPatronBlocked,
		Message: "Patron has unpaid fines", At: at}
	if err := db.Settle(ctx, s); err != nil {
		t.Fatalf("Settle: %v", err)
	}
	if r := journalRow(t, db, txn.ID); r.Sync != circ.SyncException {
		t.Errorf("journal row is %q; want exception", r.Sync)
	}
	open, err := db.Exceptions(ctx, circ.ExceptionFilter{Open: true})
	if err != nil || len(open) != 1 {
		t.Fatalf("open exceptions = %+v, %v; want 1", open, err)
	}
	e := open[0]
	if e.ID <= 0 || e.Code != circ.ExPatronBlocked || e.Message != s.Message || !sameTime(e.At, at) ||
		!e.Resolved.IsZero() || e.Note != "" {
		t.Errorf("exception = %+v; want the open refusal of %+v", e, s)
	}
	if e.Txn.ID != txn.ID || e.Txn.Patron != "1002" || e.Txn.Item != "30000000000011" || e.Txn.Action != circ.Checkout ||
		e.Txn.Sync != circ.SyncException || !sameTime(e.Txn.At, t0) || !sameTime(e.Txn.Due, txn.Due) {
		t.Errorf("exception's transaction = %+v; want the checkout %+v", e.Txn, txn)
	}
	// The book stays out locally: the librarian decides.
	if l, err := db.Loan(ctx, "30000000000011"); err != nil || l.Patron != "1002" {
		t.Errorf("loan after the exception = %+v, %v; want it kept", l, err)
	}
	if st, _ := db.Stats(ctx, t0); st.Exceptions != 1 || st.Pending != 0 {
		t.Errorf("Stats = %+v; want 1 exception, nothing pending", st)
	}
	for _, f := range []struct {
		f    circ.ExceptionFilter
		want int
	}{{circ.ExceptionFilter{Code: circ.ExPatronBlocked}, 1}, {circ.ExceptionFilter{Code: circ.ExItemLost}, 0}, {circ.ExceptionFilter{}, 1}} {
		if got, err := db.Exceptions(ctx, f.f); err != nil || len(got) != f.want {
			t.Errorf("Exceptions(%+v) = %d, %v; want %d", f.f, len(got), err, f.want)
		}
	}
	// Settled once, it cannot be settled again (say, by the reconciler too).
	if err := db.Settle(ctx, s); !errors.Is(err, circ.ErrSettled) {
		t.Errorf("second Settle = %v; want it refused", err)
	}
	if got, _ := db.Exceptions(ctx, circ.ExceptionFilter{}); len(got) != 1 {
		t.Errorf("%d exceptions after the second Settle; want still 1", len(got))
	}
}

func TestSettleUndoneRestoresTheItem(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	d := fixture()
	kit := "30000000000037"
	d.Items[2].Status = circ.OnHold // the kit waits on the hold shelf for Ben
	d.Holds[0].Expires = t0.AddDate(0, 0, 7)
	if _, err := db.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	hold := d.Holds[0]
	c := checkoutOf("desk", "1002", kit, t0)
	c.FillHold = true
	txn := record(t, db, c)[0]
	if h, _ := db.Holds(ctx, kit); len(h) != 0 {
		t.Fatalf("holds after the checkout = %+v; want Ben's filled", h)
	}

	undo := &circ.Effect{EndLoan: true, Status: circ.OnHold, RestoreHold: &hold}
	if err := db.Settle(ctx, circ.Settlement{Txn: txn.ID, Sync: circ.Undone, At: t0, Undo: undo}); err != nil {
		t.Fatalf("Settle: %v", err)
	}
	if l, err := db.Loan(ctx, kit); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("loan after the undo = %+v, %v; want none", l, err)
	}
	if it, _ := db.Item(ctx, kit); it.Status != circ.OnHold {
		t.Errorf("status after the undo = %q; want on_hold again", it.Status)
	}
	h, err := db.Holds(ctx, kit)
	if err != nil || len(h) != 1 || h[0].Patron != "1002" || !sameTime(h[0].Placed, hold.Placed) || !sameTime(h[0].Expires, hold.Expires) {
		t.Errorf("holds after the undo = %+v, %v; want Ben's hold back as it was: %+v", h, err, hold)
	}
	if r := journalRow(t, db, txn.ID); r.Sync != circ.Undone {
		t.Errorf("journal row is %q; want undone", r.Sync)
	}
	if st, _ := db.Stats(ctx, t0); st.Pending != 0 || st.Loans != 1 || st.Exceptions != 0 {
		t.Errorf("Stats = %+v; want nothing pending and only the fixture's loan", st)
	}
	if got, _ := db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending}); len(got) != 0 {
		t.Errorf("pending rows = %+v; want none: an undone row is not sent", got)
	}
	// The undo is never applied twice.
	if err := db.Settle(ctx, circ.Settlement{Txn: txn.ID, Sync: circ.Undone, At: t0, Undo: undo}); err == nil {
		t.Error("second undo succeeded")
	}
	if h, _ := db.Holds(ctx, kit); len(h) != 1 {
		t.Errorf("%d holds after the second undo; want 1", len(h))
	}
}

func TestSettleUndoneRenewalPutsTheOldLoanBack(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	old, err := db.Loan(ctx, "30000000000029")
	if err != nil {
		t.Fatal(err)
	}
	txn := record(t, db, renewOf(old, "1001", t0))[0]
	undo := &circ.Effect{Loan: &old, Status: circ.OnLoan}
	if err := db.Settle(ctx, circ.Settlement{Txn: txn.ID, Sync: circ.Undone, At: t0, Undo: undo}); err != nil {
		t.Fatal(err)
	}
	if l, err := db.Loan(ctx, old.Item); err != nil || l.Renewals != old.Renewals || !sameTime(l.Due, old.Due) {
		t.Errorf("loan after the undone renewal = %+v, %v; want %+v", l, err, old)
	}
}

func TestSettleRefusesAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		s    func(id int64) circ.Settlement
		want func(error) bool
	}{
		{"an unknown row", func(id int64) circ.Settlement {
			return circ.Settlement{Txn: id + 1000, Sync: circ.Synced, At: t0}
		}, func(err error) bool { return errors.Is(err, circ.ErrNotFound) }},
		{"settled as pending", func(id int64) circ.Settlement {
			return circ.Settlement{Txn: id, Sync: circ.Pending, At: t0}
		}, said(`settled as "pending"`)},
		{"settled as local", func(id int64) circ.Settlement {
			return circ.Settlement{Txn: id, Sync: circ.LocalOnly, At: t0}
		}, said(`settled as "local"`)},
		{"no sync state", func(id int64) circ.Settlement { return circ.Settlement{Txn: id} }, said(`settled as ""`)},
		{"an exception without a code", func(id int64) circ.Settlement {
			return circ.Settlement{Txn: id, Sync: circ.SyncException, At: t0}
		}, said("without a code")},
		{"an exception without a time", func(id int64) circ.Settlement {
			return circ.Settlement{Txn: id, Sync: circ.SyncException, Code: circ.ExServerError}
		}, said("without a time")},
		{"an undo of a synced row", func(id int64) circ.Settlement {
			return circ.Settlement{Txn: id, Sync: circ.Synced, At: t0, Undo: &circ.Effect{EndLoan: true}}
		}, said("an undo on")},
		{"a refusal code on a synced row", func(id int64) circ.Settlement {
			return circ.Settlement{Txn: id, Sync: circ.Synced, At: t0, Code: circ.ExServerError}
		}, said("refusal code")},
		{"an undo that lends another item", func(id int64) circ.Settlement {
			l := circ.Loan{Item: "30000000000037", Patron: "1002", Out: t0, Due: t0}
			return circ.Settlement{Txn: id, Sync: circ.Undone, At: t0, Undo: &circ.Effect{Loan: &l}}
		}, said("loan of item 30000000000037")},
		{"an undo that fails halfway", func(id int64) circ.Settlement {
			// The loan ends, then the hold of a patron the cache lacks cannot be restored.
			h := circ.Hold{Item: "30000000000011", Patron: "9999", Placed: t0}
			return circ.Settlement{Txn: id, Sync: circ.Undone, At: t0,
				Undo: &circ.Effect{EndLoan: true, Status: circ.Available, RestoreHold: &h}}
		}, func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seeded(t)
			txn := record(t, db, checkoutOf("desk", "1002", "30000000000011", t0))[0]
			before := look(t, db)
			if err := db.Settle(ctx, tt.s(txn.ID)); !tt.want(err) {
				t.Errorf("Settle = %v", err)
			}
			if after := look(t, db); after != before {
				t.Errorf("after the refused Settle: %+v; want as before: %+v", after, before)
			}
			if r := journalRow(t, db, txn.ID); r.Sync != circ.Pending {
				t.Errorf("journal row is %q; want still pending", r.Sync)
			}
			if h, _ := db.Holds(ctx, "30000000000011"); len(h) != 0 {
				t.Errorf("holds = %+v; want none", h)
			}
		})
	}
}

func said(s string) func(error) bool {
	return func(err error) bool { return err != nil && strings.Contains(err.Error(), s) }
}

// exceptionOn records a checkout and settles it as refused; it returns the
// journal row and the exception's id.
func exceptionOn(t *testing.T, db *storage.DB, item string) (circ.Transaction, int64) {
	t.Helper()
	ctx := context.Background()
	txn := record(t, db, checkoutOf("desk", "1002", item, t0))[0]
	if err := db.Settle(ctx, circ.Settlement{Txn: txn.ID, Sync: circ.SyncException, Code: circ.ExItemNotFound,
		Message: "Item not found", At: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, e := range exceptions(t, db, circ.ExceptionFilter{Open: true}) {
		if e.Txn.ID == txn.ID {
			return txn, e.ID
		}
	}
	t.Fatalf("no open exception for row %d", txn.ID)
	return txn, 0
}

func exceptions(t *testing.T, db *storage.DB, f circ.ExceptionFilter) []circ.Exception {
	t.Helper()
	es, err := db.Exceptions(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestResolveException(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	txn, id := exceptionOn(t, db, "30000000000011")
	at := t0.Add(3 * time.Hour)
	if err := db.ResolveException(ctx, id, "Book was a donation; added to the catalog", at); err != nil {
		t.Fatalf("ResolveException: %v", err)
	}
	if open := exceptions(t, db, circ.ExceptionFilter{Open: true}); len(open) != 0 {
		t.Errorf("open exceptions after resolving = %+v; want none", open)
	}
	all := exceptions(t, db, circ.ExceptionFilter{})
	if len(all) != 1 || all[0].ID != id || !sameTime(all[0].Resolved, at) ||
		all[0].Note != "Book was a donation; added to the catalog" || all[0].Message != "Item not found" {
		t.Errorf("exceptions = %+v; want the one resolved at %v with its note", all, at)
	}
	if st, _ := db.Stats(ctx, t0); st.Exceptions != 0 || st.Pending != 0 {
		t.Errorf("Stats = %+v; want no exceptions and nothing pending", st)
	}
	if r := journalRow(t, db, txn.ID); r.Sync != circ.SyncException {
		t.Errorf("journal row is %q; want it left as exception (resolving does not resend)", r.Sync)
	}
	err := db.ResolveException(ctx, id, "again", at.Add(time.Hour))
	if err == nil || errors.Is(err, circ.ErrNotFound) || !strings.Contains(err.Error(), "already resolved") {
		t.Errorf("second ResolveException = %v; want it refused as already resolved", err)
	}
	if all := exceptions(t, db, circ.ExceptionFilter{}); all[0].Note != "Book was a donation; added to the catalog" {
		t.Errorf("note after the refused second resolve = %q; want the first kept", all[0].Note)
	}
	if err := db.ResolveException(ctx, id+100, "x", at); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("ResolveException(unknown) = %v; want ErrNotFound", err)
	}
	if err := db.RetryException(ctx, id, at); err == nil || !strings.Contains(err.Error(), "already resolved") {
		t.Errorf("RetryException(resolved) = %v; want it refused", err)
	}
	if r := journalRow(t, db, txn.ID); r.Sync != circ.SyncException {
		t.Errorf("journal row after a refused retry is %q; want exception", r.Sync)
	}
}

func TestRetryExceptionQueuesTheRowAgain(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	txn, id := exceptionOn(t, db, "30000000000011")
	at := t0.Add(4 * time.Hour)
	if err := db.RetryException(ctx, id, at); err != nil {
		t.Fatalf("RetryException: %v", err)
	}
	pending, err := db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending})
	if err != nil || len(pending) != 1 || pending[0].ID != txn.ID {
		t.Errorf("pending rows = %+v, %v; want row %d queued again", pending, err, txn.ID)
	}
	all := exceptions(t, db, circ.ExceptionFilter{})
	if len(all) != 1 || all[0].Note != "retried" || !sameTime(all[0].Resolved, at) || all[0].Txn.Sync != circ.Pending {
		t.Errorf("exceptions = %+v; want the one closed as retried, its row pending", all)
	}
	if st, _ := db.Stats(ctx, t0); st.Exceptions != 0 || st.Pending != 1 {
		t.Errorf("Stats = %+v; want no exceptions, 1 pending", st)
	}
	if err := db.RetryException(ctx, id, at); err == nil {
		t.Error("second RetryException succeeded")
	}
	if err := db.RetryException(ctx, id+100, at); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("RetryException(unknown) = %v; want ErrNotFound", err)
	}

	// Refused again: a new exception, listed before the old one.
	if err := db.Settle(ctx, circ.Settlement{Txn: txn.ID, Sync: circ.SyncException, Code: circ.ExOnHold,
		At: at.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	all = exceptions(t, db, circ.ExceptionFilter{})
	if len(all) != 2 || all[0].Code != circ.ExOnHold || !all[0].Resolved.IsZero() || all[1].ID != id {
		t.Errorf("exceptions = %+v; want the new open one first, then the retried one", all)
	}
	if st, _ := db.Stats(ctx, t0); st.Exceptions != 1 || st.Pending != 0 {
		t.Errorf("Stats = %+v; want 1 exception, nothing pending", st)
	}
}

func TestRefreshPatron(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		id      string
		p       circ.LibraryPatron
		want    func(p *circ.Patron) // what the cached patron becomes, from what it was
		wantErr error
	}{
		{"names and a block", "1001",
			circ.LibraryPatron{Found: true, FirstName: "Anabel", LastName: "Ruiz-Ortiz", Blocked: true, BlockReason: "Fines over $10"},
			func(p *circ.Patron) {
				p.FirstName, p.LastName, p.Blocked, p.BlockReason = "Anabel", "Ruiz-Ortiz", true, "Fines over $10"
			}, nil},
		{"no names sent keeps the cached ones", "1001",
			circ.LibraryPatron{Found: true, Blocked: true, BlockReason: "Card reported lost"},
			func(p *circ.Patron) { p.Blocked, p.BlockReason = true, "Card reported lost" }, nil},
		{"the server lifted the block", "1003",
			circ.LibraryPatron{Found: true, FirstName: "Cy", LastName: "Ng"},
			func(p *circ.Patron) { p.Blocked, p.BlockReason = false, "" }, nil},
		{"a patron the server does not know changes nothing", "1003",
			circ.LibraryPatron{Found: false, FirstName: "X"}, func(*circ.Patron) {}, nil},
		{"a patron the cache does not know", "9999",
			circ.LibraryPatron{Found: true, FirstName: "X"}, nil, circ.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seeded(t)
			err := db.RefreshPatron(ctx, tt.id, tt.p)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("RefreshPatron = %v; want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("RefreshPatron: %v", err)
			}
			var want circ.Patron
			for _, p := range fixture().Patrons {
				if p.ID == tt.id {
					want = p
				}
			}
			tt.want(&want)
			got, err := db.Patron(ctx, tt.id)
			if err != nil || got.FirstName != want.FirstName || got.LastName != want.LastName ||
				got.Blocked != want.Blocked || got.BlockReason != want.BlockReason ||
				got.Type != want.Type || got.Homeroom != want.Homeroom || got.Account != want.Account {
				t.Errorf("patron = %+v, %v; want %+v", got, err, want)
			}
		})
	}
}

func TestJournalBatchesOfPendingRows(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	const n = 3000
	var cs []circ.Change
	for i := range n {
		sync := circ.Pending
		switch {
		case i%7 == 3:
			sync = circ.LocalOnly
		case i%5 == 1:
			sync = circ.Synced
		}
		cs = append(cs, circ.Change{Txn: circ.Transaction{Station: "desk", At: t0.Add(time.Duration(i) * time.Second),
			Action: circ.Checkin, Item: "30000000000045", OK: true, Code: circ.CodeNotOnLoan, Sync: sync}})
	}
	var want []int64
	for _, r := range record(t, db, cs...) {
		if r.Sync == circ.Pending {
			want = append(want, r.ID)
		}
	}

	// The reconciler's walk: each batch after the last row of the one
	// before, settling every other row as it goes.
	var got []int64
	var last int64
	batches := 0
	for {
		batch, err := db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending, After: last, First: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(batch) == 0 {
			break
		}
		if len(batch) > 500 {
			t.Fatalf("a batch of %d rows; want at most 500", len(batch))
		}
		batches++
		for i, r := range batch {
			if r.Sync != circ.Pending {
				t.Fatalf("row %d in the pending batch is %q", r.ID, r.Sync)
			}
			got = append(got, r.ID)
			if i%2 == 0 {
				if err := db.Settle(ctx, circ.Settlement{Txn: r.ID, Sync: circ.Synced, At: t0}); err != nil {
					t.Fatal(err)
				}
			}
		}
		last = batch[len(batch)-1].ID
	}
	if !equalIDs(got, want) {
		t.Errorf("the walk saw %d rows; want each of the %d pending rows once, in id order", len(got), len(want))
	}
	if wantBatches := (len(want) + 499) / 500; batches != wantBatches {
		t.Errorf("%d batches; want %d", batches, wantBatches)
	}

	first, err := db.Journal(ctx, circ.JournalFilter{First: 3})
	if err != nil || len(first) != 3 || first[0].ID != 1 || first[2].ID != 3 {
		t.Errorf("Journal{First: 3} = %d rows, %v; want the oldest three", len(first), err)
	}
	if _, err := db.Journal(ctx, circ.JournalFilter{First: 3, Limit: 3}); err == nil {
		t.Error("Journal with both First and Limit succeeded")
	}
}
