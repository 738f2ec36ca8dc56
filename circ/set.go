package circ

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// A book set is many copies lent together: 30 copies of a novel for a
// class. Its copies go out to a teacher (one patron holds them all) or to
// the students of a class (one copy each), at the teacher's loan period
// and outside the student item limit. Every copy's loan is an ordinary
// journaled checkout: it works offline and is reconciled like any other.

// BookSet is a set with its copies.
type BookSet struct {
	Name    string
	Created time.Time
	Copies  []SetCopy // by barcode
}

// SetCopy is one copy of a set and where it is.
type SetCopy struct {
	Item       string
	Title      string
	CallNumber string
	Status     ItemStatus
	// Holder is who the copy went to at the set's latest handout ("" when
	// it has not gone out since it joined the set). HolderName is the name
	// of who has it now (the loan's patron while it is out), else of Holder.
	Holder     string
	HolderName string
	Class      string    // the class it was handed out to ("" for a teacher's loan)
	Out        time.Time // when it was handed out
	// Loan is the copy's current loan, if it is out (to anyone).
	Loan *Loan
}

// CopyState is where a set copy stands, for the set status screen.
type CopyState string

// The copy states.
const (
	CopyOnShelf  CopyState = "on_shelf" // not handed out since it joined the set
	CopyOut      CopyState = "out"
	CopyOverdue  CopyState = "overdue"
	CopyReturned CopyState = "returned" // handed out, and back
)

// State says where c stands at now.
func (c SetCopy) State(now time.Time) CopyState {
	switch {
	case c.Loan != nil && c.Loan.Overdue(now):
		return CopyOverdue
	case c.Loan != nil:
		return CopyOut
	case c.Holder != "":
		return CopyReturned
	}
	return CopyOnShelf
}

// SetSummary counts a set's copies for the list of sets.
type SetSummary struct {
	Name    string
	Copies  int
	Out     int
	Overdue int
}

// SetHolder is the effect that marks a set copy as handed out to Holder.
type SetHolder struct {
	Holder string
	Class  string
	At     time.Time
}

// SetStore is the cache of book sets.
type SetStore interface {
	// CreateSet makes a set of the given copies. It fails with
	// ErrSetExists, a *SetConflict, or ErrNotFound for unknown barcodes
	// (wrapped in an *UnknownItems).
	CreateSet(ctx context.Context, name string, items []string, at time.Time) error
	// BookSets lists the sets, by name, counted at now.
	BookSets(ctx context.Context, now time.Time) ([]SetSummary, error)
	// BookSet returns a set and its copies; ErrNotFound when there is none.
	BookSet(ctx context.Context, name string) (BookSet, error)
	// SetOf names the set item belongs to; ErrNotFound when none.
	SetOf(ctx context.Context, item string) (string, error)
	// ItemsByTitle lists the items whose title is title (any case), by barcode.
	ItemsByTitle(ctx context.Context, title string) ([]Item, error)
}

// ErrSetExists is returned when a set of that name already exists.
var ErrSetExists = NewSaid(KindInvalid, "a book set with that name already exists")

// ErrNoSet is returned for a set name the station does not know.
var ErrNoSet = NewSaid(KindNotFound, "there is no book set with that name")

// SetConflict is the error for copies that already belong to a set.
type SetConflict struct {
	Items map[string]string // barcode → the set it is in
}

func (e *SetConflict) Error() string {
	list := make([]string, 0, len(e.Items))
	for it, set := range e.Items {
		list = append(list, fmt.Sprintf("%s is in %q", it, set))
	}
	sort.Strings(list)
	return "some copies already belong to a book set: " + strings.Join(list, ", ")
}

// UnknownItems is the error for barcodes that are not in the catalog.
type UnknownItems struct{ Items []string }

func (e *UnknownItems) Error() string {
	return "these barcodes are not in the catalog: " + strings.Join(e.Items, ", ")
}

func (e *UnknownItems) Unwrap() error { return ErrNotFound }

// Sets runs book sets over a Desk: creating them, handing out copies and
// taking them back.
type Sets struct {
	Desk  *Desk
	Store SetStore
	// Roster gives the classes, for handing a set out to a class (nil:
	// teachers' loans only).
	Roster RosterStore
}

// Create makes set name from the given barcodes (duplicates are ignored).
func (s *Sets) Create(ctx context.Context, name string, items []string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return NewSaid(KindInvalid, "a book set needs a name")
	}
	var uniq []string
	seen := map[string]bool{}
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" && !seen[it] {
			seen[it] = true
			uniq = append(uniq, it)
		}
	}
	if len(uniq) == 0 {
		return NewSaid(KindInvalid, "a book set needs at least one copy")
	}
	return s.Store.CreateSet(ctx, name, uniq, s.Desk.Clock.Now())
}

// CreateFromTitle makes set name of every copy of title that is in no set yet.
func (s *Sets) CreateFromTitle(ctx context.Context, name, title string) (int, error) {
	items, err := s.Store.ItemsByTitle(ctx, strings.TrimSpace(title))
	if err != nil {
		return 0, err
	}
	var free []string
	for _, it := range items {
		if _, err := s.Store.SetOf(ctx, it.Barcode); errors.Is(err, ErrNotFound) {
			free = append(free, it.Barcode)
		} else if err != nil {
			return 0, err
		}
	}
	if len(free) == 0 {
		if len(items) == 0 {
			return 0, fmt.Errorf("no book in the catalog has the title %q", title)
		}
		return 0, fmt.Errorf("every copy of %q is in a book set already", title)
	}
	return len(free), s.Create(ctx, name, free)
}

// Due is when copies handed out now for teacher fall due: the teacher's
// loan period, for the whole class alike.
func (s *Sets) Due(teacher Patron) time.Time {
	return s.Desk.Policy.Due(teacher, s.Desk.Clock.Now())
}

// Lend hands copy barcode of set to holder, due at due; class is the class
// it goes to ("" for a teacher's loan). The copy must be in the set. The
// item limit and overdue count do not apply to set copies; a block, an
// expired card or an inactive patron still refuse.
func (s *Sets) Lend(ctx context.Context, set string, holder Patron, class, barcode string, due time.Time) (Outcome, error) {
	d := s.Desk
	return d.decide(ctx, Checkout, holder, barcode, func(tx Tx, now time.Time, item Item) (Change, error) {
		in, err := s.Store.SetOf(ctx, item.Barcode)
		switch {
		case errors.Is(err, ErrNotFound):
			return refusal(CodeNotInSet), nil
		case err != nil:
			return Change{}, err
		case !sameSet(in, set):
			return refusal(CodeOtherSet), nil
		}
		if item.Status == Lost || item.Status == Missing || item.Status == Withdrawn {
			return refusal(CodeNotLoanable), nil
		}
		loan, err := tx.Loan(ctx, item.Barcode)
		switch {
		case err == nil && loan.Patron == holder.ID:
			// Already theirs: nothing changes; say so as a renewal would.
			return Change{Txn: Transaction{Code: CodeHasCopy}}, nil
		case err == nil:
			return refusal(CodeOnLoanToOther), nil
		case !errors.Is(err, ErrNotFound):
			return Change{}, err
		}
		hold, held, err := firstHold(ctx, tx, item.Barcode, now)
		if err != nil {
			return Change{}, err
		}
		if held && hold.Patron != holder.ID {
			return refusal(CodeOnHoldForOther), nil
		}
		if code := d.Policy.Standing(holder, 0, now); code != "" {
			return refusal(code), nil
		}
		undo := &Effect{EndLoan: true, Status: item.Status}
		if held {
			undo.RestoreHold = &hold
		}
		return Change{
			Txn: accept(CodeCheckedOut, holder.ID, due),
			Effect: Effect{
				Loan:   &Loan{Item: item.Barcode, Patron: holder.ID, Out: now, Due: due},
				Status: OnLoan, FillHold: held,
				Holder: &SetHolder{Holder: holder.ID, Class: class, At: now},
			},
			Undo: undo,
		}, nil
	})
}

// Return checks copy barcode of set in. A book that is not a copy of the
// set is refused and stays checked out.
func (s *Sets) Return(ctx context.Context, set, barcode string) (Outcome, error) {
	now := s.Desk.Clock.Now()
	in, err := s.Store.SetOf(ctx, barcode)
	switch {
	case errors.Is(err, ErrNotFound):
		return Outcome{Action: Checkin, Item: barcode, Code: CodeNotInSet, At: now}, nil
	case err != nil:
		return Outcome{}, err
	case !sameSet(in, set):
		return Outcome{Action: Checkin, Item: barcode, Code: CodeOtherSet, At: now}, nil
	}
	return s.Desk.Checkin(ctx, barcode)
}

// sameSet compares set names as the cache does (SQLite NOCASE): ASCII
// letters in any case, everything else exactly.
func sameSet(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Missing lists the copies of a set still out, by holder name, for the
// teacher's "missing copies" list.
func (s *Sets) Missing(ctx context.Context, name string) (BookSet, []SetCopy, error) {
	set, err := s.Store.BookSet(ctx, name)
	if err != nil {
		return BookSet{}, nil, err
	}
	var out []SetCopy
	for _, c := range set.Copies {
		if c.Loan != nil {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].HolderName != out[j].HolderName {
			return out[i].HolderName < out[j].HolderName
		}
		return out[i].Item < out[j].Item
	})
	return set, out, nil
}

// Kind and Words: the copies are in another set, said with their barcodes.
func (e *SetConflict) Kind() Kind    { return KindInvalid }
func (e *SetConflict) Words() string { return e.Error() }

// Kind and Words: the barcodes are not in the catalog, said with them.
func (e *UnknownItems) Kind() Kind    { return KindNotFound }
func (e *UnknownItems) Words() string { return e.Error() }
