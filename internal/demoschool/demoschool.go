// Package demoschool generates Demo Elementary, the school a CircDesk demo
// runs on: a K–5 roster with teachers and staff, a real children's
// library collection of about 8,500 copies, and the day's circulation
// (current and overdue loans, holds, blocked and expired cards). The same
// calendar date always gives the same dataset, and loans and holds are
// dated from that day, so a demo always has books out and some overdue.
//
// Samples picks the codes for the demo scanner panel from a dataset, and
// District makes a large deterministic dataset for benchmarks. The names
// and titles come from the word lists in assets.Demo.
package demoschool

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// School is the name of the demo school.
const School = "Demo Elementary"

// grades of an elementary school, youngest first.
var grades = [...]string{"K", "1", "2", "3", "4", "5"}

const (
	homeroomsPerGrade = 4
	teacherCount      = 30 // 24 homeroom teachers and 6 teachers of specials
	staffCount        = 6
	// institution is the school's 4-digit code inside its item barcodes.
	institution = "1047"
	// studentLimit is the most any generated student has out: the default policy's.
	studentLimit = 10
)

var blockReasons = []string{
	"Lost book not paid for",
	"Damaged book: see the librarian",
	"Parent asked for a hold on borrowing",
	"Card reported lost",
	"Overdue books from last year",
}

// Seeds of the two random streams. fixedSeed drives what is the same every
// day (people, cards, the collection); dailySeed with the date drives the
// circulation of that day.
const (
	fixedSeed1 = 0x44656d6f456c656d // "DemoElem"
	fixedSeed2 = 0x4369726344657368 // "CircDesh"
	dailySeed  = 0x4c6f616e73446179 // "LoansDay"
)

// Generate returns Demo Elementary as of the calendar date of now, in now's
// location. Two calls with the same date (any time of that day) return
// equal datasets; cards, loans and holds are dated relative to that day.
//
// What it contains: about 630 students in 24 homerooms (K-Rivera style, 4
// per grade K–5) with 7-digit IDs starting with 1, 30 teachers and 6 staff
// with 6-digit IDs starting with 9, prox-card aliases for a few, about 2%
// blocked and 2% expired cards; about 8,500 items (14-digit barcodes
// starting with 3, valid mod-10 check digit, RFID tag UIDs) of about 1,000
// real titles; loans for about a tenth of the students (some overdue, one
// at the 10-book limit) and for most teachers (two with a whole book set);
// holds on books that are out and a few books on the hold shelf; a few
// lost and missing books. Item statuses agree with loans and holds.
func Generate(now time.Time) circ.Dataset {
	g := newSchool(mustLists(), now)
	g.roster()
	g.collection()
	g.circulate()
	return g.finish()
}

// school is the state of one Generate call.
type school struct {
	l     *lists
	pol   circ.Policy
	today time.Time  // midnight of the date, in its location
	fixed *rand.Rand // the same every day
	daily *rand.Rand // seeded with the date

	ds       circ.Dataset
	codes    map[string]bool // patron IDs and aliases in use
	students []int           // indexes into ds.Patrons
	teachers []int
	staff    []int
	clean    []int       // students who may borrow: neither blocked nor expired
	atLimit  int         // the student with studentLimit books out
	openDays []time.Time // openDays[k-1] is the k-th open day before today
	loans    []int       // per patron: items out
	taken    []bool      // per item: on loan or on the hold shelf
	pools    [4][]int    // loanable items by shelf: easy, fiction, nonfiction, graphic
}

func newSchool(l *lists, now time.Time) *school {
	y, m, d := now.Date()
	g := &school{
		l:     l,
		pol:   circ.DefaultPolicy(),
		today: time.Date(y, m, d, 0, 0, 0, 0, now.Location()),
		fixed: rand.New(rand.NewPCG(fixedSeed1, fixedSeed2)),
		daily: rand.New(rand.NewPCG(dailySeed, uint64(y)*10000+uint64(m)*100+uint64(d))),
		codes: map[string]bool{},
	}
	for day := g.today; len(g.openDays) < 200; {
		day = day.AddDate(0, 0, -1)
		if g.open(day) {
			g.openDays = append(g.openDays, day)
		}
	}
	return g
}

// open reports whether the media center lends on day.
func (g *school) open(day time.Time) bool {
	if slices.Contains(g.pol.ClosedWeekdays, day.Weekday()) {
		return false
	}
	return !slices.Contains(g.pol.Holidays, day.Format(time.DateOnly))
}

// endOfDay is the last second of day.
func endOfDay(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, day.Location())
}

// schoolYearEnd is June 30 of the school year that today is in (summer
// counts toward the next one): when student cards expire.
func schoolYearEnd(today time.Time) time.Time {
	y := today.Year()
	if today.Month() > time.June {
		y++
	}
	return time.Date(y, time.June, 30, 23, 59, 59, 0, today.Location())
}

// during returns a moment of the school day on day.
func during(r *rand.Rand, day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 7, 45+r.IntN(450), r.IntN(60), 0, day.Location())
}

func pick(r *rand.Rand, words []string) string { return words[r.IntN(len(words))] }

// newCode returns an unused all-digit code of n digits that starts with lead.
func (g *school) newCode(lead byte, n int) string {
	b := make([]byte, n)
	b[0] = lead
	for {
		for i := 1; i < n; i++ {
			b[i] = byte('0' + g.fixed.IntN(10))
		}
		if s := string(b); !g.codes[s] {
			g.codes[s] = true
			return s
		}
	}
}

// proxCard returns an unused 10-digit prox card number (a 125 kHz card's
// 32-bit number as ID-card readers print it).
func (g *school) proxCard() string {
	for {
		s := pad(uint64(100_000_000+g.fixed.Uint32N(4_194_967_295)), 10)
		if !g.codes[s] {
			g.codes[s] = true
			return s
		}
	}
}

// pad formats n with at least width digits.
func pad(n uint64, width int) string {
	s := strconv.FormatUint(n, 10)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

func (g *school) addPatron(p circ.Patron) int {
	g.ds.Patrons = append(g.ds.Patrons, p)
	return len(g.ds.Patrons) - 1
}

// roster makes the teachers, the staff and the students.
func (g *school) roster() {
	r := g.fixed
	surnames := r.Perm(len(g.l.last))
	for i := range teacherCount {
		p := circ.Patron{
			ID:        g.newCode('9', 6),
			FirstName: pick(r, g.l.adult),
			LastName:  g.l.last[surnames[i]],
			Type:      circ.Teacher,
			School:    School,
		}
		if i < len(grades)*homeroomsPerGrade {
			p.Grade = grades[i/homeroomsPerGrade]
			p.Homeroom = p.Grade + "-" + p.LastName
		}
		g.teachers = append(g.teachers, g.addPatron(p))
	}
	for i := range staffCount {
		p := circ.Patron{
			ID:        g.newCode('9', 6),
			FirstName: pick(r, g.l.adult),
			LastName:  g.l.last[surnames[teacherCount+i]],
			Type:      circ.Staff,
			School:    School,
		}
		g.staff = append(g.staff, g.addPatron(p))
	}

	expires := schoolYearEnd(g.today)
	names := map[string]bool{}
	for h := range len(grades) * homeroomsPerGrade {
		teacher := g.ds.Patrons[g.teachers[h]]
		for range 25 + r.IntN(4) {
			var first, last string
			for {
				first, last = pick(r, g.l.first), pick(r, g.l.last)
				if !names[first+" "+last] {
					names[first+" "+last] = true
					break
				}
			}
			g.students = append(g.students, g.addPatron(circ.Patron{
				ID:        g.newCode('1', 7),
				FirstName: first,
				LastName:  last,
				Type:      circ.Student,
				School:    School,
				Grade:     teacher.Grade,
				Homeroom:  teacher.Homeroom,
				Expires:   expires,
			}))
		}
	}

	// The mess every school has: about 2% blocked, 2% expired (students
	// who left), and a few prox cards beside the ID.
	order := r.Perm(len(g.students))
	blocked := max(3, len(g.students)/50)
	expired := max(3, len(g.students)/50)
	for n, k := range order {
		p := &g.ds.Patrons[g.students[k]]
		switch {
		case n < blocked:
			p.Blocked, p.BlockReason = true, blockReasons[r.IntN(len(blockReasons))]
		case n < blocked+expired:
			p.Expires = endOfDay(g.today.AddDate(0, 0, -1-r.IntN(120)))
		case n < blocked+expired+12:
			g.ds.Aliases = append(g.ds.Aliases, circ.Alias{Alias: g.proxCard(), Patron: p.ID})
		}
	}
	for _, t := range g.teachers[:2] {
		g.ds.Aliases = append(g.ds.Aliases, circ.Alias{Alias: g.proxCard(), Patron: g.ds.Patrons[t].ID})
	}
	for _, s := range g.students {
		if p := g.ds.Patrons[s]; !p.Blocked && !p.Expired(g.today) {
			g.clean = append(g.clean, s)
		}
	}
}

// copyRange is how many copies a title of each popularity has.
var copyRange = [6][2]int{1: {3, 6}, 2: {6, 10}, 3: {10, 14}, 4: {14, 17}, 5: {17, 20}}

func (g *school) copies(t title) int {
	r := g.fixed
	switch {
	case t.Location == locReference:
		return 1 + r.IntN(2)
	case t.Material == matAudiobook || t.Material == matDVD || t.Material == matKit:
		return 1 + r.IntN(3)
	}
	lo, hi := copyRange[t.Popularity][0], copyRange[t.Popularity][1]
	return lo + r.IntN(hi-lo+1)
}

// itemBarcode is the 14-digit Codabar library barcode of item number seq
// of institution inst: 3, the institution, 8 digits, the mod-10 check digit.
func itemBarcode(inst string, seq uint64) string {
	body := "3" + inst + pad(seq, 8)
	return body + string(circ.Mod10(body))
}

// tagUID is the UID of the RFID tag of the n-th item: an NXP ICODE SLIX
// (E0 04 01) with a 40-bit serial. Multiplying by an odd number is a
// bijection modulo 2^40, so different n give different UIDs.
func tagUID(n uint64) string {
	const hex = "0123456789ABCDEF"
	serial := (n*0x9E3779B97F4A7C15 + 0x5DEECE66D) & (1<<40 - 1)
	b := []byte("E00401")
	for shift := 36; shift >= 0; shift -= 4 {
		b = append(b, hex[serial>>uint(shift)&0xF])
	}
	return string(b)
}

// collection makes the copies of every title, numbered in catalog order.
func (g *school) collection() {
	r := g.fixed
	seq := uint64(10001)
	for _, t := range g.l.titles {
		for range g.copies(t) {
			g.ds.Items = append(g.ds.Items, t.copy(itemBarcode(institution, seq), tagUID(uint64(len(g.ds.Items)))))
			seq++
			if r.IntN(10) == 0 {
				seq += 1 + uint64(r.IntN(3)) // weeded copies leave gaps
			}
		}
	}
	for _, st := range []struct {
		status circ.ItemStatus
		n      int
	}{{circ.Lost, 24}, {circ.Missing, 12}} {
		for n := 0; n < st.n; {
			it := &g.ds.Items[r.IntN(len(g.ds.Items))]
			if it.Status == circ.Available && it.Location != locReference {
				it.Status = st.status
				n++
			}
		}
	}
}

const (
	poolEasy = iota
	poolFiction
	poolNonfiction
	poolGraphic
)

// shelfWeights say where each grade borrows from (easy, fiction,
// nonfiction and biography, graphic novels); the last row is for adults.
var shelfWeights = [len(grades) + 1][4]int{
	{70, 0, 25, 5},
	{55, 10, 25, 10},
	{30, 30, 20, 20},
	{10, 45, 20, 25},
	{5, 50, 20, 25},
	{0, 55, 20, 25},
	{30, 35, 35, 0},
}

// circulate lends and reserves books for the day.
func (g *school) circulate() {
	g.loans = make([]int, len(g.ds.Patrons))
	g.taken = make([]bool, len(g.ds.Items))
	for i, it := range g.ds.Items {
		if it.Status != circ.Available {
			continue
		}
		switch {
		case it.Location == locEasy && it.MaterialType != matDVD:
			g.pools[poolEasy] = append(g.pools[poolEasy], i)
		case it.Location == locFiction && it.MaterialType != matDVD:
			g.pools[poolFiction] = append(g.pools[poolFiction], i)
		case it.Location == locNonfiction || it.Location == locBiography:
			g.pools[poolNonfiction] = append(g.pools[poolNonfiction], i)
		case it.Location == locGraphic:
			g.pools[poolGraphic] = append(g.pools[poolGraphic], i)
		}
	}
	r := g.daily
	clean := slices.Clone(g.clean)
	r.Shuffle(len(clean), func(i, j int) { clean[i], clean[j] = clean[j], clean[i] })

	// One student at the limit, a tenth with a few books, a handful of
	// heavy readers.
	next := 0
	take := func(n int) []int {
		s := clean[next : next+n]
		next += n
		return s
	}
	for _, s := range take(1) {
		g.atLimit = s
		for range studentLimit {
			g.lend(s, g.pickItem(s), false)
		}
	}
	for _, s := range take(len(g.students) / 10) {
		for range 1 + r.IntN(3) {
			g.lend(s, g.pickItem(s), false)
		}
	}
	for _, s := range take(5) {
		for range 4 + r.IntN(5) {
			g.lend(s, g.pickItem(s), false)
		}
	}
	// Overdue books, also among blocked and expired students.
	for range len(g.students) / 25 {
		s := g.students[r.IntN(len(g.students))]
		if s == g.atLimit || g.loans[s] > studentLimit-3 {
			continue
		}
		for range 1 + r.IntN(2) {
			g.lend(s, g.pickItem(s), true)
		}
		if r.IntN(3) == 0 {
			g.lend(s, g.pickItem(s), false)
		}
	}
	// Teachers borrow more, and for longer; some forget to return.
	for _, t := range g.teachers {
		if r.IntN(10) < 7 {
			for range 2 + r.IntN(18) {
				g.lend(t, g.pickItem(t), false)
			}
		}
		if r.IntN(7) == 0 {
			for range 1 + r.IntN(3) {
				g.lend(t, g.pickItem(t), true)
			}
		}
	}
	g.bookSets()
	for _, s := range g.staff[:2] {
		for range 1 + r.IntN(3) {
			g.lend(s, g.pickItem(s), false)
		}
	}
	g.holds(clean[next:])
}

// pickItem chooses an untaken item for patron p from the shelves p's grade
// reads, or from any shelf when those are all out.
func (g *school) pickItem(p int) int {
	r := g.daily
	row := len(grades)
	if pt := g.ds.Patrons[p]; pt.Type == circ.Student {
		row = slices.Index(grades[:], pt.Grade)
	}
	w := shelfWeights[row]
	for range 64 {
		n := r.IntN(w[0] + w[1] + w[2] + w[3])
		pool := 0
		for n >= w[pool] {
			n -= w[pool]
			pool++
		}
		if len(g.pools[pool]) == 0 {
			continue
		}
		if i := g.pools[pool][r.IntN(len(g.pools[pool]))]; !g.taken[i] {
			return i
		}
	}
	for _, pool := range g.pools {
		for _, i := range pool {
			if !g.taken[i] {
				return i
			}
		}
	}
	panic("demoschool: every item is out")
}

// loanDates returns when a loan to p went out and is due: a current loan
// (due today or later) or an overdue one (due before today).
func (g *school) loanDates(p circ.Patron, overdue bool) (out, due time.Time) {
	r := g.daily
	long := g.pol.LoanDays[p.Type] > 20
	var k int
	switch {
	case overdue && long:
		k = 32 + r.IntN(60)
	case overdue:
		k = 12 + r.IntN(50)
	case long:
		k = 1 + r.IntN(28)
	default:
		k = 1 + r.IntN(9)
	}
	for {
		out = during(r, g.openDays[k-1])
		due = g.pol.Due(p, out)
		if due.Before(g.today) == overdue {
			return out, due
		}
		if overdue {
			k++
		} else {
			k--
		}
	}
}

// lend records a loan of item i to patron p.
func (g *school) lend(p, i int, overdue bool) {
	pt := g.ds.Patrons[p]
	if pt.Type == circ.Student && g.loans[p] >= studentLimit {
		return
	}
	out, due := g.loanDates(pt, overdue)
	renewals := 0
	if !overdue && pt.Type == circ.Student && g.daily.IntN(10) == 0 {
		// Renewed once: out about three weeks ago, renewed this week.
		out = during(g.daily, g.openDays[10+g.daily.IntN(8)])
		renewed := during(g.daily, g.openDays[g.daily.IntN(5)])
		due, renewals = g.pol.Due(pt, renewed), 1
	}
	g.ds.Loans = append(g.ds.Loans, circ.Loan{Item: g.ds.Items[i].Barcode, Patron: pt.ID, Out: out, Due: due, Renewals: renewals})
	g.ds.Items[i].Status = circ.OnLoan
	g.taken[i] = true
	g.loans[p]++
}

// bookSets lends two upper-grade teachers every available copy of a
// chapter book for a class read.
func (g *school) bookSets() {
	r := g.daily
	byTitle := map[string][]int{}
	var titles []string
	for _, i := range g.pools[poolFiction] {
		it := g.ds.Items[i]
		if it.MaterialType != matBook || g.taken[i] {
			continue
		}
		if byTitle[it.Title] == nil {
			titles = append(titles, it.Title)
		}
		byTitle[it.Title] = append(byTitle[it.Title], i)
	}
	titles = slices.DeleteFunc(titles, func(t string) bool { return len(byTitle[t]) < 10 })
	if len(titles) < 2 {
		return
	}
	upper := g.teachers[3*homeroomsPerGrade : 6*homeroomsPerGrade]
	chosen := r.Perm(len(titles))
	for n, t := range r.Perm(len(upper))[:2] {
		p := upper[t]
		pt := g.ds.Patrons[p]
		out := during(r, g.openDays[2+r.IntN(12)])
		due := g.pol.Due(pt, out)
		for _, i := range byTitle[titles[chosen[n]]] {
			g.ds.Loans = append(g.ds.Loans, circ.Loan{Item: g.ds.Items[i].Barcode, Patron: pt.ID, Out: out, Due: due})
			g.ds.Items[i].Status = circ.OnLoan
			g.taken[i] = true
			g.loans[p]++
		}
	}
}

// holds places holds on books that are out, and puts a few returned books
// on the hold shelf. waiting are students who may borrow.
func (g *school) holds(waiting []int) {
	r := g.daily
	who := func(not string) circ.Patron {
		for {
			if p := g.ds.Patrons[waiting[r.IntN(len(waiting))]]; p.ID != not {
				return p
			}
		}
	}
	index := map[string]int{}
	for i, it := range g.ds.Items {
		index[it.Barcode] = i
	}
	// Holds on books that are out to a student: the next reader waits.
	students := map[string]bool{}
	for _, p := range g.students {
		students[g.ds.Patrons[p].ID] = true
	}
	var studentLoans []int
	for n, l := range g.ds.Loans {
		if students[l.Patron] && g.ds.Items[index[l.Item]].Location != locNonfiction {
			studentLoans = append(studentLoans, n)
		}
	}
	for n, k := range r.Perm(len(studentLoans))[:min(20, len(studentLoans))] {
		l := g.ds.Loans[studentLoans[k]]
		placed := during(r, g.openDays[r.IntN(5)])
		if !placed.After(l.Out) {
			placed = l.Out.Add(time.Duration(30+r.IntN(120)) * time.Minute)
		}
		first := who(l.Patron)
		g.ds.Holds = append(g.ds.Holds, circ.Hold{Item: l.Item, Patron: first.ID, Placed: placed})
		if n < 3 { // a second reader in the queue
			second := who(l.Patron)
			if second.ID != first.ID {
				g.ds.Holds = append(g.ds.Holds, circ.Hold{Item: l.Item, Patron: second.ID, Placed: placed.Add(time.Duration(10+r.IntN(50)) * time.Minute)})
			}
		}
	}
	// The hold shelf: returned books waiting for pickup until a deadline.
	shelf := slices.Concat(g.pools[poolEasy], g.pools[poolFiction], g.pools[poolGraphic])
	for n := 0; n < 8; {
		i := shelf[r.IntN(len(shelf))]
		if g.taken[i] {
			continue
		}
		g.taken[i] = true
		g.ds.Items[i].Status = circ.OnHold
		g.ds.Holds = append(g.ds.Holds, circ.Hold{
			Item:    g.ds.Items[i].Barcode,
			Patron:  who("").ID,
			Placed:  during(r, g.openDays[3+r.IntN(10)]),
			Expires: endOfDay(g.today.AddDate(0, 0, 2+r.IntN(5))),
		})
		n++
	}
}

func (g *school) finish() circ.Dataset {
	slices.SortStableFunc(g.ds.Loans, func(a, b circ.Loan) int {
		return cmp.Or(a.Out.Compare(b.Out), cmp.Compare(a.Item, b.Item))
	})
	slices.SortStableFunc(g.ds.Holds, func(a, b circ.Hold) int {
		return cmp.Or(cmp.Compare(a.Item, b.Item), a.Placed.Compare(b.Placed))
	})
	return g.ds
}
