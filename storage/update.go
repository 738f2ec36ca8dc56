package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/circdesk/circdesk/circ"
	"github.com/jmoiron/sqlx"
)

// Update runs fn in one write transaction (BEGIN IMMEDIATE on the writer
// connection) and commits when fn returns nil; the commit is durable when
// Update returns. When fn returns an error, panics, or ignored an error
// from Record, nothing fn did is kept.
//
// Updates run one at a time. fn must not call Update itself: it would wait
// for its own connection forever.
func (db *DB) Update(ctx context.Context, fn func(circ.Tx) error) error {
	return db.write(ctx, func(t *writeTx) error {
		if err := fn(t); err != nil {
			return err
		}
		return t.err
	})
}

// write runs fn in one write transaction (BEGIN IMMEDIATE on the writer
// connection) and commits when fn returns nil. When fn fails or panics,
// nothing it did is kept.
func (db *DB) write(ctx context.Context, fn func(*writeTx) error) error {
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return db.explain("begin write transaction", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback() // also on panic, which then goes on up
		}
	}()
	if err := fn(&writeTx{view: view{db: db, q: db.wq, tx: tx}, ctx: ctx}); err != nil {
		return err
	}
	committed = true // Commit ends the transaction even when it fails
	if err := tx.Commit(); err != nil {
		return db.explain("commit", err)
	}
	return nil
}

// writeTx is the circ.Tx given to an Update function.
type writeTx struct {
	view
	// ctx is Update's context: circ.Tx.Record takes none, and the
	// transaction lives no longer than the Update call.
	ctx context.Context
	// err is the first failure of Record; the transaction cannot commit.
	err error
}

func (t *writeTx) Patron(ctx context.Context, key string) (circ.Patron, error) {
	return t.patron(ctx, key)
}

func (t *writeTx) Item(ctx context.Context, barcode string) (circ.Item, error) {
	return t.item(ctx, barcode)
}

func (t *writeTx) Loan(ctx context.Context, item string) (circ.Loan, error) {
	return t.loan(ctx, item)
}

func (t *writeTx) PatronLoans(ctx context.Context, patron string) ([]circ.Loan, error) {
	return t.patronLoans(ctx, patron)
}

func (t *writeTx) Holds(ctx context.Context, item string) ([]circ.Hold, error) {
	return t.holds(ctx, item)
}

// Record journals c.Txn, giving it the next ID and the station's next
// sequence number, and applies c's effect on the cache. If it fails, the
// whole transaction is rolled back.
func (t *writeTx) Record(c circ.Change) (circ.Transaction, error) {
	if t.err != nil {
		return circ.Transaction{}, fmt.Errorf("record after a failed record: %w", t.err)
	}
	txn, err := t.record(c)
	if err != nil {
		t.err = err
		return circ.Transaction{}, err
	}
	return txn, nil
}

func (t *writeTx) record(c circ.Change) (circ.Transaction, error) {
	if err := checkChange(c); err != nil {
		return circ.Transaction{}, err
	}
	ctx, ws, txn := t.ctx, t.db.ws, c.Txn
	if err := t.stmt(ctx, ws.nextSeq).GetContext(ctx, &txn.Seq, txn.Station); err != nil {
		return circ.Transaction{}, t.db.explain("next sequence number", err)
	}
	res, err := t.stmt(ctx, ws.journal).ExecContext(ctx, txn.Station, txn.Seq, timeText(txn.At),
		txn.At.UnixNano(), string(txn.Action), txn.Patron, txn.Item, txn.OK, string(txn.Code),
		optionalTimeText(txn.Due), string(txn.Sync), txn.Sent, sentAttempts(txn.Sent), optionalTimeText(txn.PrevDue))
	if err != nil {
		return circ.Transaction{}, t.db.explain("insert journal row", err)
	}
	if txn.ID, err = res.LastInsertId(); err != nil {
		return circ.Transaction{}, fmt.Errorf("journal row id: %w", err)
	}
	if err := t.apply(txn, c.Effect); err != nil {
		return circ.Transaction{}, err
	}
	return txn, nil
}

// apply makes e's changes to the cache on txn's item: Record applies a
// change's effect with it and Settle the undoing of one. FillHold removes
// txn's patron's hold on the item. e must have passed checkEffect.
func (t *writeTx) apply(txn circ.Transaction, e circ.Effect) error {
	ctx, ws := t.ctx, t.db.ws
	if e.Loan != nil {
		args, err := loanArgs(*e.Loan)
		if err != nil {
			return err
		}
		if _, err := t.stmt(ctx, ws.putLoan).ExecContext(ctx, args...); err != nil {
			return t.db.explain("write loan", err)
		}
	}
	if e.EndLoan {
		if _, err := t.stmt(ctx, ws.endLoan).ExecContext(ctx, txn.Item); err != nil {
			return t.db.explain("end loan", err)
		}
	}
	if e.Status != "" {
		if err := t.setStatus(ctx, ws.setStatus, txn.Item, e.Status); err != nil {
			return err
		}
	}
	if e.FillHold {
		if _, err := t.stmt(ctx, ws.fillHold).ExecContext(ctx, txn.Item, txn.Patron); err != nil {
			return t.db.explain("fill hold", err)
		}
	}
	if e.Holder != nil {
		if err := t.handOut(ctx, txn.Item, *e.Holder); err != nil {
			return err
		}
	}
	if e.RestoreHold != nil {
		args, err := holdArgs(*e.RestoreHold)
		if err != nil {
			return err
		}
		if _, err := t.stmt(ctx, ws.insertHold).ExecContext(ctx, args...); err != nil {
			return t.db.explain("restore hold", err)
		}
	}
	return nil
}

func (t *writeTx) setStatus(ctx context.Context, s *sqlx.Stmt, item string, status circ.ItemStatus) error {
	res, err := t.stmt(ctx, s).ExecContext(ctx, string(status), item)
	if err != nil {
		return t.db.explain("set item status", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set item status: %w", err)
	} else if n == 0 {
		return fmt.Errorf("set status of item %s: %w", item, circ.ErrNotFound)
	}
	return nil
}

// errBadChange is wrapped by the errors of checkChange: a programming
// error in the caller, not a state of the data.
var errBadChange = errors.New("invalid change")

func checkChange(c circ.Change) error {
	txn := c.Txn
	switch {
	case txn.Station == "":
		return fmt.Errorf("%w: no station", errBadChange)
	case txn.At.IsZero():
		return fmt.Errorf("%w: no time", errBadChange)
	case txn.Item == "" && (txn.OK || txn.Sync != circ.LocalOnly || txn.Patron == ""):
		// Only a card refused before any book (kept on the station) has none.
		return fmt.Errorf("%w: no item", errBadChange)
	case txn.Item == "" && c.Effect != (circ.Effect{}):
		return fmt.Errorf("%w: an effect on no item", errBadChange)
	}
	return checkEffect(txn.Item, c.Effect)
}

// checkEffect refuses an effect on item that contradicts itself or touches
// another item.
func checkEffect(item string, e circ.Effect) error {
	switch {
	case e.Loan != nil && e.EndLoan:
		return fmt.Errorf("%w: both a loan and its end", errBadChange)
	case e.Loan != nil && e.Loan.Item != item:
		return fmt.Errorf("%w: loan of item %s in a transaction on item %s", errBadChange, e.Loan.Item, item)
	case e.Status != "" && !e.Status.Valid():
		return fmt.Errorf("%w: unknown item status %q", errBadChange, e.Status)
	case e.RestoreHold != nil && e.FillHold:
		return fmt.Errorf("%w: both filling and restoring a hold", errBadChange)
	case e.RestoreHold != nil && e.RestoreHold.Item != item:
		return fmt.Errorf("%w: hold on item %s in a transaction on item %s", errBadChange, e.RestoreHold.Item, item)
	case e.RestoreHold != nil && e.RestoreHold.Patron == "":
		return fmt.Errorf("%w: a hold for nobody", errBadChange)
	}
	return nil
}

var (
	_ circ.Store = (*DB)(nil)
	_ circ.Tx    = (*writeTx)(nil)
)

// sentAttempts is the attempts of a row recorded as sent at once: one.
func sentAttempts(sent bool) int {
	if sent {
		return 1
	}
	return 0
}
