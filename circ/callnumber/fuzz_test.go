package callnumber

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse parses pairs of call numbers under every scheme: no panic, an
// error is ErrEmpty or a one-line *SyntaxError, and Compare and Key agree
// and make an order (reflexive, antisymmetric).
func FuzzParse(f *testing.F) {
	for _, ps := range [][][2]string{deweyPairs, lcPairs, equalPairs, equalDewey} {
		for _, p := range ps {
			f.Add(p[0], p[1])
		}
	}
	f.Add("12..x", "")
	f.Add("[]", "J")
	f.Add("v.1-2", "1-2-3-4")
	f.Add("FIC ÜBER", "92")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, scheme := range []Scheme{Auto, Dewey, LC} {
			ca, errA := Parse(a, scheme)
			cb, errB := Parse(b, scheme)
			checkErr(t, a, errA)
			checkErr(t, b, errB)
			if errA == nil {
				checkSelf(t, ca, scheme)
			}
			if errB == nil {
				checkSelf(t, cb, scheme)
			}
			if errA != nil || errB != nil {
				continue
			}
			c := Compare(ca, cb)
			if Compare(cb, ca) != -c {
				t.Fatalf("%s: Compare(%q, %q) = %d, reversed %d", scheme, a, b, c, Compare(cb, ca))
			}
			if k := strings.Compare(ca.Key(), cb.Key()); k != c {
				t.Fatalf("%s: Compare(%q, %q) = %d, keys %d:\n%q\n%q", scheme, a, b, c, k, ca.Key(), cb.Key())
			}
		}
	})
}

func checkErr(t *testing.T, s string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var se *SyntaxError
	if !errors.Is(err, ErrEmpty) && !errors.As(err, &se) {
		t.Fatalf("Parse(%q): %T %v", s, err, err)
	}
	if strings.ContainsAny(err.Error(), "\n\r") {
		t.Fatalf("Parse(%q): the error is not one line: %q", s, err)
	}
}

// checkSelf checks c equals itself and parses the same again from Raw.
func checkSelf(t *testing.T, c CallNumber, scheme Scheme) {
	t.Helper()
	if Compare(c, c) != 0 {
		t.Fatalf("Compare(%q, itself) = %d", c.Raw, Compare(c, c))
	}
	again, err := Parse(c.Raw, scheme)
	if err != nil || Compare(c, again) != 0 || c.Key() != again.Key() || again.Raw != c.Raw {
		t.Fatalf("%q does not parse the same from its Raw: %v", c.Raw, err)
	}
}
