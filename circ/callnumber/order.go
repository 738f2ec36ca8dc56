package callnumber

import (
	"fmt"
	"strings"
	"sync"
)

// Within says what orders the books inside a section. It is what the
// inventory tells a librarian to read on the spine; the comparison is the
// same structural one in every mode, because school spine labels put that
// key first (FIC SMI, B LINCOLN, REF 030 WOR): numbers before letters,
// words letter by letter, nothing before something.
type Within string

// The orderings inside a section.
const (
	ByAuthor     Within = "author"     // author letters, then title mark, volume, copy
	ByDewey      Within = "dewey"      // a Dewey (or LC) number, then the cutter
	ByBiographee Within = "biographee" // the subject's surname, not the author's
)

// Section is one run of shelves: a local prefix such as FIC or REF, or the
// plain classified run (Name ""). A composed name such as "J FIC" is an
// audience qualifier (see Order) followed by a base section's name.
type Section struct {
	Name    string   // canonical name, upper case: "FIC", "J FIC", "" for plain Dewey/LC
	Aliases []string // other spellings of a base section: "F" for FIC, "92" for B
	Within  Within
}

// Order is a school's list of sections in shelf order, with their aliases
// and audience qualifiers. Make one with NewOrder or DefaultOrder; it does
// not change after, so one Order may be shared by goroutines.
type Order struct {
	sections   []Section
	qualifiers []Section
	base       map[string]string // a base section's name or alias → its name
	qual       map[string]string // a qualifier's name or alias → its name
	rank       map[string]int    // a section's name → its place
}

// NewOrder makes an Order from sections in shelf order and audience
// qualifiers (J, YA: words that compose with the next one, so "J FIC" is
// its own run). List the plain classified run as Name "" where it goes; a
// composed section ("J FIC") goes where the school shelves it, usually
// right after its base. Names and aliases are case-insensitive and must be
// single words of letters or digits, each used once.
func NewOrder(sections, qualifiers []Section) (*Order, error) {
	o := &Order{
		base: map[string]string{}, qual: map[string]string{}, rank: map[string]int{},
	}
	word := func(w, what string) (string, error) {
		u := strings.ToUpper(strings.TrimSpace(w))
		if u == "" || !isWord(u) {
			return "", fmt.Errorf("%s %q is not a single word of letters or digits", what, w)
		}
		if _, dup := o.base[u]; dup {
			return "", fmt.Errorf("%s %q is used twice", what, w)
		}
		if _, dup := o.qual[u]; dup {
			return "", fmt.Errorf("%s %q is used twice", what, w)
		}
		return u, nil
	}
	for _, q := range qualifiers {
		name, err := word(q.Name, "the qualifier")
		if err != nil {
			return nil, err
		}
		o.qual[name] = name
		for _, a := range q.Aliases {
			u, err := word(a, "the qualifier alias")
			if err != nil {
				return nil, err
			}
			o.qual[u] = name
		}
		o.qualifiers = append(o.qualifiers, Section{Name: name, Aliases: upper(q.Aliases)})
	}
	for _, s := range sections {
		switch s.Within {
		case ByAuthor, ByDewey, ByBiographee:
		default:
			return nil, fmt.Errorf("section %q orders its books by %q; use author, dewey or biographee", s.Name, s.Within)
		}
		name := strings.Join(strings.Fields(strings.ToUpper(s.Name)), " ")
		if _, dup := o.rank[name]; dup {
			return nil, fmt.Errorf("section %q is listed twice", s.Name)
		}
		words := strings.Fields(name)
		if len(words) > 0 && o.qual[words[0]] == words[0] {
			// A composed section: its base is the rest (maybe listed on its own too).
			if len(words) > 2 || (len(words) == 2 && !isWord(words[1])) {
				return nil, fmt.Errorf("section %q is not a qualifier and one word", s.Name)
			}
			if len(s.Aliases) > 0 {
				return nil, fmt.Errorf("section %q is composed; give the aliases to its qualifier and its base", s.Name)
			}
		} else if name != "" {
			n, err := word(name, "the section")
			if err != nil {
				return nil, err
			}
			o.base[n] = n
			for _, a := range s.Aliases {
				u, err := word(a, "the section alias")
				if err != nil {
					return nil, err
				}
				o.base[u] = n
			}
		} else if len(s.Aliases) > 0 {
			return nil, fmt.Errorf("the plain Dewey/LC section takes no aliases")
		}
		o.rank[name] = len(o.sections)
		o.sections = append(o.sections, Section{Name: name, Aliases: upper(s.Aliases), Within: s.Within})
	}
	// The base of a composed section that is not listed on its own still
	// has to be recognised as a word ("J KIT" with no plain KIT).
	for _, s := range o.sections {
		if w := strings.Fields(s.Name); len(w) == 2 {
			if _, ok := o.base[w[1]]; !ok {
				if _, clash := o.qual[w[1]]; clash {
					return nil, fmt.Errorf("section %q names a qualifier as its base", s.Name)
				}
				o.base[w[1]] = w[1]
			}
		}
	}
	return o, nil
}

func upper(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(strings.TrimSpace(s))
	}
	return out
}

// isWord reports whether s is one run of letters or one run of digits.
func isWord(s string) bool {
	if s == "" {
		return false
	}
	if strings.Trim(s, "0123456789") == "" {
		return true
	}
	return isWordRun(s)
}

// Sections returns the sections in shelf order.
func (o *Order) Sections() []Section { return append([]Section(nil), o.sections...) }

// Qualifiers returns the audience qualifiers.
func (o *Order) Qualifiers() []Section { return append([]Section(nil), o.qualifiers...) }

// Section returns the section of that canonical name ("" is the plain run).
func (o *Order) Section(name string) (Section, bool) {
	r, ok := o.rank[name]
	if !ok {
		return Section{}, false
	}
	return o.sections[r], true
}

// DefaultOrder is the order Parse and Sort use, after the reference's
// recommendation (callnumbers.md §1.2), each base followed by its J and YA
// runs:
//
//	REF (R)                                  dewey
//	E (EASY, EVERYBODY, PIC, P)              author  (E 598.35 GUI: numbers first)
//	ER (BEG, BC)  early readers              author
//	FIC (F)                                  author
//	SC  story collections                    author
//	GN (GRAPHIC)                             author
//	PB  paperbacks                           author
//	""  plain Dewey 000–999, then LC         dewey   (J, YA: their Dewey and bare runs)
//	B (BIO, 92, 921)                         biographee
//	SPAN, PROF, DVD, CD, KIT                 author, dewey, author, author, dewey
//
// with qualifiers J (JUV, JUVENILE) and YA (Y). So the plain run is
// followed by "J" (J 598 SMI, J SMI) and "YA", FIC by "J FIC" and "YA FIC",
// and so on. ER sits between picture books and chapter books; the formats
// and collections come last. Anything else before the first space (MYS,
// AUD, LP) is an unknown section, shelved after all of these. 920 is
// collective biography, a plain Dewey number; 92 and 921 alone are B.
func DefaultOrder() *Order { return defaultOrder() }

var defaultOrder = sync.OnceValue(func() *Order {
	bases := []Section{
		{Name: "REF", Aliases: []string{"R"}, Within: ByDewey},
		{Name: "E", Aliases: []string{"EASY", "EVERYBODY", "PIC", "P"}, Within: ByAuthor},
		{Name: "ER", Aliases: []string{"BEG", "BC"}, Within: ByAuthor},
		{Name: "FIC", Aliases: []string{"F"}, Within: ByAuthor},
		{Name: "SC", Within: ByAuthor},
		{Name: "GN", Aliases: []string{"GRAPHIC"}, Within: ByAuthor},
		{Name: "PB", Within: ByAuthor},
		{Name: "", Within: ByDewey},
		{Name: "B", Aliases: []string{"BIO", "92", "921"}, Within: ByBiographee},
		{Name: "SPAN", Within: ByAuthor},
		{Name: "PROF", Within: ByDewey},
		{Name: "DVD", Within: ByAuthor},
		{Name: "CD", Within: ByAuthor},
		{Name: "KIT", Within: ByDewey},
	}
	quals := []Section{{Name: "J", Aliases: []string{"JUV", "JUVENILE"}}, {Name: "YA", Aliases: []string{"Y"}}}
	var sections []Section
	for _, b := range bases {
		sections = append(sections, b)
		for _, q := range quals {
			sections = append(sections, Section{Name: strings.TrimSpace(q.Name + " " + b.Name), Within: b.Within})
		}
	}
	o, err := NewOrder(sections, quals)
	if err != nil {
		panic("callnumber: the default order does not build: " + err.Error())
	}
	return o
})
