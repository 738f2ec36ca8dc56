package circ

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClean feeds the scan cleaner and classifier whatever a scanner might
// send: they must never panic, never keep control characters at the ends,
// and a cleaned code must clean to itself.
func FuzzClean(f *testing.F) {
	for _, seed := range []string{
		"A31234000123453B", "31234000123453\r\n", "\x021234567\x03", "]C131234000123453",
		"", "A", "AB", "T*E", "  \t", "ABBA", "3123400012345\x00", "☃1234567☃",
	} {
		f.Add(seed)
	}
	c, err := NewClassifier(ScanRules{
		Patron:        KindRule{Pattern: `^\d{4,12}$`},
		Item:          KindRule{MinLength: 14, MaxLength: 14, Prefixes: []string{"3"}},
		StripPrefixes: []string{"]C1"},
		StripSuffixes: []string{"\t"},
		CheckDigit:    CheckDigitWarn,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := c.Clean(raw)
		if got != "" {
			first, _ := utf8.DecodeRuneInString(got)
			last, _ := utf8.DecodeLastRuneInString(got)
			if first <= ' ' || last <= ' ' {
				t.Fatalf("Clean(%q) = %q keeps a control character or space at an end", raw, got)
			}
		}
		if len(got) > len(raw) {
			t.Fatalf("Clean(%q) = %q grew", raw, got)
		}
		kind := c.Classify(got)
		if kind == ItemCode && (len(got) != 14 || !strings.HasPrefix(got, "3")) {
			t.Fatalf("Classify(%q) = item against the item rule", got)
		}
		c.CheckDigit(got)
		c.Account(got)
	})
}
