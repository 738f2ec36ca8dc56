package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/circdesk/circdesk/circ"
)

var (
	_ circ.Learner       = (*DB)(nil)
	_ circ.ProvisionalTx = (*writeTx)(nil)
	_ circ.LearningTx    = (*writeTx)(nil)
)

// Lengths past which what a server sends is cut: SIP2 fields are at most
// 255 characters, and no name or location of ours is longer than these.
const (
	maxTitle    = 255
	maxName     = 40
	maxPlace    = 64
	maxCount    = 9999
	maxReasonSz = 255
)

// cleanText is s without control characters, replacement characters
// (bytes the charset could not decode) or surrounding space, cut to at most
// n characters.
func cleanText(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > n {
		s = strings.TrimSpace(string([]rune(s)[:n]))
	}
	return s
}

// pendingOnItemSQL: a journal row of the item still waits for the library
// server, so the server's view of the item may be older than the station's.
const pendingOnItemSQL = `SELECT EXISTS (SELECT 1 FROM journal WHERE sync = 'pending' AND item = ?)`

func (t *writeTx) pendingOn(ctx context.Context, item string) (bool, error) {
	var pending bool
	if err := t.tx.GetContext(ctx, &pending, pendingOnItemSQL, item); err != nil {
		return false, t.db.explain("look for pending transactions", err)
	}
	return pending, nil
}

// LearnItem writes what the library server said of an item (17 → 18); see
// circ.Learner. It is one write: a failure leaves the row as it was.
func (db *DB) LearnItem(ctx context.Context, barcode string, it circ.LibraryItem, at time.Time) (circ.Item, error) {
	var out circ.Item
	err := db.write(ctx, func(t *writeTx) error {
		var err error
		out, err = t.LearnItem(ctx, barcode, it, at)
		return err
	})
	if err != nil {
		return circ.Item{}, err
	}
	return out, nil
}

// LearnItem is DB.LearnItem inside a write: a decision about a book the
// cache did not know commits the learned row with its journal row, in one
// durable write (circ.LearningTx).
func (t *writeTx) LearnItem(ctx context.Context, barcode string, it circ.LibraryItem, at time.Time) (circ.Item, error) {
	db := t.db
	barcode = cleanText(barcode, maxPlace)
	if !it.Found || barcode == "" {
		return circ.Item{}, fmt.Errorf("learn item: %w", circ.ErrNotFound)
	}
	if at.IsZero() {
		return circ.Item{}, errors.New("learn item: no time")
	}
	known := !it.Unclear && it.Status.Valid()
	title, place, owner := cleanText(it.Title, maxTitle), cleanText(it.Location, maxPlace), cleanText(it.Owner, maxPlace)
	queue := min(max(it.HoldQueue, 0), maxCount)
	var due sql.NullString
	if it.OnLoan || it.Status == circ.OnLoan {
		due = optionalTimeText(it.Due)
	}
	var out circ.Item
	err := func() error {
		_, err := t.item(ctx, barcode)
		switch {
		case errors.Is(err, circ.ErrNotFound):
			if !known {
				return circ.ErrUnclear
			}
			if _, err := t.tx.ExecContext(ctx, `INSERT INTO items (barcode, title, location, owner, status, parts, source,
				refreshed_at, refreshed_unix_ns, hold_queue, server_due) VALUES (?, ?, ?, ?, ?, 1, 'server', ?, ?, ?, ?)`,
				barcode, title, place, owner, string(it.Status), timeText(at), at.UnixNano(), queue, due); err != nil {
				return db.explain("add learned item", err)
			}
		case err != nil:
			return err
		default:
			if _, err := t.tx.ExecContext(ctx, `UPDATE items SET
				title = CASE WHEN ?1 <> '' THEN ?1 ELSE title END,
				location = CASE WHEN ?2 <> '' THEN ?2 ELSE location END,
				owner = CASE WHEN ?3 <> '' THEN ?3 ELSE owner END,
				hold_queue = ?4, refreshed_at = ?5, refreshed_unix_ns = ?6,
				source = CASE WHEN source = 'provisional' THEN 'server' ELSE source END
				WHERE barcode = ?7`, title, place, owner, queue, timeText(at), at.UnixNano(), barcode); err != nil {
				return db.explain("refresh item", err)
			}
			if known {
				if err := t.correctItem(ctx, barcode, it, due); err != nil {
					return err
				}
			}
		}
		out, err = t.item(ctx, barcode)
		return err
	}()
	if err != nil {
		return circ.Item{}, err
	}
	return out, nil
}

// correctItem makes the cached status of item the server's: a loan the
// server no longer has ends, a hold queue the server says is empty is
// cleared. A pending journal row of the item leaves it alone: its answer
// will settle it, exactly once.
func (t *writeTx) correctItem(ctx context.Context, item string, it circ.LibraryItem, due sql.NullString) error {
	pending, err := t.pendingOn(ctx, item)
	if err != nil || pending {
		return err
	}
	_, lerr := t.loan(ctx, item)
	hasLoan := lerr == nil
	if lerr != nil && !errors.Is(lerr, circ.ErrNotFound) {
		return lerr
	}
	if hasLoan && !it.OnLoan {
		// Returned somewhere else (another desk, the main library).
		if _, err := t.tx.ExecContext(ctx, endLoanSQL, item); err != nil {
			return t.db.explain("end a loan the server no longer has", err)
		}
		hasLoan = false
	}
	if hasLoan {
		due = sql.NullString{} // the loan row holds the due date
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE items SET status = ?, server_due = ? WHERE barcode = ?`,
		string(it.Status), due, item); err != nil {
		return t.db.explain("correct item status", err)
	}
	if it.HoldQueue == 0 && it.Status != circ.OnHold {
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM holds WHERE item = ?`, item); err != nil {
			return t.db.explain("clear holds the server no longer has", err)
		}
	}
	return nil
}

// LearnPatron writes what the library server said of the patron with card
// number key (63 → 64); see circ.Learner. Only what circulation needs is
// kept: the first name (never the last), block, limit and counts.
func (db *DB) LearnPatron(ctx context.Context, key string, p circ.LibraryPatron, at time.Time) (circ.Patron, error) {
	key = cleanText(key, maxPlace)
	if !p.Found || key == "" {
		return circ.Patron{}, fmt.Errorf("learn patron: %w", circ.ErrNotFound)
	}
	if at.IsZero() {
		return circ.Patron{}, errors.New("learn patron: no time")
	}
	first := cleanText(p.FirstName, maxName)
	reason := cleanText(p.BlockReason, maxReasonSz)
	limit := min(max(p.Limit, 0), maxCount)
	charged, overdue := min(max(p.ItemsOut, 0), maxCount), min(max(p.Overdue, 0), maxCount)
	var out circ.Patron
	err := db.write(ctx, func(t *writeTx) error {
		cur, err := t.patron(ctx, key)
		switch {
		case errors.Is(err, circ.ErrNotFound):
			if _, err := t.tx.ExecContext(ctx, `INSERT INTO patrons (id, first_name, type, blocked, block_reason, item_limit,
				source, refreshed_at, refreshed_unix_ns, seen_unix_ns, server_charged, server_overdue)
				VALUES (?, ?, 'student', ?, ?, ?, 'server', ?, ?, ?, ?, ?)`,
				key, first, p.Blocked, reason, limit, timeText(at), at.UnixNano(), at.UnixNano(), charged, overdue); err != nil {
				return db.explain("add learned patron", err)
			}
			out, err = t.patron(ctx, key)
			return err
		case err != nil:
			return err
		}
		if _, err := t.tx.ExecContext(ctx, `UPDATE patrons SET
			first_name = CASE WHEN source = 'server' AND ?1 <> '' THEN ?1 ELSE first_name END,
			blocked = ?2, block_reason = ?3,
			item_limit = CASE WHEN ?4 > 0 THEN ?4 ELSE item_limit END,
			refreshed_at = ?5, refreshed_unix_ns = ?6, seen_unix_ns = ?6,
			server_charged = ?7, server_overdue = ?8
			WHERE id = ?9`, first, p.Blocked, reason, limit, timeText(at), at.UnixNano(), charged, overdue, cur.ID); err != nil {
			return db.explain("refresh patron", err)
		}
		if err := t.correctLoans(ctx, cur.ID, p); err != nil {
			return err
		}
		out, err = t.patron(ctx, cur.ID)
		return err
	})
	if err != nil {
		return circ.Patron{}, err
	}
	return out, nil
}

// correctLoans ends the patron's cached loans that the server's complete
// list of charged items (AU) does not hold: returned somewhere else. A loan
// whose item has a pending journal row stays: the reconciler settles it.
func (t *writeTx) correctLoans(ctx context.Context, patron string, p circ.LibraryPatron) error {
	if p.ItemsOut < 0 || len(p.Charged) < p.ItemsOut {
		return nil // the list is not complete: a missing item proves nothing
	}
	loans, err := t.patronLoans(ctx, patron)
	if err != nil {
		return err
	}
	for _, l := range loans {
		if slices.Contains(p.Charged, l.Item) {
			continue
		}
		pending, err := t.pendingOn(ctx, l.Item)
		if err != nil {
			return err
		}
		if pending {
			continue
		}
		if _, err := t.tx.ExecContext(ctx, endLoanSQL, l.Item); err != nil {
			return t.db.explain("end a loan the server no longer has", err)
		}
		if _, err := t.tx.ExecContext(ctx, `UPDATE items SET status = 'available' WHERE barcode = ? AND status = 'on_loan'`, l.Item); err != nil {
			return t.db.explain("correct item status", err)
		}
	}
	return nil
}

// AddProvisional adds an item the cache does not know, lent offline: no
// title until the library server names it (circ.ProvisionalTx).
func (t *writeTx) AddProvisional(ctx context.Context, barcode string) (circ.Item, error) {
	if barcode == "" || barcode != cleanText(barcode, maxPlace) {
		return circ.Item{}, fmt.Errorf("provisional item %q: %w", barcode, circ.ErrNotFound)
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO items (barcode, status, parts, source) VALUES (?, 'available', 1, 'provisional')`, barcode); err != nil {
		return circ.Item{}, t.db.explain("add provisional item", err)
	}
	return t.item(ctx, barcode)
}

// ForgetLearned drops the patrons learned from the library server and not
// seen since before, unless they have loans or holds here (circ.Learner).
func (db *DB) ForgetLearned(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.write(ctx, func(t *writeTx) error {
		res, err := t.tx.ExecContext(ctx, `DELETE FROM patrons WHERE source = 'server'
			AND COALESCE(seen_unix_ns, refreshed_unix_ns, 0) < ?
			AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.patron_id = patrons.id)
			AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.patron_id = patrons.id)`, before.UnixNano())
		if err != nil {
			return db.explain("forget learned patrons", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// RefreshList lists what a background refresh asks the library server
// about, least recently refreshed first (circ.Learner): items on loan here,
// on the hold shelf or provisional; patrons seen since seenSince.
func (db *DB) RefreshList(ctx context.Context, seenSince time.Time, limit int) (items, patrons []string, err error) {
	lim := ""
	if limit > 0 {
		lim = fmt.Sprintf(" LIMIT %d", limit)
	}
	if err := db.r.SelectContext(ctx, &items, `SELECT barcode FROM items
		WHERE barcode IN (SELECT item FROM loans) OR status = 'on_hold' OR source = 'provisional'
		ORDER BY COALESCE(refreshed_unix_ns, 0), barcode`+lim); err != nil {
		return nil, nil, db.explain("list items to refresh", err)
	}
	if err := db.r.SelectContext(ctx, &patrons, `SELECT id FROM patrons WHERE seen_unix_ns >= ?
		ORDER BY COALESCE(refreshed_unix_ns, 0), id`+lim, seenSince.UnixNano()); err != nil {
		return nil, nil, db.explain("list patrons to refresh", err)
	}
	return items, patrons, nil
}
