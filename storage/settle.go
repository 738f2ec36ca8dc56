package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

const journalRowSQL = `SELECT ` + journalCols + ` FROM journal WHERE id = ?`

const setSyncSQL = `UPDATE journal SET sync = ? WHERE id = ?`

// setServerDueSQL keeps the library server's due date beside the station's.
const setServerDueSQL = `UPDATE journal SET server_due = ? WHERE id = ?`

// setDueSQL gives the loan of an item a new due date, only if it is still
// the loan to the given patron.
const setDueSQL = `UPDATE loans SET due_at = ?, due_unix_ns = ? WHERE item = ? AND patron_id = ?`

// errBadSettlement is wrapped by the errors of checkSettlement: a
// programming error in the caller, not a state of the data.
var errBadSettlement = errors.New("invalid settlement")

func checkSettlement(s circ.Settlement) error {
	switch s.Sync {
	case circ.Synced, circ.SyncException, circ.Undone:
	default:
		return fmt.Errorf("%w: a transaction cannot be settled as %q (want %q, %q or %q)",
			errBadSettlement, s.Sync, circ.Synced, circ.SyncException, circ.Undone)
	}
	switch {
	case s.Sync == circ.SyncException && s.Code == "":
		return fmt.Errorf("%w: an exception without a code", errBadSettlement)
	case s.Sync == circ.SyncException && s.At.IsZero():
		return fmt.Errorf("%w: an exception without a time", errBadSettlement)
	case s.Sync != circ.SyncException && (s.Code != "" || s.Message != ""):
		return fmt.Errorf("%w: a refusal code or message on a transaction settled as %q", errBadSettlement, s.Sync)
	case s.Undo != nil && s.Sync != circ.Undone:
		return fmt.Errorf("%w: an undo on a transaction settled as %q", errBadSettlement, s.Sync)
	case !s.ServerDue.IsZero() && s.Due.IsZero():
		return fmt.Errorf("%w: a server due date that is not the loan's due date", errBadSettlement)
	}
	return nil
}

// Settle records what the library server made of journal row s.Txn, in one
// durable write transaction: its sync state, an exception for the
// librarian, the server's due date for the loan of the row's item (only
// while that loan is the row patron's), and with s.Undo the undoing of the
// row's effect, applied exactly as Record applies an effect.
//
// Several settlements are written in one transaction: all or none.
//
// Only a pending row can be settled: settling one twice (say, the desk and
// the reconciler both heard from the server) fails and changes nothing, so
// an undo is never applied twice. An unknown row is circ.ErrNotFound.
func (db *DB) Settle(ctx context.Context, all ...circ.Settlement) error {
	for _, s := range all {
		if err := checkSettlement(s); err != nil {
			return err
		}
	}
	return db.write(ctx, func(t *writeTx) error {
		for _, s := range all {
			if err := t.settle(s); err != nil {
				return err
			}
		}
		return nil
	})
}

// SettleAndMark settles all and marks the pending rows marks sent (one
// more attempt each), in one durable write: the reconciler's lines record
// their answers and their next rows with one disk flush. All or nothing.
func (db *DB) SettleAndMark(ctx context.Context, all []circ.Settlement, marks []int64) error {
	for _, s := range all {
		if err := checkSettlement(s); err != nil {
			return err
		}
	}
	return db.write(ctx, func(t *writeTx) error {
		for _, s := range all {
			if err := t.settle(s); err != nil {
				return err
			}
		}
		for _, id := range marks {
			if _, err := t.stmt(t.ctx, t.db.ws.markSent).ExecContext(t.ctx, id); err != nil {
				return t.db.explain("mark a transaction sent", err)
			}
		}
		return nil
	})
}

func (t *writeTx) settle(s circ.Settlement) error {
	ctx, ws := t.ctx, t.db.ws
	txn, err := t.journalRow(s.Txn)
	if err != nil {
		return err
	}
	if txn.Sync != circ.Pending {
		return fmt.Errorf("settle journal row %d: it is %q, not %q: %w",
			txn.ID, txn.Sync, circ.Pending, circ.ErrSettled)
	}
	if s.Undo != nil {
		if err := checkEffect(txn.Item, *s.Undo); err != nil {
			return err
		}
	}
	if _, err := t.stmt(ctx, ws.setSync).ExecContext(ctx, string(s.Sync), txn.ID); err != nil {
		return t.db.explain("set sync state", err)
	}
	if s.Sync == circ.SyncException {
		if _, err := t.stmt(ctx, ws.insertException).ExecContext(ctx,
			txn.ID, string(s.Code), s.Message, timeText(s.At)); err != nil {
			return t.db.explain("record exception", err)
		}
	}
	if s.Undo != nil {
		if err := t.apply(txn, *s.Undo); err != nil {
			return err
		}
	}
	if !s.ServerDue.IsZero() {
		if _, err := t.stmt(ctx, ws.setServerDue).ExecContext(ctx, timeText(s.ServerDue), txn.ID); err != nil {
			return t.db.explain("keep the server's due date", err)
		}
	}
	if !s.Due.IsZero() && txn.Patron != "" {
		if _, err := t.stmt(ctx, ws.setDue).ExecContext(ctx,
			timeText(s.Due), s.Due.UnixNano(), txn.Item, txn.Patron); err != nil {
			return t.db.explain("set due date", err)
		}
	}
	return nil
}

// journalRow reads one journal row inside the transaction.
func (t *writeTx) journalRow(id int64) (circ.Transaction, error) {
	var r journalRow
	err := t.stmt(t.ctx, t.db.ws.journalRow).GetContext(t.ctx, &r, id)
	if errors.Is(err, sql.ErrNoRows) {
		return circ.Transaction{}, fmt.Errorf("journal row %d: %w", id, circ.ErrNotFound)
	}
	if err != nil {
		return circ.Transaction{}, t.db.explain("read journal row", err)
	}
	return r.transaction()
}
