package callnumber

import (
	"slices"
	"sort"
	"strings"
)

// Bad is a call number that did not parse.
type Bad struct {
	Line   int    // 1-based index in the input
	Text   string // as given
	Reason string // one sentence: `"12..x" is not a call number: it has two dots in a row`
}

// Sort parses numbers with DefaultOrder and returns them in shelf order
// (each trimmed, as CallNumber.Raw); see Order.Sort.
func Sort(numbers []string, scheme Scheme) (sorted []string, bad []Bad) {
	return defaultOrder().Sort(numbers, scheme)
}

// Sort parses numbers and returns them in shelf order (each trimmed, as
// CallNumber.Raw). Numbers that compare equal come in the byte order of
// their text, so the result does not depend on the input order. Those that
// do not parse (blank ones too) come back in bad, in input order, with the
// reason.
func (o *Order) Sort(numbers []string, scheme Scheme) (sorted []string, bad []Bad) {
	type entry struct{ key, raw string }
	entries := make([]entry, 0, len(numbers))
	for i, s := range numbers {
		c, err := o.Parse(s, scheme)
		if err != nil {
			bad = append(bad, Bad{Line: i + 1, Text: s, Reason: err.Error()})
			continue
		}
		entries = append(entries, entry{c.Key(), c.Raw})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.raw, b.raw)
	})
	sorted = make([]string, len(entries))
	for i, e := range entries {
		sorted[i] = e.raw
	}
	return sorted, bad
}

// OutOfOrder takes call numbers in the order they were found on a shelf
// and returns the indexes, ascending, of the ones out of shelf order: all
// but a longest run that is in order (non-decreasing by Compare), so a book
// two places off is the only one reported. Where several longest runs
// exist it keeps the earliest books (of a swapped pair, the second is
// reported). Nil when all are in order. O(n log n).
//
// Books of other sections are ordered by section like the rest; check
// SameSection first to report them as in the wrong section instead.
func OutOfOrder(run []CallNumber) []int {
	n := len(run)
	// from[i] is the length of the longest in-order run starting at i.
	// Walking from the right, heads[k] is the index of the greatest first
	// book of the in-order runs of length k+1 seen so far; heads is
	// non-increasing in k.
	from := make([]int, n)
	heads := make([]int, 0, 16)
	for i := n - 1; i >= 0; i-- {
		k := sort.Search(len(heads), func(k int) bool { return Compare(run[heads[k]], run[i]) < 0 })
		if k == len(heads) {
			heads = append(heads, i)
		} else {
			heads[k] = i
		}
		from[i] = k + 1
	}
	// Keep, from the left, the first book that still starts a run long enough.
	var out []int
	need, prev := len(heads), -1
	for i := range n {
		if need > 0 && from[i] == need && (prev < 0 || Compare(run[prev], run[i]) <= 0) {
			prev, need = i, need-1
			continue
		}
		out = append(out, i)
	}
	return out
}
