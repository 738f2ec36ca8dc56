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
	pol := circ.DefaultPolicy()
	type standing struct{ out, overdue int }
	st := make(map[string]standing, len(ds.Patrons))
	lent := make(map[string]string, len(ds.Loans)) // item → patron
	for _, l := range ds.Loans {
		s := st[l.Patron]
		s.out++
		if l.Overdue(now) {
			s.overdue++
		}
		st[l.Patron] = s
		lent[l.Item] = l.Patron
	}
	first := map[string]circ.Hold{} // item → its first active hold, as a desk sees it
	for _, h := range ds.Holds {
		if f, ok := first[h.Item]; h.Active(now) && (!ok || h.Placed.Before(f.Placed)) {
			first[h.Item] = h
		}
	}
	held := make(map[string]string, len(first)) // item → patron waiting for it
	for item, h := range first {
		held[item] = h.Patron
	}
	aliased := map[string]bool{}
	for _, a := range ds.Aliases {
		aliased[a.Patron] = true
	}
	patrons := make(map[string]circ.Patron, len(ds.Patrons))
	for _, p := range ds.Patrons {
		patrons[p.ID] = p
	}
	mayBorrow := func(p circ.Patron) bool {
		s := st[p.ID]
		return pol.Standing(p, s.overdue, now) == "" && s.out < pol.Limit(p)
	}

	var out []Sample
	chosen := map[string]bool{} // patrons in out
	add := func(kind SampleKind, p circ.Patron, code string) {
		out = append(out, Sample{Kind: kind, Name: who(p), Code: code})
		chosen[p.ID] = true
	}
	find := func(ok func(circ.Patron) bool) (circ.Patron, bool) {
		for _, p := range ds.Patrons {
			if !chosen[p.ID] && ok(p) {
				return p, true
			}
		}
		return circ.Patron{}, false
	}
	// Three students from different grades, with different first names,
	// who have nothing out and nothing else special about them.
	names := map[string]bool{}
	for _, grade := range []string{"1", "3", "5", ""} {
		if len(out) == 3 {
			break
		}
		p, ok := find(func(p circ.Patron) bool {
			return p.Type == circ.Student && (grade == "" || p.Grade == grade) && !names[p.FirstName] &&
				!aliased[p.ID] && st[p.ID].out == 0 && mayBorrow(p)
		})
		if ok {
			names[p.FirstName] = true
			add(KindStudent, p, p.ID)
		}
	}
	if p, ok := find(func(p circ.Patron) bool {
		return p.Type == circ.Teacher && p.Homeroom != "" && st[p.ID].overdue == 0 && mayBorrow(p)
	}); ok {
		out = append(out, Sample{Kind: KindTeacher, Name: p.FirstName + " " + p.LastName, Code: p.ID})
		chosen[p.ID] = true
	}
	students := []struct {
		kind SampleKind
		ok   func(circ.Patron) bool
	}{
		{KindBlockedCard, func(p circ.Patron) bool { return p.Blocked && !p.Expired(now) }},
		{KindExpiredCard, func(p circ.Patron) bool { return p.Expired(now) && !p.Blocked }},
		{KindOverdueBooks, func(p circ.Patron) bool {
			return !p.Blocked && !p.Expired(now) && st[p.ID].overdue > 0
		}},
		{KindAtBookLimit, func(p circ.Patron) bool {
			return pol.Standing(p, st[p.ID].overdue, now) == "" && st[p.ID].out == pol.Limit(p)
		}},
	}
	for _, s := range students {
		if p, ok := find(func(p circ.Patron) bool { return p.Type == circ.Student && s.ok(p) }); ok {
			add(s.kind, p, p.ID)
		}
	}
	for _, a := range ds.Aliases {
		if p, ok := patrons[a.Patron]; ok && p.Type == circ.Student && !chosen[p.ID] && mayBorrow(p) {
			add(KindProxCard, p, a.Alias)
			break
		}
	}

	// Books: two on the shelf, favorites first; one on the hold shelf and
	// one checked out, both for patrons not on the panel; a lost one.
	book := func(kind SampleKind, ok func(circ.Item) bool) bool {
		for _, short := range []bool{true, false} {
			for _, it := range ds.Items {
				if (!short || len([]rune(it.Title)) <= maxTitle) && ok(it) {
					out = append(out, Sample{Kind: kind, Name: shorten(it.Title), Code: it.Barcode})
					return true
				}
			}
		}
		return false
	}
	onShelf := func(it circ.Item) bool {
		_, h := held[it.Barcode]
		return it.Status == circ.Available && lent[it.Barcode] == "" && !h && it.Location != locReference
	}
	var shelf []string // titles of the books on the panel
	shelve := func(title string) bool {
		return book(KindBook, func(it circ.Item) bool {
			ok := (title == "" || it.Title == title) && !slices.Contains(shelf, it.Title) && onShelf(it)
			if ok {
				shelf = append(shelf, it.Title)
			}
			return ok
		})
	}
	for _, f := range favorites {
		if len(shelf) < 2 {
			shelve(f)
		}
	}
	for len(shelf) < 2 && shelve("") {
	}
	book(KindBookOnHold, func(it circ.Item) bool {
		p, h := held[it.Barcode]
		return it.Status == circ.OnHold && lent[it.Barcode] == "" && h && !chosen[p] && !slices.Contains(shelf, it.Title)
	})
	book(KindBookOnLoan, func(it circ.Item) bool {
		p := lent[it.Barcode]
		return it.Status == circ.OnLoan && p != "" && !chosen[p] && !slices.Contains(shelf, it.Title)
	})
	book(KindLostBook, func(it circ.Item) bool { return it.Status == circ.Lost && lent[it.Barcode] == "" })
	return out
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
