// Package callnumber puts library call numbers in real shelf order, the
// order a librarian reads a shelf in, which is not text order: 5.133 files
// before 10, 451.04217 before 451.1, .E3 before .E35, v.2 before v.10, and
// FIC SMITH J before FIC SMITHERS.
//
// A call number is parsed into a section (a school's local prefix such as
// REF, E, FIC, B or J FIC, each its own run of shelves in the order a
// school sets), a scheme (Dewey or Library of Congress) and typed parts:
// class numbers, cutters, work marks, dates, volume and copy numbers.
// Compare orders the parsed parts; Key turns them into a string whose byte
// order is the same (for SQLite ORDER BY with the default BINARY collation,
// never NOCASE or a locale collation). Sort sorts a list of call numbers,
// and OutOfOrder finds the books out of place in a run read off a shelf.
//
// The rules and their sources are in shared/reference/callnumbers.md; the
// choices this package makes where the sources differ are on DefaultOrder,
// Parse and Compare.
package callnumber
