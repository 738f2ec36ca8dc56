package circ

import (
	"context"
	"sort"
	"time"
)

// ClassCopy is one student of a class and the copy of a set they hold.
type ClassCopy struct {
	Student Patron
	Item    string    // "" when the student has no copy
	State   CopyState // of that copy; "" when none
	Due     time.Time
}

// Handed is one copy handed out in roster order, and what came of it.
type Handed struct {
	Student Patron
	Outcome Outcome
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

// HandOutInOrder gives each student of the class who has no copy of set
// out one copy, in roster order, from copies (or, when copies is empty,
// from the set's copies on the shelf, by barcode). A student the desk
// refuses (a block, an expired card) is passed over and the copy goes to
// the next one. It returns what was handed out and the students left
// without a copy.
func (s *Sets) HandOutInOrder(ctx context.Context, set string, teacher Patron, classID string, copies []string) ([]Handed, []Patron, error) {
	_, status, err := s.ClassStatus(ctx, set, classID)
	if err != nil {
		return nil, nil, err
	}
	if len(copies) == 0 {
		bs, err := s.Store.BookSet(ctx, set)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range bs.Copies {
			if c.Loan == nil && c.Status == Available {
				copies = append(copies, c.Item)
			}
		}
		sort.Strings(copies)
	}
	due := s.Due(teacher)
	var handed []Handed
	var without []Patron
	next := 0
	for _, cc := range status {
		if cc.State == CopyOut || cc.State == CopyOverdue {
			continue // has one
		}
		got := false
		for next < len(copies) {
			o, err := s.Lend(ctx, set, cc.Student, classID, copies[next], due)
			if err != nil {
				return handed, nil, err
			}
			handed = append(handed, Handed{Student: cc.Student, Outcome: o})
			if o.OK {
				got = true
				next++
				break
			}
			if refusesPatron(o.Code) {
				break // the student cannot borrow: the copy waits for the next one
			}
			next++ // this copy cannot go out: try the next one
		}
		if !got {
			without = append(without, cc.Student)
		}
	}
	return handed, without, nil
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
