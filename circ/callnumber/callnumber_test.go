package callnumber

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func mustParse(t testing.TB, s string, scheme Scheme) CallNumber {
	t.Helper()
	c, err := Parse(s, scheme)
	if err != nil {
		t.Fatalf("Parse(%q, %q): %v", s, scheme, err)
	}
	return c
}

// assertBefore checks a shelves before b, by Compare and by Key.
func assertBefore(t *testing.T, a, b CallNumber) {
	t.Helper()
	if got := Compare(a, b); got != -1 {
		t.Errorf("Compare(%q, %q) = %d, want -1", a.Raw, b.Raw, got)
	}
	if got := Compare(b, a); got != 1 {
		t.Errorf("Compare(%q, %q) = %d, want 1", b.Raw, a.Raw, got)
	}
	if ka, kb := a.Key(), b.Key(); ka >= kb {
		t.Errorf("Key(%q) = %q, not below Key(%q) = %q", a.Raw, ka, b.Raw, kb)
	}
}

func TestShelfOrderPairs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scheme Scheme
		pairs  [][2]string
	}{
		{"dewey", Auto, deweyPairs},
		{"lc", LC, lcPairs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range tc.pairs {
				assertBefore(t, mustParse(t, p[0], tc.scheme), mustParse(t, p[1], tc.scheme))
			}
		})
	}
}

// LC numbers glued to their class, or with a real class written apart, read
// as LC under Auto too, and keep their order.
func TestShelfOrderPairsAutoLC(t *testing.T) {
	n := 0
	for _, p := range lcPairs {
		a, errA := Parse(p[0], Auto)
		b, errB := Parse(p[1], Auto)
		if errA != nil || errB != nil || a.Scheme != LC || b.Scheme != LC {
			continue
		}
		n++
		assertBefore(t, a, b)
	}
	if n < len(lcPairs)*2/3 {
		t.Errorf("only %d of %d LC pairs read as LC under Auto", n, len(lcPairs))
	}
}

func TestEqualVariants(t *testing.T) {
	for _, tc := range []struct {
		scheme Scheme
		pairs  [][2]string
	}{{LC, equalPairs}, {Auto, equalPairs}, {Auto, equalDewey}} {
		for _, p := range tc.pairs {
			a, b := mustParse(t, p[0], tc.scheme), mustParse(t, p[1], tc.scheme)
			if c := Compare(a, b); c != 0 {
				t.Errorf("%s: Compare(%q, %q) = %d, want 0", tc.scheme, p[0], p[1], c)
			}
			if a.Key() != b.Key() {
				t.Errorf("%s: Key(%q) = %q, Key(%q) = %q, want equal", tc.scheme, p[0], a.Key(), p[1], b.Key())
			}
			if !SameSection(a, b) {
				t.Errorf("%q and %q are not in the same section", p[0], p[1])
			}
		}
	}
}

func TestParseSections(t *testing.T) {
	for _, tc := range []struct {
		in      string
		scheme  Scheme
		section string
		unknown bool
		want    Scheme
	}{
		{"599.75 LIO", Auto, "", false, Dewey},
		{"QA76.73 .J38", Auto, "", false, LC},
		{"PS 3515 .E37", Auto, "", false, LC},
		{"FIC SMI", Auto, "FIC", false, Dewey},
		{"f smi", Auto, "FIC", false, Dewey},
		{"E 598.35 GUI", Auto, "E", false, Dewey},
		{"PIC GUI", Auto, "E", false, Dewey},
		{"P GUI", Auto, "E", false, Dewey},
		{"EVERYBODY GUI", Auto, "E", false, Dewey},
		{"B LINCOLN", Auto, "B", false, Dewey},
		{"92 LIN", Auto, "B", false, Dewey},
		{"921 TUB", Auto, "B", false, Dewey},
		{"920 ABC", Auto, "", false, Dewey},
		{"REF 030 WOR", Auto, "REF", false, Dewey},
		{"R 030 WOR", Auto, "REF", false, Dewey},
		{"REF QA76.73 .J38", Auto, "REF", false, LC},
		{"SC ALE", Auto, "SC", false, Dewey},
		{"GRAPHIC SMI", Auto, "GN", false, Dewey},
		{"BEG LOB", Auto, "ER", false, Dewey},
		{"J FIC SMI", Auto, "J FIC", false, Dewey},
		{"JUV FIC SMI", Auto, "J FIC", false, Dewey},
		{"YA FIC SMI", Auto, "YA FIC", false, Dewey},
		{"J 598 SMI", Auto, "J", false, Dewey},
		{"J SMI", Auto, "J", false, Dewey},
		{"YA B LIN", Auto, "YA B", false, Dewey},
		{"DVD 791.43 STA", Auto, "DVD", false, Dewey},
		{"KIT 500 SCI", Auto, "KIT", false, Dewey},
		{"FIC", Auto, "FIC", false, Dewey},
		{"MYS CHR", Auto, "MYS", true, Dewey},
		{"AUD 599 SMI", Auto, "AUD", true, Dewey},
		{"lp 599.75 lio", Auto, "LP", true, Dewey},
		{"R 241 .G1", LC, "", false, LC},
		{"E 185.97 .K5", LC, "", false, LC},
		{"E 185.97 .K5", Auto, "E", false, Dewey},
		{"FIC SMI", LC, "FIC", false, Dewey},
		{"B9 L3", Auto, "", false, LC},
		{"E8 C11 D22", Auto, "", false, LC},
		{"QA76 .A1", Dewey, "", false, Dewey}, // not LC under Dewey: see TestParseErrors
	} {
		c, err := Parse(tc.in, tc.scheme)
		if tc.scheme == Dewey && strings.HasPrefix(tc.in, "QA") {
			if err == nil {
				t.Errorf("Parse(%q, dewey) = %+v, want an error", tc.in, c)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tc.in, tc.scheme, err)
			continue
		}
		if c.Section != tc.section || c.UnknownSection() != tc.unknown || c.Scheme != tc.want {
			t.Errorf("Parse(%q, %q): section %q (unknown %v), scheme %q; want %q (%v), %q",
				tc.in, tc.scheme, c.Section, c.UnknownSection(), c.Scheme, tc.section, tc.unknown, tc.want)
		}
		if c.Raw != strings.TrimSpace(tc.in) || c.String() != c.Raw {
			t.Errorf("Parse(%q): Raw %q, String %q", tc.in, c.Raw, c.String())
		}
	}
}

func TestParseErrors(t *testing.T) {
	if _, err := Parse("  \t ", Auto); !errors.Is(err, ErrEmpty) {
		t.Errorf("a blank call number: %v, want ErrEmpty", err)
	}
	if _, err := Parse("", LC); !errors.Is(err, ErrEmpty) {
		t.Errorf("an empty call number: %v, want ErrEmpty", err)
	}
	for _, tc := range []struct {
		in     string
		scheme Scheme
		want   string
	}{
		{"12..x", Auto, `"12..x" is not a call number: it has two dots in a row`},
		{" 599..75 LIO ", Auto, `"599..75 LIO" is not a call number: it has two dots in a row`},
		{"[ ]", Auto, `"[ ]" is not a call number: it has no letters or digits`},
		{"- / .", Auto, `"- / ." is not a call number: it has no letters or digits`},
		{"599.75 LIO @home", Auto, `"599.75 LIO @home" is not a call number: it has '@' in it, which call numbers do not use`},
		{"599\x00", Auto, `"599\x00" is not a call number: it has a character that cannot be printed in it`},
		{"599\xff", Auto, `"599\xff" is not a call number: it is not readable text`},
		{"QA76 .A1", Dewey, `"QA76 .A1" is not a call number: it does not start with a Dewey number or a section such as FIC`},
		{"599.75 LIO", LC, `"599.75 LIO" is not a call number: it does not start with a Library of Congress class such as QA76`},
		// Under a chosen scheme, a word no one told us about must be
		// followed by the scheme's class number.
		{"hello world", LC, `"hello world" is not a call number: it does not have a Library of Congress class such as QA76`},
		{"MYS CHR", LC, `"MYS CHR" is not a call number: it does not have a Library of Congress class such as QA76`},
		{"hello world", Dewey, `"hello world" is not a call number: it does not have a Dewey number such as 599.75`},
		{"12.3.4.5", Dewey, `"12.3.4.5" is not a call number: a Dewey number has one decimal point at most`},
		{"ABCD12", Auto, `"ABCD12" is not a call number: it does not start with a Dewey number, a Library of Congress class or a section such as FIC`},
	} {
		_, err := Parse(tc.in, tc.scheme)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q, %q): %v, want a *SyntaxError", tc.in, tc.scheme, err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("Parse(%q, %q):\n got %s\nwant %s", tc.in, tc.scheme, err, tc.want)
		}
	}
	long := strings.Repeat("A", 100) + "@"
	_, err := Parse(long, Auto)
	if err == nil || len(err.Error()) > 160 {
		t.Errorf("a long bad call number: %v", err)
	}
}

func TestParseScheme(t *testing.T) {
	for in, want := range map[string]Scheme{"": Auto, "auto": Auto, "dewey": Dewey, "DEWEY": Dewey, "lc": LC, " LC ": LC} {
		if got, err := ParseScheme(in); err != nil || got != want {
			t.Errorf("ParseScheme(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseScheme("udc")
	if err == nil || err.Error() != `"udc" is not a call number scheme: use dewey or lc` {
		t.Errorf("ParseScheme(udc): %v", err)
	}
	if _, err := Parse("599", Scheme("udc")); err == nil {
		t.Errorf("Parse with scheme udc: no error")
	}
}

// shuffled returns a copy of list in a deterministic random order.
func shuffled(list []string, seed uint64) []string {
	s := slices.Clone(list)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	return s
}

// Whole shelves, written out in the order the rules of callnumbers.md give.
var orderedLists = []struct {
	name   string
	scheme Scheme
	list   []string
}{
	{"school library, default order", Auto, []string{
		"REF 030 WOR", "REF 031 AME", "REF 423 MER", "REF 973 ENC v.2", "REF 973 ENC v.10",
		"J REF 031 WOR",
		"E 398.2 GRI", "E 598.35 GUI", "E CAR", "E GUI", "E SEU", "E SEU c.2", "E SEUSS",
		"ER LOB", "ER LOB v.2",
		"FIC ALE", "FIC COL v.1", "FIC COL v.2", "FIC COL v.10", "FIC DE LA CRUZ", "FIC DEAN",
		"FIC O'DELL", "FIC ROW", "FIC SMI", "FIC SMITH", "FIC SMITH J", "FIC SMITHERS",
		"J FIC BLU", "J FIC RIO", "YA FIC COL", "YA FIC GRE",
		"SC ALE", "SC BRA", "GN KIB", "GN SMI", "GN TEL v.1", "GN TEL v.3", "PB STI",
		"1 .I39", "005.133 ABC", "010 ABC", "398.2 GRI", "398.209 AND",
		"451", "451.01", "451.012", "451.023", "451.04", "451.04217", "451.1", "451.136", "451.3",
		"599", "599 ZZZ", "599.1 AAA", "599.75 LIO", "599.757 SMI 1999", "599.757 SMI 2005",
		"641 BET", "641.5 COR", "741.5 SMI", "823 R797h", "823 R797h v.2", "823 R797h v.10",
		"823 R797hp 2004", "920 ABC", "973.7 L63", "973.7 L63z",
		"QA76.73 .J38", "QA76.73 .P98",
		"J 333.7 SMI", "J 598 GIB", "J SMI", "YA 158 COV",
		"B ABE", "92 LIN", "B LINCOLN", "B LINCOLN c.2", "921 TUB", "B WASHINGTON",
		"J B LIN", "SPAN FIC DIA", "PROF 372.4 ROU", "DVD 791.43 STA", "CD 782 BEA", "KIT 500 SCI",
		"AUD 599 SMI", "LP FIC SMI", "MYS CHR",
	}},
	{"dewey, reference §1 and §4", Dewey, []string{
		"1 .M32 2002", "1.1 .M32 2002", "1.123 .M32 2002", "002.3", "002.33", "5.133 ABC", "10 ABC",
		"12 .M32 2002", "123 .M3 2002", "123 .M321 2002", "123 .MS32 2002", "123 .MSA32 2002",
		"323 .A512RE NO.23-28", "323 .A512RE NO.100", "323.09 .K43", "323.09 .K43 V.1", "323.09 .K43 V.1-2",
		"323.09 .K43 V.2", "323.09 .K43 V.12", "599.9 ZZZ", "600 AAA", "823 L63", "823 L63z", "823 L63zs",
		"823 R797h", "823 R797h c.2", "823 R797h c.10", "823 R7971", "971 P23w v.1-2 pt.8",
	}},
	{"lc, reference §2 and §4", LC, []string{
		"A1 .B2", "AA1", "AA1 .B2", "AB9.22 L3", "ABR92.L3", "B1", "B9 2000 L3", "B9 L3", "B9.2 2000 L3",
		"B822 L3", "B8200 L3", "BF1", "D1", "D21.1 .D58 1981", "D761 .W54",
		"E8 C11 D22", "HD205 1974 .M3", "HD205 .M3",
		"HQ1101 .D54 v.3 no.3", "HQ1101 .D54 v.3 no.10", "HQ1101 .D54 v.11 no.1",
		"JX 33 .A5 1968 .I4", "JX 33 .A5 1969 .I31", "KF250.39977", "KF250.4",
		"KF 4558 1st .G6", "KF 4558 2nd", "KF 4558 15th .G6", "KF 4558 20th",
		"M3 G32 1966q vol. 2", "M3 .G32 1972q",
		// V.188 is a word and a number, which file before a second cutter (as
		// "R 241 .G1 extra" before "R 241 .G1 .A1").
		"M5 L3 V.188", "M5 .L3 K2 OP.7:NO.6 1882", "M5 .L3 K2 OP.7:NO.51 1880",
		"M5 .L3 K2 OP.8", "M5 .L3 K2 OP.79", "M5 L3 V188", "M5 L31", "M5 L31902",
		"PN98 .D43 Z54", "PN98 .D43 Z55", "PN98 .D48 E54",
		"PS 65", "PS 585", "PS3515.M112", "PS3515.M12", "PS3515.115", "PS3515.12", "PS3515.5",
		"PS3561.I4 A3", "PS3561.I48 O5", "PX 101.1 1990 .A34 .B6", "PX 101.1 .A5",
		"PZ7.M3567585 Bs 1997x", "PZ7.M3567585 Stp 1997x", "Q11 .P6 vol. 4 no. 4", "Q11 .P6 vol. 12 no. 1",
		"QA76", "QA76 .A1", "QA76 .S73 no.93-200", "QA76 .S73 no.93-1483", "QA76.73", "QA76.73 .J38",
		"QA 101.1 .A101", "QA 101.1 .A101m", "QA 101.1 .A101mc", "QA 101.1 .A101 A101", "QA 101.1 .A102",
		"QA 101.1 .A11", "R 241", "R 241 extra extra", "R 241 .G1 extra extra", "R 241 .G1 .A1",
		"R 241.23 .F2498 1994", "R 241.230001 .F2498 1994", "TR647 .W4", "TR647 .W44", "TR647 .W45",
		"TR647 .W453", "TR647 .W5", "Z39.50", "Z50",
	}},
}

func TestSortOrderedLists(t *testing.T) {
	for _, tc := range orderedLists {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(5) {
				got, bad := Sort(shuffled(tc.list, seed), tc.scheme)
				if len(bad) > 0 {
					t.Fatalf("did not parse: %+v", bad)
				}
				if !slices.Equal(got, tc.list) {
					for i := range got {
						if got[i] != tc.list[i] {
							t.Fatalf("seed %d: at %d got %q, want %q\n got %q", seed, i, got[i], tc.list[i], got)
						}
					}
				}
			}
		})
	}
}

// Sort leaves out what does not parse and says why, in input order; equal
// call numbers come in the byte order of their text, whatever the input order.
func TestSortBadAndTies(t *testing.T) {
	got, bad := Sort([]string{"FIC SMITH", "12..x", "  599.75 LIO ", "", "fic smith", "F SMITH"}, Auto)
	want := []string{"F SMITH", "FIC SMITH", "fic smith", "599.75 LIO"} // FIC before plain Dewey
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
	wantBad := []Bad{
		{Line: 2, Text: "12..x", Reason: `"12..x" is not a call number: it has two dots in a row`},
		{Line: 4, Text: "", Reason: "the call number is empty"},
	}
	if !slices.Equal(bad, wantBad) {
		t.Errorf("bad %+v, want %+v", bad, wantBad)
	}
	if got, bad := Sort(nil, Auto); len(got) != 0 || len(bad) != 0 {
		t.Errorf("Sort(nil) = %q, %v", got, bad)
	}
}

// allNumbers is every call number of the tests, parsed with Auto and LC.
func allNumbers(t testing.TB) []CallNumber {
	var out []CallNumber
	add := func(s string, scheme Scheme) {
		if c, err := Parse(s, scheme); err == nil {
			out = append(out, c)
		}
	}
	for _, ps := range [][][2]string{deweyPairs, lcPairs, equalPairs, equalDewey} {
		for _, p := range ps {
			for _, s := range p {
				add(s, Auto)
				add(s, LC)
			}
		}
	}
	for _, l := range orderedLists {
		for _, s := range l.list {
			add(s, l.scheme)
			add(s, Auto)
		}
	}
	for _, s := range []string{"", "0", "00", "000.000", "1-2", "v.1", "A", "FIC", "FIC 2", "FIC 10", "Ü", "FIC ÜBER", "FIC ÅSA",
		strings.Repeat("9", 30), strings.Repeat("9", 9), "1" + strings.Repeat("0", 8), "599 v." + strings.Repeat("1", 12)} {
		add(s, Auto)
	}
	if len(out) < 300 {
		t.Fatalf("only %d call numbers", len(out))
	}
	return out
}

// TestKeyMatchesCompare checks sign(Compare) == sign(strings.Compare(Key))
// for every pair of the test call numbers, and that Compare is a total order.
func TestKeyMatchesCompare(t *testing.T) {
	all := allNumbers(t)
	keys := make([]string, len(all))
	for i, c := range all {
		keys[i] = c.Key()
	}
	for i, a := range all {
		for j, b := range all {
			c := Compare(a, b)
			if k := strings.Compare(keys[i], keys[j]); c != k {
				t.Fatalf("Compare(%q, %q) = %d but the keys compare %d:\n%q\n%q", a.Raw, b.Raw, c, k, keys[i], keys[j])
			}
			if Compare(b, a) != -c {
				t.Fatalf("Compare(%q, %q) is not antisymmetric", a.Raw, b.Raw)
			}
		}
	}
	// Transitivity, on the sorted list.
	s := slices.Clone(all)
	slices.SortFunc(s, Compare)
	for i := 1; i < len(s); i++ {
		if Compare(s[i-1], s[i]) > 0 || s[i-1].Key() > s[i].Key() {
			t.Fatalf("%q sorted before %q", s[i-1].Raw, s[i].Raw)
		}
	}
}

func TestSameSection(t *testing.T) {
	p := func(s string) CallNumber { return mustParse(t, s, Auto) }
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"FIC SMI", "F ROW", true},
		{"FIC SMI", "J FIC SMI", false},
		{"599.75 LIO", "QA76.73 .J38", true}, // the plain run holds both schemes
		{"599.75 LIO", "B LIN", false},
		{"92 LIN", "BIO ABE", true},
		{"MYS CHR", "MYS ABE", true},
		{"MYS CHR", "AUD ABE", false},
		{"REF 030", "030", false},
	} {
		if got := SameSection(p(tc.a), p(tc.b)); got != tc.same {
			t.Errorf("SameSection(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

// The zero CallNumber, kept for one that did not parse, sorts first and is
// in no parsed number's section.
func TestZeroCallNumber(t *testing.T) {
	var zero CallNumber
	for _, s := range []string{"REF 030 WOR", "1 .I39", "FIC ALE", "MYS CHR"} {
		c := mustParse(t, s, Auto)
		assertBefore(t, zero, c)
		if SameSection(zero, c) {
			t.Errorf("the zero CallNumber is in the section of %q", s)
		}
	}
	if !SameSection(zero, zero) || Compare(zero, zero) != 0 {
		t.Errorf("the zero CallNumber is not equal to itself")
	}
}

func TestOutOfOrder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shelf []string
		want  []int
	}{
		{"in order", []string{"FIC ALE", "FIC BRA", "FIC BRA", "FIC COL"}, nil},
		{"empty", nil, nil},
		{"one book", []string{"FIC ALE"}, nil},
		{"one book two places early", []string{"FIC ALE", "FIC DEA", "FIC BRA", "FIC COL", "FIC EVA"}, []int{1}},
		{"one book two places late", []string{"FIC ALE", "FIC COL", "FIC DEA", "FIC BRA", "FIC EVA"}, []int{3}},
		{"a swapped pair", []string{"599.1", "599.3", "599.2", "599.4"}, []int{2}},
		{"last first", []string{"599.9", "599.1", "599.2", "599.3"}, []int{0}},
		{"v.10 before v.2", []string{"FIC COL v.1", "FIC COL v.10", "FIC COL v.2", "FIC COL v.3"}, []int{1}},
		{"backwards", []string{"4", "3", "2", "1"}, []int{1, 2, 3}},
		{"two misplaced", []string{"100", "500", "200", "300", "400", "050", "600"}, []int{1, 5}},
	} {
		run := make([]CallNumber, len(tc.shelf))
		for i, s := range tc.shelf {
			run[i] = mustParse(t, s, Auto)
		}
		if got := OutOfOrder(run); !slices.Equal(got, tc.want) {
			t.Errorf("%s: OutOfOrder = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// OutOfOrder keeps a longest in-order run: checked against the quadratic
// textbook answer on random shelves.
func TestOutOfOrderLongest(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for range 200 {
		n := r.IntN(40)
		run := make([]CallNumber, n)
		for i := range run {
			run[i] = mustParse(t, "599."+string(rune('0'+r.IntN(6))), Auto)
		}
		out := OutOfOrder(run)
		kept := make([]CallNumber, 0, n)
		for i := range run {
			if !slices.Contains(out, i) {
				kept = append(kept, run[i])
			}
		}
		if !slices.IsSortedFunc(kept, Compare) {
			t.Fatalf("kept books are not in order")
		}
		best := make([]int, n)
		longest := 0
		for i := range n {
			best[i] = 1
			for j := range i {
				if Compare(run[j], run[i]) <= 0 {
					best[i] = max(best[i], best[j]+1)
				}
			}
			longest = max(longest, best[i])
		}
		if len(kept) != longest {
			t.Fatalf("kept %d books, a longest in-order run has %d", len(kept), longest)
		}
	}
}

func TestNewOrder(t *testing.T) {
	o, err := NewOrder([]Section{
		{Name: "", Within: ByDewey},
		{Name: "fic", Aliases: []string{"f"}, Within: ByAuthor},
		{Name: "juv fic", Within: ByAuthor},
		{Name: "MYS", Within: ByAuthor},
	}, []Section{{Name: "juv", Aliases: []string{"j"}}})
	if err != nil {
		t.Fatal(err)
	}
	p := func(s string) CallNumber {
		c, err := o.Parse(s, Auto)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := p("J F SMI"); c.Section != "JUV FIC" || c.UnknownSection() {
		t.Errorf("J F SMI: section %q unknown %v", c.Section, c.UnknownSection())
	}
	if c := p("REF 030"); c.Section != "REF" || !c.UnknownSection() {
		t.Errorf("REF 030 in an order without REF: section %q unknown %v", c.Section, c.UnknownSection())
	}
	if c := p("JUV 598"); c.Section != "JUV" || !c.UnknownSection() {
		t.Errorf("JUV 598 in an order without a bare JUV run: section %q unknown %v", c.Section, c.UnknownSection())
	}
	assertBefore(t, p("999 ZZZ"), p("FIC AAA"))
	assertBefore(t, p("FIC ZZZ"), p("J FIC AAA"))
	assertBefore(t, p("MYS ZZZ"), p("AUD AAA"))
	assertBefore(t, p("AUD ZZZ"), p("REF AAA"))
	if s, ok := o.Section("JUV FIC"); !ok || s.Within != ByAuthor {
		t.Errorf("Section(JUV FIC) = %+v, %v", s, ok)
	}
	if ParseWith("f smi", Auto, o); len(o.Sections()) != 4 || len(o.Qualifiers()) != 1 {
		t.Errorf("Sections %v, Qualifiers %v", o.Sections(), o.Qualifiers())
	}
	for _, bad := range [][]Section{
		{{Name: "FIC", Within: ByAuthor}, {Name: "FIC", Within: ByAuthor}},
		{{Name: "FIC", Aliases: []string{"F"}, Within: ByAuthor}, {Name: "F", Within: ByAuthor}},
		{{Name: "FIC", Within: "title"}},
		{{Name: "FIC SMI", Within: ByAuthor}},
		{{Name: "", Aliases: []string{"DEWEY"}, Within: ByDewey}},
	} {
		if _, err := NewOrder(bad, nil); err == nil {
			t.Errorf("NewOrder(%+v): no error", bad)
		}
	}
}
