package circ

import (
	"time"
)

// Policy holds the local lending rules applied from the cache.
type Policy struct {
	// ItemLimit is the most items a patron of each type may have out.
	ItemLimit map[PatronType]int
	// LoanDays is the loan period of each patron type.
	LoanDays map[PatronType]int
	// MaxRenewals is how often one loan may be renewed.
	MaxRenewals int
	// MaxOverdue is how many overdue items a patron may have and still borrow.
	MaxOverdue int
	// ClosedWeekdays are days the media center is closed; no item falls due then.
	ClosedWeekdays []time.Weekday
	// Holidays are closed dates (YYYY-MM-DD).
	Holidays []string
}

// DefaultPolicy is the ONE Access-like policy of a school station.
func DefaultPolicy() Policy {
	return Policy{
		ItemLimit:      map[PatronType]int{Student: 10, Teacher: 100, Staff: 100},
		LoanDays:       map[PatronType]int{Student: 14, Teacher: 42, Staff: 42},
		MaxRenewals:    2,
		MaxOverdue:     0,
		ClosedWeekdays: []time.Weekday{time.Saturday, time.Sunday},
	}
}

// Limit is how many items p may have out at once.
func (pol Policy) Limit(p Patron) int {
	if p.ItemLimit > 0 {
		return p.ItemLimit
	}
	if n, ok := pol.ItemLimit[p.Type]; ok {
		return n
	}
	return pol.ItemLimit[Student]
}

// Due is the due date of an item lent to p at now: the loan period later,
// moved forward past closed days, at the end of that day.
func (pol Policy) Due(p Patron, now time.Time) time.Time {
	days := p.LoanDays
	if days <= 0 {
		days = pol.LoanDays[p.Type]
	}
	if days <= 0 {
		days = pol.LoanDays[Student]
	}
	d := now.AddDate(0, 0, days)
	for i := 0; i < 366 && pol.closed(d); i++ {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, d.Location())
}

func (pol Policy) closed(d time.Time) bool {
	for _, w := range pol.ClosedWeekdays {
		if d.Weekday() == w {
			return true
		}
	}
	day := d.Format(time.DateOnly)
	for _, h := range pol.Holidays {
		if h == day {
			return true
		}
	}
	return false
}

// Standing says whether p may borrow now, given how many overdue items p has.
// It returns "" when p may borrow, or the code of the first reason not to.
func (pol Policy) Standing(p Patron, overdue int, now time.Time) Code {
	switch {
	case p.Inactive:
		return CodePatronInactive
	case p.Blocked:
		return CodePatronBlocked
	case p.Expired(now):
		return CodeCardExpired
	case overdue > pol.MaxOverdue:
		return CodeTooManyOverdue
	}
	return ""
}

// CountOverdue counts the loans past due at now.
func CountOverdue(loans []Loan, now time.Time) int {
	n := 0
	for _, l := range loans {
		if l.Overdue(now) {
			n++
		}
	}
	return n
}
