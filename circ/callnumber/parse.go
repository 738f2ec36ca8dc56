package callnumber

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CallNumber is a parsed call number. Raw keeps the text as given (trimmed)
// for display; everything else is for ordering. The zero value (what a
// caller may keep for a call number that did not parse) sorts before every
// parsed one and shares a section with none.
type CallNumber struct {
	Raw string
	// Section is the canonical name of the run it shelves in: "" for plain
	// Dewey or LC, else such as "FIC", "E", "B", "REF", "J FIC"; for an
	// unknown section, the prefix as written (upper case), see UnknownSection.
	Section string
	Scheme  Scheme // Dewey or LC

	rank    int    // the section's place in the order, from 1
	unknown bool   // Section is not in the order
	class   string // LC class letters ("QA"); "" for Dewey
	parts   []part
}

// UnknownSection reports whether the call number's prefix is no section of
// the order it was parsed with (MYS, AUD, LP in the default order). Such a
// call number sorts after every known section, by its prefix; the inventory
// should flag it rather than take its place on trust.
func (c CallNumber) UnknownSection() bool { return c.unknown }

// String returns Raw.
func (c CallNumber) String() string { return c.Raw }

// kind is the kind of one part; their values are the order of kinds at the
// same position: nothing, then a work mark or other letters stuck to a
// number (R797h, 1966q, 2nd), then a number (a class, date, volume), then a
// word (author letters, V in v.2, an LC "extra"), then a cutter (.M32).
type kind uint8

const (
	kindMark   kind = '3'
	kindNumber kind = '4'
	kindWord   kind = '5'
	kindCutter kind = '6'
)

// part is one ordering unit of a call number.
type part struct {
	kind kind
	a    string // letters (mark, word, cutter) or a whole number without leading zeros (number)
	b    string // cutter digits or a class decimal: a decimal fraction without trailing zeros
	end  string // the last number of a range (v.1-2, no.93-1483), "" if none
}

// ErrEmpty is the error for a blank call number.
var ErrEmpty = errors.New("the call number is empty")

// SyntaxError is a call number that cannot be read. Its Error is one plain
// sentence a librarian understands.
type SyntaxError struct {
	Text    string // the call number as given, trimmed
	Problem string // what is wrong, such as "it has two dots in a row"
}

func (e *SyntaxError) Error() string {
	t := e.Text
	if utf8.RuneCountInString(t) > 60 {
		t = string([]rune(t)[:57]) + "…"
	}
	return fmt.Sprintf("%q is not a call number: %s", t, e.Problem)
}

// Parse parses s under scheme with DefaultOrder. See Order.Parse.
func Parse(s string, scheme Scheme) (CallNumber, error) { return defaultOrder().Parse(s, scheme) }

// ParseWith parses s under scheme with the order o. See Order.Parse.
func ParseWith(s string, scheme Scheme, o *Order) (CallNumber, error) { return o.Parse(s, scheme) }

// Parse parses one call number. Case does not matter; brackets and
// apostrophes are dropped ([E] is E, O'DELL is ODELL); spaces, dots,
// slashes and other punctuation separate the parts, so E8 C11 D22,
// E8 .C11 .D22 and E8C11D22 are the same number, and so are 641/BET and
// 641 BET. A hyphen between numbers makes a range (v.1-2, no.93-1483).
//
// The leading words name the section: an audience qualifier (J, YA), then a
// section name or alias (FIC, F, 92 …), each followed by a space. A word of
// letters in that place that the order does not know becomes an unknown
// section. What follows is read as:
//   - a Library of Congress number when it starts with 1–3 class letters and
//     a number: QA76.73 .J38, PS 3515. Under Auto a class written apart from
//     its number (PS 3515) counts only if the letters are a real LC class
//     (AUD 599 is a section AUD); under LC any 1–3 letters do, and a section
//     word that is also a class and has a number after it is the class (R 241).
//   - else a Dewey number, or the author letters and marks of a local number
//     (FIC SMI, E 598.35 GUI). A call number without a section must start
//     with a Dewey number under Dewey, and with an LC class under LC.
//
// Errors: ErrEmpty for blank input, else a *SyntaxError.
func (o *Order) Parse(s string, scheme Scheme) (CallNumber, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return CallNumber{}, ErrEmpty
	}
	toks, problem := tokens(raw, scheme)
	if problem != "" {
		return refuse(raw, problem)
	}
	c := CallNumber{Raw: raw, Scheme: Dewey}
	section, i, known := o.section(toks, scheme)
	if !known {
		return o.unsectioned(c, toks, scheme)
	}
	c.Section = section
	if _, ok := o.rank[c.Section]; !ok {
		c.unknown = true
	}
	return o.body(c, toks, i, scheme), nil
}

// refuse is Parse's answer for raw, which cannot be read because of problem.
func refuse(raw, problem string) (CallNumber, error) {
	return CallNumber{}, &SyntaxError{Text: raw, Problem: problem}
}

// tokens checks that raw is text to read under scheme and splits it into
// tokens, at least one, or says what is wrong.
func tokens(raw string, scheme Scheme) ([]token, string) {
	switch scheme {
	case Auto, Dewey, LC:
	default:
		return nil, fmt.Sprintf("%q is not a scheme to read it with", string(scheme))
	}
	if !utf8.ValidString(raw) {
		return nil, "it is not readable text"
	}
	toks, problem := scan(raw)
	if problem != "" {
		return nil, problem
	}
	if len(toks) == 0 {
		return nil, "it has no letters or digits"
	}
	return toks, ""
}

// section reads the leading words that name a section the order knows: an
// audience qualifier, then a section name or alias, each a word on its own.
// It returns the section's name ("J FIC"), the index of the token after
// it, and whether there was one.
func (o *Order) section(toks []token, scheme Scheme) (name string, i int, known bool) {
	qual, base := "", ""
	if sectionWord(toks, i, scheme) {
		if q, ok := o.qual[toks[i].text]; ok {
			qual, known = q, true
			i++
		}
	}
	if i < len(toks) && sectionWord(toks, i, scheme) {
		if b, ok := o.base[toks[i].text]; ok {
			base, known = b, true
			i++
		}
	}
	return strings.TrimSpace(qual + " " + base), i, known
}

// sectionWord reports whether toks[i] may be a section word: a word on its
// own, unless under LC it is also a class with its number (R 241 is the
// class R).
func sectionWord(toks []token, i int, scheme Scheme) bool {
	return alone(toks, i) && !(scheme == LC && lcAt(toks, i, false))
}

// alone reports whether toks[i] is a word on its own: followed by a space
// or the end.
func alone(toks []token, i int) bool { return i+1 == len(toks) || toks[i+1].sep == sepSpace }

// unsectioned reads a call number that starts with no section the order
// knows: the plain run, or a prefix no one told us about.
func (o *Order) unsectioned(c CallNumber, toks []token, scheme Scheme) (CallNumber, error) {
	switch {
	case scheme != Dewey && lcAt(toks, 0, scheme == Auto):
		c.lc(toks, 0)
		return o.finish(c, ""), nil
	case toks[0].digit && scheme == Dewey && deweyDots(toks) > 1:
		return refuse(c.Raw, "a Dewey number has one decimal point at most")
	case toks[0].digit && scheme != LC:
		c.parts = local(toks, 0, true)
		return o.finish(c, ""), nil
	case !toks[0].digit && alone(toks, 0) && isWordRun(toks[0].text):
		return o.unknownPrefix(c, toks, scheme)
	case scheme == Dewey:
		return refuse(c.Raw, "it does not start with a Dewey number or a section such as FIC")
	case scheme == LC:
		return refuse(c.Raw, "it does not start with a Library of Congress class such as QA76")
	default:
		return refuse(c.Raw, "it does not start with a Dewey number, a Library of Congress class or a section such as FIC")
	}
}

// unknownPrefix reads a call number whose first word, toks[0], is a section
// no one told us about. Under a chosen scheme, the scheme's class number
// must follow it.
func (o *Order) unknownPrefix(c CallNumber, toks []token, scheme Scheme) (CallNumber, error) {
	switch {
	case scheme == LC && !lcAt(toks, 1, false):
		return refuse(c.Raw, "it does not have a Library of Congress class such as QA76")
	case scheme == Dewey && (len(toks) < 2 || !toks[1].digit):
		return refuse(c.Raw, "it does not have a Dewey number such as 599.75")
	}
	c.Section, c.unknown = toks[0].text, true
	return o.body(c, toks, 1, scheme), nil
}

// body reads what follows a section: LC if it looks like LC, else local.
func (o *Order) body(c CallNumber, toks []token, i int, scheme Scheme) CallNumber {
	if scheme != Dewey && lcAt(toks, i, true) {
		c.lc(toks, i)
		return o.finish(c, c.Section)
	}
	c.parts = local(toks, i, true)
	return o.finish(c, c.Section)
}

// finish sets the section's rank.
func (o *Order) finish(c CallNumber, section string) CallNumber {
	c.Section = section
	// Ranks start at 1: the zero CallNumber (rank 0) is in no section.
	if r, ok := o.rank[section]; ok && !c.unknown {
		c.rank = r + 1
	} else {
		c.rank, c.unknown = len(o.sections)+1, true
	}
	return c
}

// deweyDots counts the decimal points of the number the tokens start with
// (599.75 has one; 12.3.4.5, three).
func deweyDots(toks []token) int {
	n := 0
	for i := 1; i < len(toks) && toks[i].digit && toks[i].sep == sepDot; i++ {
		n++
	}
	return n
}

// isWordRun reports whether s is letters only (a prefix word).
func isWordRun(s string) bool {
	for _, r := range s {
		if !isLetter(r) {
			return false
		}
	}
	return s != ""
}

// lcAt reports whether an LC class starts at toks[i]: 1–3 ASCII letters and
// a number, stuck together (QA76) or apart (PS 3515); apart only for a
// real LC class when strict.
func lcAt(toks []token, i int, strict bool) bool {
	if i+1 >= len(toks) || toks[i].digit || !toks[i+1].digit || len(toks[i].text) > 3 {
		return false
	}
	for j := 0; j < len(toks[i].text); j++ {
		if b := toks[i].text[j]; b < 'A' || b > 'Z' {
			return false
		}
	}
	switch toks[i+1].sep {
	case sepGlued:
		return true
	case sepSpace:
		return !strict || realLCClass(toks[i].text)
	}
	return false
}

// lc reads an LC number from toks[i] (lcAt is true there).
func (c *CallNumber) lc(toks []token, i int) {
	c.Scheme = LC
	c.class = toks[i].text
	c.parts = local(toks, i+1, true)
}

// local reads the parts from toks[i]: a class number first if class (whole
// number, then a decimal right after a dot), then cutters, marks, words and
// numbers.
func local(toks []token, i int, class bool) []part {
	parts := make([]part, 0, len(toks)-i)
	classEnd := i - 1 // the last token of the class number
	if class && i < len(toks) && toks[i].digit {
		p := part{kind: kindNumber, a: whole(toks[i].text)}
		classEnd = i
		i++
		if i < len(toks) && toks[i].digit && toks[i].sep == sepDot {
			p.b = fraction(toks[i].text)
			classEnd = i
			i++
		}
		parts = append(parts, p)
	}
	for i < len(toks) {
		t := toks[i]
		if t.digit {
			p := part{kind: kindNumber, a: whole(t.text)}
			i++
			if i < len(toks) && toks[i].digit && toks[i].sep == sepDash {
				p.end = whole(toks[i].text)
				i++
			}
			parts = append(parts, p)
			continue
		}
		if i+1 < len(toks) && toks[i+1].digit && toks[i+1].sep == sepGlued {
			parts = append(parts, part{kind: kindCutter, a: t.text, b: fraction(toks[i+1].text)})
			i += 2
			continue
		}
		switch {
		case t.sep == sepGlued && i-1 > classEnd && i > 0:
			parts = append(parts, part{kind: kindMark, a: t.text})
		case i+1 < len(toks) && toks[i+1].digit:
			parts = append(parts, part{kind: kindWord, a: label(t.text)})
		default:
			parts = append(parts, part{kind: kindWord, a: t.text})
		}
		i++
	}
	return parts
}

// label spells the usual volume, number, part and copy labels one way, so
// vol. 4 files with v.4.
func label(w string) string {
	switch w {
	case "VOL", "VOLS", "VOLUME":
		return "V"
	case "NUM", "NUMBER", "NOS":
		return "NO"
	case "PART":
		return "PT"
	case "COP", "COPY":
		return "C"
	}
	return w
}

// whole is a whole number without its leading zeros ("0" for zero).
func whole(d string) string {
	d = strings.TrimLeft(d, "0")
	if d == "" {
		return "0"
	}
	return d
}

// fraction is a decimal fraction without its trailing zeros (.30 is .3).
func fraction(d string) string { return strings.TrimRight(d, "0") }

// sep is what stood between a token and the one before it.
type sep uint8

const (
	sepSpace sep = iota // a space or other punctuation (also before the first token)
	sepGlued            // nothing: M and 32 in M32
	sepDot              // one dot: 75 in 599.75
	sepDash             // one hyphen: 28 in 23-28
)

// token is a run of ASCII digits or of letters (upper case).
type token struct {
	text  string
	digit bool
	sep   sep
}

// scan splits an upper-cased call number into tokens, or says what is wrong.
func scan(raw string) ([]token, string) {
	s := strings.ToUpper(raw)
	toks := make([]token, 0, 8)
	start, dirty := -1, false // the current token's start in s; it holds dropped characters
	digit := false
	pending := sepSpace
	lastDot := false
	flush := func(end int) {
		if start < 0 {
			return
		}
		text := s[start:end]
		if dirty {
			text = strings.Map(func(r rune) rune {
				if dropped(r) {
					return -1
				}
				return r
			}, text)
		}
		toks = append(toks, token{text: text, digit: digit, sep: pending})
		start, dirty, pending = -1, false, sepGlued
	}
	for j, r := range s {
		switch {
		case r < 0x80 && isDigit(byte(r)), isLetter(r):
			d := r < 0x80 && isDigit(byte(r))
			if start >= 0 && d != digit {
				flush(j)
			}
			if start < 0 {
				start, digit = j, d
			}
			lastDot = false
			continue
		case dropped(r):
			if start >= 0 {
				dirty = true
			}
			continue
		}
		flush(j)
		switch {
		case r == '.':
			if lastDot {
				return nil, "it has two dots in a row"
			}
			lastDot = true
			if pending == sepGlued {
				pending = sepDot
			} else {
				pending = sepSpace
			}
			continue
		case r == '-':
			if pending == sepGlued {
				pending = sepDash
			} else {
				pending = sepSpace
			}
		case unicode.IsSpace(r) || strings.ContainsRune(",:;/()&+#\"", r):
			pending = sepSpace
		case unicode.IsControl(r) || !unicode.IsPrint(r):
			return nil, "it has a character that cannot be printed in it"
		default:
			return nil, fmt.Sprintf("it has %q in it, which call numbers do not use", r)
		}
		lastDot = false
	}
	flush(len(s))
	return toks, ""
}

// dropped reports whether r is left out entirely: brackets and apostrophes.
func dropped(r rune) bool {
	switch r {
	case '[', ']', '\'', '\u2018', '\u2019':
		return true
	}
	return false
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// isLetter reports whether r is a letter (of any alphabet).
func isLetter(r rune) bool {
	if r < 0x80 {
		return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z'
	}
	return unicode.IsLetter(r)
}

// realLCClass reports whether s is a Library of Congress class or subclass
// (LC Classification Outline), so that "PS 3515" is LC but "AUD 599" is not.
func realLCClass(s string) bool {
	switch len(s) {
	case 1:
		return strings.Contains("ABCDEFGHJKLMNPQRSTUVZ", s)
	case 2:
		for i := 0; i+2 <= len(lcSubclasses); i += 3 {
			if lcSubclasses[i:i+2] == s {
				return true
			}
		}
	case 3:
		return s[0] == 'K' || s == "DAW" || s == "DJK"
	}
	return false
}

const lcSubclasses = "AC AE AG AI AM AN AP AS AY AZ " +
	"BC BD BF BH BJ BL BM BP BQ BR BS BT BV BX " +
	"CB CC CD CE CJ CN CR CS CT " +
	"DA DB DC DD DE DF DG DH DJ DK DL DP DQ DR DS DT DU DX " +
	"GA GB GC GE GF GN GR GT GV " +
	"HA HB HC HD HE HF HG HJ HM HN HQ HS HT HV HX " +
	"JA JC JF JJ JK JL JN JQ JS JV JX JZ " +
	"KB KD KE KF KG KH KJ KK KL KM KN KP KQ KR KS KT KU KV KW KZ " +
	"LA LB LC LD LE LF LG LH LJ LT " +
	"ML MT " +
	"NA NB NC ND NE NK NX " +
	"PA PB PC PD PE PF PG PH PJ PK PL PM PN PQ PR PS PT PZ " +
	"QA QB QC QD QE QH QK QL QM QP QR " +
	"RA RB RC RD RE RF RG RJ RK RL RM RS RT RV RX RZ " +
	"SB SD SF SH SK " +
	"TA TC TD TE TF TG TH TJ TK TL TN TP TR TS TT TX " +
	"UA UB UC UD UE UF UG UH " +
	"VA VB VC VD VE VF VG VK VM " +
	"ZA "
