package storage

import (
	"database/sql"
	"fmt"
	"time"
)

// Times are stored as RFC 3339 text with the offset the clock showed, which
// gives back the same instant and offset, and as Unix nanoseconds in the
// columns that are compared or sorted. A zero time is stored as NULL.

func timeText(t time.Time) string { return t.Format(time.RFC3339Nano) }

func optionalTimeText(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: timeText(t), Valid: true}
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

func parseOptionalTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return parseTime(s.String)
}

// unixNano is t for the *_unix_ns columns. A zero time cannot be stored
// there: its UnixNano is out of range.
func unixNano(what string, t time.Time) (int64, error) {
	if t.IsZero() {
		return 0, fmt.Errorf("%s time is missing", what)
	}
	return t.UnixNano(), nil
}

func optionalString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}
