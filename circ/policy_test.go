package circ

import (
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	pol := DefaultPolicy()
	pol.Holidays = []string{"2026-12-24", "2026-12-25"}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 30, 0, 0, ny) }
	tests := []struct {
		name   string
		patron Patron
		now    time.Time
		want   string
	}{
		{"student 14 days, a Tuesday", Patron{Type: Student}, day(2026, 12, 1), "2026-12-15"},
		{"teacher 42 days", Patron{Type: Teacher}, day(2026, 12, 1), "2027-01-12"},
		{"lands on Saturday: moved to Monday", Patron{Type: Student}, day(2026, 11, 28), "2026-12-14"},
		{"lands on a holiday then the weekend", Patron{Type: Student}, day(2026, 12, 10), "2026-12-28"},
		{"patron override of the loan period", Patron{Type: Student, LoanDays: 7}, day(2026, 12, 1), "2026-12-08"},
		{"unknown type falls back to the student period", Patron{Type: "visitor"}, day(2026, 12, 1), "2026-12-15"},
	}
	for _, tt := range tests {
		got := pol.Due(tt.patron, tt.now)
		if got.Format(time.DateOnly) != tt.want {
			t.Errorf("%s: due %s, want %s", tt.name, got.Format(time.DateOnly), tt.want)
		}
		if got.Hour() != 23 || got.Location() != ny {
			t.Errorf("%s: due %v, want the end of the day in the station's zone", tt.name, got)
		}
	}
}

func TestLimit(t *testing.T) {
	pol := DefaultPolicy()
	tests := []struct {
		p    Patron
		want int
	}{
		{Patron{Type: Student}, 10},
		{Patron{Type: Teacher}, 100},
		{Patron{Type: Student, ItemLimit: 3}, 3},
		{Patron{Type: "visitor"}, 10},
	}
	for _, tt := range tests {
		if got := pol.Limit(tt.p); got != tt.want {
			t.Errorf("Limit(%+v) = %d, want %d", tt.p, got, tt.want)
		}
	}
}

func TestStanding(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	pol := DefaultPolicy()
	lenient := pol
	lenient.MaxOverdue = 2
	tests := []struct {
		name    string
		pol     Policy
		p       Patron
		overdue int
		want    Code
	}{
		{"in good standing", pol, Patron{}, 0, ""},
		{"manual block", pol, Patron{Blocked: true, BlockReason: "lost books"}, 0, CodePatronBlocked},
		{"expired yesterday", pol, Patron{Expires: now.AddDate(0, 0, -1)}, 0, CodeCardExpired},
		{"expires tomorrow", pol, Patron{Expires: now.AddDate(0, 0, 1)}, 0, ""},
		{"one overdue with none allowed", pol, Patron{}, 1, CodeTooManyOverdue},
		{"two overdue with two allowed", lenient, Patron{}, 2, ""},
		{"three overdue with two allowed", lenient, Patron{}, 3, CodeTooManyOverdue},
		{"block wins over expiry", pol, Patron{Blocked: true, Expires: now.AddDate(0, 0, -1)}, 5, CodePatronBlocked},
	}
	for _, tt := range tests {
		if got := tt.pol.Standing(tt.p, tt.overdue, now); got != tt.want {
			t.Errorf("%s: Standing = %q, want %q", tt.name, got, tt.want)
		}
	}
}
