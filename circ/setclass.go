package circ

import (
	"context"
	"time"
)

// ClassCopy is one student of a class and the copy of a set they hold.
type ClassCopy struct {
	Student Patron
	Item    string    // "" when the student has no copy
	State   CopyState // of that copy; "" when none
	Due     time.Time
}

// ClassStatus lists a class's students in roster order with the copy of
// set each one has: out, overdue or returned; no copy at all when Item is "".
func (s *Sets) ClassStatus(ctx context.Context, set, classID string) (Class, []ClassCopy, error) {
	if s.Roster == nil {
		return Class{}, nil, ErrNoClassRoster
	}
	class, students, err := s.Roster.ClassRoster(ctx, classID)
	if err != nil {
		return Class{}, nil, err
	}
	bs, err := s.Store.BookSet(ctx, set)
	if err != nil {
		return Class{}, nil, err
	}
	now := s.Desk.Clock.Now()
	// A student's copy is the one on loan to them; else the one they were
	// last handed, now back.
	mine := map[string]SetCopy{}
	for _, c := range bs.Copies {
		if c.Loan != nil {
			mine[c.Loan.Patron] = c
		}
	}
	for _, c := range bs.Copies {
		if _, has := mine[c.Holder]; c.Holder != "" && !has {
			mine[c.Holder] = c
		}
	}
	out := make([]ClassCopy, len(students))
	for i, p := range students {
		out[i] = ClassCopy{Student: p}
		if c, ok := mine[p.ID]; ok {
			out[i].Item, out[i].State = c.Item, c.State(now)
			if c.Loan != nil {
				out[i].Due = c.Loan.Due
			}
		}
	}
	return class, out, nil
}

// MayBorrow says whether a copy of a set may be lent to student p now: ""
// when it may, else the refusal (a block, an expired card, an inactive
// patron: item limits and overdue books do not apply to set copies, as
// Lend says). It records nothing.
func (s *Sets) MayBorrow(_ context.Context, p Patron) (Code, error) {
	return s.Desk.Policy.Standing(p, 0, s.Desk.Clock.Now()), nil
}

// refusesPatron reports whether c refuses the patron rather than the copy.
func refusesPatron(c Code) bool {
	switch c {
	case CodePatronBlocked, CodeCardExpired, CodePatronInactive, CodeTooManyOverdue, CodeStationError:
		return true
	}
	return false
}

// LendToStudent hands copy barcode of set to student, a student of the
// class classID, due at due: the "scan the student, then the copy" way. A
// student outside the class, or who already has a copy of the set out, is
// refused.
func (s *Sets) LendToStudent(ctx context.Context, set, classID string, student Patron, barcode string, due time.Time) (Outcome, error) {
	_, status, err := s.ClassStatus(ctx, set, classID)
	if err != nil {
		return Outcome{}, err
	}
	now := s.Desk.Clock.Now()
	for _, cc := range status {
		if cc.Student.ID != student.ID {
			continue
		}
		if (cc.State == CopyOut || cc.State == CopyOverdue) && cc.Item != barcode {
			return Outcome{Action: Checkout, Item: barcode, Code: CodeHasCopy, At: now}, nil
		}
		return s.Lend(ctx, set, student, classID, barcode, due)
	}
	return Outcome{Action: Checkout, Item: barcode, Code: CodeNotInClass, At: now}, nil
}
