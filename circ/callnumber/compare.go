package callnumber

import (
	"strconv"
	"strings"
)

// Compare returns -1 if a shelves before b, +1 if after, 0 if they are the
// same call number written differently (E8 C11 D22 and E8C11D22). The
// order: the section, by its place in the order the numbers were parsed
// with (unknown sections last, by prefix); Dewey before LC; LC class
// letters, shorter first; then part by part, where at each position
// nothing comes first, then a work mark, then a number, then a word, then a
// cutter. Whole numbers compare by value (v.2 before v.10, 5.133 before
// 10), decimals and cutter digits digit by digit (451.04217 before 451.1,
// .M3 before .M321), letters letter by letter (SMI before SMITH), and a
// range after its first number alone (v.1 before v.1-2 before v.2).
//
// Compare both numbers as parsed with the same Order.
func Compare(a, b CallNumber) int {
	if a.rank != b.rank {
		return sign(a.rank - b.rank)
	}
	if a.unknown || b.unknown {
		if c := strings.Compare(a.Section, b.Section); c != 0 {
			return c
		}
	}
	if sa, sb := schemeRank(a.Scheme), schemeRank(b.Scheme); sa != sb {
		return sign(sa - sb)
	}
	if c := strings.Compare(a.class, b.class); c != 0 {
		return c
	}
	for i := 0; i < len(a.parts) && i < len(b.parts); i++ {
		if c := comparePart(a.parts[i], b.parts[i]); c != 0 {
			return c
		}
	}
	return sign(len(a.parts) - len(b.parts))
}

func comparePart(a, b part) int {
	if a.kind != b.kind {
		return sign(int(a.kind) - int(b.kind))
	}
	if a.kind == kindNumber {
		if c := compareWhole(a.a, b.a); c != 0 {
			return c
		}
		if c := strings.Compare(a.b, b.b); c != 0 {
			return c
		}
		switch {
		case a.end == b.end:
			return 0
		case a.end == "":
			return -1
		case b.end == "":
			return 1
		}
		return compareWhole(a.end, b.end)
	}
	if c := strings.Compare(a.a, b.a); c != 0 {
		return c
	}
	return strings.Compare(a.b, b.b)
}

// compareWhole compares whole numbers without leading zeros, of any length.
func compareWhole(a, b string) int {
	if len(a) != len(b) {
		return sign(len(a) - len(b))
	}
	return strings.Compare(a, b)
}

func schemeRank(s Scheme) int {
	if s == LC {
		return 1
	}
	return 0
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// SameSection reports whether a and b shelve in the same run. A book from
// another run is in the wrong section, which is not the same as out of
// order.
func SameSection(a, b CallNumber) bool {
	return a.rank == b.rank && (!a.unknown || a.Section == b.Section)
}

// Key bytes. Within a part, a terminator lower than any letter or digit ends
// each run of letters or decimal digits, so a shorter run sorts first.
const (
	keyEnd      = '!' // ends letters and decimal digits; "no range"
	keyRange    = '"' // a range's end follows
	keyNameEnd  = ' ' // ends an unknown section's name
	keyNameStep = '!' // a space inside an unknown section's name
)

// Key returns a string whose byte order is Compare's order: Key(a) < Key(b)
// exactly when Compare(a, b) < 0, and equal keys for equal call numbers.
// Use it for SQLite ORDER BY with the default BINARY collation (never
// NOCASE or a locale collation) and for sort.Search. It is printable ASCII
// unless the call number has non-ASCII letters. Keys from different Orders
// do not compare.
//
// Whole numbers are written as their length and their digits, so they
// compare by value at any size.
func (c CallNumber) Key() string {
	var k strings.Builder
	k.Grow(8 + len(c.Raw)*2)
	writeWhole(&k, strconv.Itoa(c.rank))
	if c.unknown {
		for _, r := range c.Section {
			if r == ' ' {
				r = keyNameStep
			}
			k.WriteRune(r)
		}
		k.WriteByte(keyNameEnd)
	}
	k.WriteByte(byte('0' + schemeRank(c.Scheme)))
	if c.Scheme == LC {
		k.WriteString(c.class)
		k.WriteByte(keyEnd)
	}
	for _, p := range c.parts {
		k.WriteByte(byte(p.kind))
		if p.kind == kindNumber {
			writeWhole(&k, p.a)
			k.WriteString(p.b)
			k.WriteByte(keyEnd)
			if p.end == "" {
				k.WriteByte(keyEnd)
			} else {
				k.WriteByte(keyRange)
				writeWhole(&k, p.end)
			}
			continue
		}
		k.WriteString(p.a)
		k.WriteByte(keyEnd)
		if p.kind == kindCutter {
			k.WriteString(p.b)
			k.WriteByte(keyEnd)
		}
	}
	return k.String()
}

// writeWhole writes a whole number (no leading zeros) so that byte order is
// numeric order: one digit '1'–'8' for its length and the digits; past 8
// digits, '9', the length written the same way, and the digits.
func writeWhole(k *strings.Builder, d string) {
	if len(d) <= 8 {
		k.WriteByte(byte('0' + len(d)))
	} else {
		k.WriteByte('9')
		writeWhole(k, strconv.Itoa(len(d)))
	}
	k.WriteString(d)
}
