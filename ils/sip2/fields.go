package sip2

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// fixedReader takes the fixed-length fields of a message one by one.
type fixedReader struct {
	s     string
	runes []rune // s as runes when it is not ASCII
	i     int
}

func newFixedReader(s string) *fixedReader {
	f := &fixedReader{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			f.runes = []rune(s)
			break
		}
	}
	return f
}

// take returns the next n characters ("" past the end).
func (f *fixedReader) take(n int) string {
	if f.runes != nil {
		if f.i+n > len(f.runes) {
			f.i = len(f.runes)
			return ""
		}
		s := string(f.runes[f.i : f.i+n])
		f.i += n
		return s
	}
	if f.i+n > len(f.s) {
		f.i = len(f.s)
		return ""
	}
	s := f.s[f.i : f.i+n]
	f.i += n
	return s
}

func (f *fixedReader) flag() bool       { return f.take(1) == "Y" }
func (f *fixedReader) ok() bool         { return f.take(1) == "1" }
func (f *fixedReader) ynu() string      { return f.take(1) }
func (f *fixedReader) number(n int) int { return atoi(f.take(n)) }
func (f *fixedReader) date(loc *time.Location) time.Time {
	t, _ := ParseDate(f.take(DateLen), loc)
	return t
}

// atoi reads a fixed-width number; blank or unreadable is -1.
func atoi(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// fixedWriter builds the fixed-length part of a message.
type fixedWriter struct{ b strings.Builder }

func (w *fixedWriter) str(s string, n int) *fixedWriter {
	r := []rune(s)
	for len(r) < n {
		r = append(r, ' ')
	}
	w.b.WriteString(string(r[:n]))
	return w
}

func (w *fixedWriter) yn(v bool) *fixedWriter {
	if v {
		w.b.WriteByte('Y')
	} else {
		w.b.WriteByte('N')
	}
	return w
}

func (w *fixedWriter) bit(v bool) *fixedWriter {
	if v {
		w.b.WriteByte('1')
	} else {
		w.b.WriteByte('0')
	}
	return w
}

// ynu writes a Y/N/U flag; anything else is U.
func (w *fixedWriter) ynu(s string) *fixedWriter {
	switch s {
	case "Y", "N":
		w.b.WriteString(s)
	default:
		w.b.WriteByte('U')
	}
	return w
}

// num writes n zero-padded to width; a negative n is blank (unknown).
func (w *fixedWriter) num(n, width int) *fixedWriter {
	if n < 0 {
		return w.str("", width)
	}
	s := strconv.Itoa(n)
	if len(s) > width {
		s = strings.Repeat("9", width)
	}
	w.b.WriteString(strings.Repeat("0", width-len(s)))
	w.b.WriteString(s)
	return w
}

func (w *fixedWriter) date(t time.Time) *fixedWriter {
	w.b.WriteString(FormatDate(t))
	return w
}

func (w *fixedWriter) String() string { return w.b.String() }

// yesNo is "Y" or "N".
func yesNo(v bool) string {
	if v {
		return "Y"
	}
	return "N"
}

// num4 is a 4-digit count field value ("" for a negative n: not sent).
func num4(n int) string {
	if n < 0 {
		return ""
	}
	var w fixedWriter
	return w.num(n, 4).String()
}

// fieldNumber reads a variable numeric field; "" or unreadable is -1.
func fieldNumber(s string) int { return atoi(s) }

// or is s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
