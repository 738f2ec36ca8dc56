package demoschool

import (
	"slices"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// Sample is one code of the demo scanner panel: the GUI shows what kind of
// card or book it is and its name on a button, and scans Code when the
// button is pressed.
type Sample struct {
	Kind SampleKind
	Name string // a first name and homeroom, a teacher's name, or a title
	Code string
}

// SampleKind says what a sample shows; the GUI words it in its language.
type SampleKind string

// The kinds of sample.
const (
	KindStudent      SampleKind = "student"
	KindTeacher      SampleKind = "teacher"
	KindBlockedCard  SampleKind = "blocked_card"
	KindExpiredCard  SampleKind = "expired_card"
	KindOverdueBooks SampleKind = "overdue_books"
	KindAtBookLimit  SampleKind = "at_book_limit"
	KindProxCard     SampleKind = "prox_card"
	KindBook         SampleKind = "book"
	KindBookOnHold   SampleKind = "book_on_hold"
	KindBookOnLoan   SampleKind = "book_on_loan"
	KindLostBook     SampleKind = "lost_book"
)

var kindWords = map[SampleKind]string{
	KindStudent: "Student", KindTeacher: "Teacher", KindBlockedCard: "Blocked card",
	KindExpiredCard: "Expired card", KindOverdueBooks: "Overdue books", KindAtBookLimit: "At book limit",
	KindProxCard: "Prox card", KindBook: "Book", KindBookOnHold: "Book on hold",
	KindBookOnLoan: "Book on loan", KindLostBook: "Lost book",
}

// Label is the sample in English ("Student: Maya (2-Kim)"), for logs and tests.
func (s Sample) Label() string { return kindWords[s.Kind] + ": " + s.Name }

// favorites are the titles Samples prefers for its available books.
var favorites = []string{
	"Charlotte's Web",
	"The Very Hungry Caterpillar",
	"Where the Wild Things Are",
	"Dog Man",
	"The Snowy Day",
	"Wonder",
	"Frog and Toad Are Friends",
	"Green Eggs and Ham",
}

// maxTitle is the longest title a label shows in full.
const maxTitle = 28

// Samples chooses, from ds as of now, codes that show what a station does:
// three students who may borrow, a teacher, a blocked card, an expired
// card, a student with overdue books, a student at the item limit, a prox
// card, two books on the shelf, a book on the hold shelf for someone else,
// a book checked out to someone else and a lost book. The same ds and now
// give the same samples; a kind that ds lacks is left out.
func Samples(ds circ.Dataset, now time.Time) []Sample {
	p := newPanel(ds, now)
	p.addStudents()
	p.addTeacher()
	p.addCardsInTrouble()
	p.addProxCard()
	p.addShelfBooks()
	p.addBooksOfOthers()
	p.addLostBook()
	return p.out
}

// panel is one Samples call: what ds says about its patrons and items as
// of now, and the samples chosen so far.
type panel struct {
	ds      circ.Dataset
	now     time.Time
	pol     circ.Policy
	loans   map[string]loanCount // patron → their loans
	lent    map[string]string    // item → patron who has it
	held    map[string]string    // item → patron waiting for it
	aliased map[string]bool      // patrons with a prox card

	out    []Sample
	chosen map[string]bool // patrons in out
	shelf  []string        // titles of the books on the shelf in out
}

// loanCount is how many books a patron has out, and how many of them are
// overdue.
type loanCount struct{ out, overdue int }

func newPanel(ds circ.Dataset, now time.Time) *panel {
	p := &panel{ds: ds, now: now, pol: circ.DefaultPolicy(), chosen: map[string]bool{}}
	p.loans, p.lent = countLoans(ds.Loans, len(ds.Patrons), now)
	p.held = waitingFor(ds.Holds, now)
	p.aliased = map[string]bool{}
	for _, a := range ds.Aliases {
		p.aliased[a.Patron] = true
	}
	return p
}

// countLoans counts each patron's loans, and says who has each item out.
func countLoans(loans []circ.Loan, patrons int, now time.Time) (map[string]loanCount, map[string]string) {
	count := make(map[string]loanCount, patrons)
	lent := make(map[string]string, len(loans)) // item → patron
	for _, l := range loans {
		c := count[l.Patron]
		c.out++
		if l.Overdue(now) {
			c.overdue++
		}
		count[l.Patron] = c
		lent[l.Item] = l.Patron
	}
	return count, lent
}

// waitingFor maps each item to the patron of its first active hold, the one
// a desk would see.
func waitingFor(holds []circ.Hold, now time.Time) map[string]string {
	first := map[string]circ.Hold{} // item → its first active hold
	for _, h := range holds {
		if f, ok := first[h.Item]; h.Active(now) && (!ok || h.Placed.Before(f.Placed)) {
			first[h.Item] = h
		}
	}
	held := make(map[string]string, len(first))
	for item, h := range first {
		held[item] = h.Patron
	}
	return held
}

// mayBorrow reports whether pt is in good standing and under the limit.
func (p *panel) mayBorrow(pt circ.Patron) bool {
	c := p.loans[pt.ID]
	return p.pol.Standing(pt, c.overdue, p.now) == "" && c.out < p.pol.Limit(pt)
}

// add puts a card of pt on the panel, named as who names it.
func (p *panel) add(kind SampleKind, pt circ.Patron, code string) {
	p.addNamed(kind, pt, who(pt), code)
}

// addNamed puts a card of pt on the panel under name.
func (p *panel) addNamed(kind SampleKind, pt circ.Patron, name, code string) {
	p.out = append(p.out, Sample{Kind: kind, Name: name, Code: code})
	p.chosen[pt.ID] = true
}

// find returns the first patron of ds not on the panel yet that ok accepts.
func (p *panel) find(ok func(circ.Patron) bool) (circ.Patron, bool) {
	for _, pt := range p.ds.Patrons {
		if !p.chosen[pt.ID] && ok(pt) {
			return pt, true
		}
	}
	return circ.Patron{}, false
}

// addStudents adds three students from different grades, with different
// first names, who have nothing out and nothing else special about them.
func (p *panel) addStudents() {
	names := map[string]bool{} // first names of the students added
	for _, grade := range []string{"1", "3", "5", ""} {
		if len(names) == 3 {
			break
		}
		pt, ok := p.find(func(pt circ.Patron) bool {
			return pt.Type == circ.Student && (grade == "" || pt.Grade == grade) && !names[pt.FirstName] &&
				!p.aliased[pt.ID] && p.loans[pt.ID].out == 0 && p.mayBorrow(pt)
		})
		if ok {
			names[pt.FirstName] = true
			p.add(KindStudent, pt, pt.ID)
		}
	}
}

// addTeacher adds a homeroom teacher who may borrow and has nothing
// overdue, named in full.
func (p *panel) addTeacher() {
	pt, ok := p.find(func(pt circ.Patron) bool {
		return pt.Type == circ.Teacher && pt.Homeroom != "" && p.loans[pt.ID].overdue == 0 && p.mayBorrow(pt)
	})
	if ok {
		p.addNamed(KindTeacher, pt, pt.FirstName+" "+pt.LastName, pt.ID)
	}
}

// addCardsInTrouble adds a student for each reason a desk stops a
// checkout: a blocked card, an expired card, overdue books, the limit.
func (p *panel) addCardsInTrouble() {
	now := p.now
	troubles := []struct {
		kind SampleKind
		ok   func(circ.Patron) bool
	}{
		{KindBlockedCard, func(pt circ.Patron) bool { return pt.Blocked && !pt.Expired(now) }},
		{KindExpiredCard, func(pt circ.Patron) bool { return pt.Expired(now) && !pt.Blocked }},
		{KindOverdueBooks, func(pt circ.Patron) bool {
			return !pt.Blocked && !pt.Expired(now) && p.loans[pt.ID].overdue > 0
		}},
		{KindAtBookLimit, func(pt circ.Patron) bool {
			c := p.loans[pt.ID]
			return p.pol.Standing(pt, c.overdue, now) == "" && c.out == p.pol.Limit(pt)
		}},
	}
	for _, t := range troubles {
		if pt, ok := p.find(func(pt circ.Patron) bool { return pt.Type == circ.Student && t.ok(pt) }); ok {
			p.add(t.kind, pt, pt.ID)
		}
	}
}

// addProxCard adds the prox card of the first student with one who is not
// on the panel yet and may borrow.
func (p *panel) addProxCard() {
	patrons := make(map[string]circ.Patron, len(p.ds.Patrons))
	for _, pt := range p.ds.Patrons {
		patrons[pt.ID] = pt
	}
	for _, a := range p.ds.Aliases {
		if pt, ok := patrons[a.Patron]; ok && pt.Type == circ.Student && !p.chosen[pt.ID] && p.mayBorrow(pt) {
			p.add(KindProxCard, pt, a.Alias)
			return
		}
	}
}

// addBook adds the first item ok accepts, preferring one whose title fits a
// label in full, and reports whether there was one.
func (p *panel) addBook(kind SampleKind, ok func(circ.Item) bool) bool {
	for _, short := range []bool{true, false} {
		for _, it := range p.ds.Items {
			if (!short || len([]rune(it.Title)) <= maxTitle) && ok(it) {
				p.out = append(p.out, Sample{Kind: kind, Name: shorten(it.Title), Code: it.Barcode})
				return true
			}
		}
	}
	return false
}

// onShelf reports whether it sits on the shelf free to borrow: available,
// not lent, held for no one and not reference.
func (p *panel) onShelf(it circ.Item) bool {
	_, h := p.held[it.Barcode]
	return it.Status == circ.Available && p.lent[it.Barcode] == "" && !h && it.Location != locReference
}

// addShelfBooks adds two books on the shelf with different titles,
// favorites first.
func (p *panel) addShelfBooks() {
	for _, f := range favorites {
		if len(p.shelf) < 2 {
			p.shelve(f)
		}
	}
	for len(p.shelf) < 2 && p.shelve("") {
	}
}

// shelve adds a book on the shelf titled title (any title if "") whose
// title is not on the panel yet, and reports whether there was one.
func (p *panel) shelve(title string) bool {
	return p.addBook(KindBook, func(it circ.Item) bool {
		ok := (title == "" || it.Title == title) && !slices.Contains(p.shelf, it.Title) && p.onShelf(it)
		if ok {
			p.shelf = append(p.shelf, it.Title)
		}
		return ok
	})
}

// addBooksOfOthers adds a book on the hold shelf and a book checked out,
// both for patrons not on the panel and with titles not on its shelf.
func (p *panel) addBooksOfOthers() {
	p.addBook(KindBookOnHold, func(it circ.Item) bool {
		pt, h := p.held[it.Barcode]
		return it.Status == circ.OnHold && p.lent[it.Barcode] == "" && h && !p.chosen[pt] && !slices.Contains(p.shelf, it.Title)
	})
	p.addBook(KindBookOnLoan, func(it circ.Item) bool {
		pt := p.lent[it.Barcode]
		return it.Status == circ.OnLoan && pt != "" && !p.chosen[pt] && !slices.Contains(p.shelf, it.Title)
	})
}

// addLostBook adds a lost book that is not out on loan.
func (p *panel) addLostBook() {
	p.addBook(KindLostBook, func(it circ.Item) bool { return it.Status == circ.Lost && p.lent[it.Barcode] == "" })
}

// who is how a label names a patron: the first name and homeroom only.
func who(p circ.Patron) string {
	if p.Homeroom == "" {
		return p.FirstName
	}
	return p.FirstName + " (" + p.Homeroom + ")"
}

// shorten cuts a title that would make a label too long.
func shorten(title string) string {
	r := []rune(title)
	if len(r) <= maxTitle {
		return title
	}
	return string(r[:maxTitle-1]) + "…"
}
