package sip2

import (
	"strings"
	"time"
)

// DateLen is the length of a SIP2 date: YYYYMMDDZZZZHHMMSS.
const DateLen = 18

const sipLayout = "20060102"

// FormatDate writes t as an 18-character SIP2 date: local time with four
// spaces for the zone, or, for a time in UTC, three spaces and 'Z'. The zero
// time is 18 spaces (a date left blank).
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return strings.Repeat(" ", DateLen)
	}
	zone := "    "
	if t.Location() == time.UTC {
		zone = "   Z"
	}
	return t.Format(sipLayout) + zone + t.Format("150405")
}

// ParseDate reads an 18-character SIP2 date. Four spaces (or zeros) for the
// zone mean local time (in loc, time.Local when nil); three spaces and a
// military zone letter give the offset: Z is UTC, A–I and K–M are +1…+12
// hours, N–Y are −1…−12. A blank date is the zero time with ok true.
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.Local
	}
	if len(s) != DateLen {
		return time.Time{}, false
	}
	if strings.TrimSpace(s) == "" {
		return time.Time{}, true
	}
	zone := s[8:12]
	var err error
	var day, clock time.Time
	if day, err = time.Parse(sipLayout, s[:8]); err != nil {
		return time.Time{}, false
	}
	if clock, err = time.Parse("150405", s[12:]); err != nil {
		return time.Time{}, false
	}
	switch {
	case strings.TrimSpace(zone) == "" || zone == "0000":
	case zone[:3] == "   " || zone[:3] == "000":
		off, ok := zoneOffset(zone[3])
		if !ok {
			return time.Time{}, false
		}
		if off == 0 {
			loc = time.UTC
		} else {
			loc = time.FixedZone(zone[3:], off*3600)
		}
	default:
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), clock.Second(), 0, loc), true
}

// zoneOffset is the hours east of UTC of a military time-zone letter.
func zoneOffset(c byte) (int, bool) {
	switch {
	case c == 'Z':
		return 0, true
	case c >= 'A' && c <= 'I':
		return int(c-'A') + 1, true
	case c >= 'K' && c <= 'M':
		return int(c-'K') + 10, true
	case c >= 'N' && c <= 'Y':
		return -(int(c-'N') + 1), true
	}
	return 0, false
}

// dueLayouts are the free-text due dates servers send in AH besides SIP
// dates (Koha's format_due_date, FOLIO, hand-written ACSs).
var dueLayouts = []struct {
	layout   string
	dateOnly bool
}{
	{time.RFC3339, false},
	{"2006-01-02T15:04:05", false},
	{"2006-01-02 15:04:05", false},
	{"2006-01-02 15:04", false},
	{time.DateOnly, true},
	{"01/02/2006 15:04:05", false},
	{"01/02/2006 15:04", false},
	{"1/2/2006 15:04", false},
	{"01/02/2006", true},
	{"1/2/2006", true},
	{"20060102", true},
	{"20060102 150405", false},
}

// ParseDue reads an AH due date: an 18-character SIP2 date, or one of the
// free-text forms servers send ("2026-12-15", "12/15/2026", "12/15/2026
// 23:59", RFC 3339, …; slashes are read month first, the US way). A date
// without a time of day is due at the end of that day (23:59:59). It
// reports false for an empty or unreadable value.
func ParseDue(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.Local
	}
	if len(s) == DateLen {
		if t, ok := ParseDate(s, loc); ok && !t.IsZero() {
			return t, true
		}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dueLayouts {
		t, err := time.ParseInLocation(l.layout, s, loc)
		if err != nil {
			continue
		}
		if l.dateOnly {
			t = time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, loc)
		}
		return t, true
	}
	return time.Time{}, false
}
