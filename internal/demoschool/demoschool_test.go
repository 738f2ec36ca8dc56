package demoschool

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no time zone data for %s: %v", name, err)
	}
	return loc
}

func classifier(t testing.TB) *circ.Classifier {
	t.Helper()
	c, err := circ.NewClassifier(circ.DefaultScanRules())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGenerateIsTheSameAllDay(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	morning := time.Date(2026, time.October, 14, 0, 0, 0, 0, ny)
	tests := []struct {
		name string
		at   time.Time
	}{
		{"later that morning", morning.Add(7*time.Hour + 42*time.Minute)},
		{"last second of the day", morning.Add(24*time.Hour - time.Second)},
		{"same day, new Time value", time.Date(2026, time.October, 14, 13, 0, 0, 0, ny)},
	}
	first := Generate(morning)
	firstJSON, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := Generate(tt.at)
			if !reflect.DeepEqual(first, ds) {
				t.Fatal("two demo schools of the same date differ")
			}
			b, err := json.Marshal(ds)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(firstJSON, b) {
				t.Fatal("two demo schools of the same date are not byte-identical")
			}
		})
	}
}

func TestGenerateChangesWithTheDateOnly(t *testing.T) {
	mon := Generate(time.Date(2026, time.October, 12, 9, 0, 0, 0, time.UTC))
	tue := Generate(time.Date(2026, time.October, 13, 9, 0, 0, 0, time.UTC))
	if reflect.DeepEqual(mon.Loans, tue.Loans) {
		t.Error("Monday and Tuesday have the same loans; the circulation should follow the date")
	}
	// The people and the books stay: a barcode is the same book every day.
	if len(mon.Patrons) != len(tue.Patrons) || len(mon.Items) != len(tue.Items) {
		t.Fatalf("roster or collection changed size: %d/%d patrons, %d/%d items",
			len(mon.Patrons), len(tue.Patrons), len(mon.Items), len(tue.Items))
	}
	for i := range mon.Patrons {
		a, b := mon.Patrons[i], tue.Patrons[i]
		if a.ID != b.ID || a.FirstName != b.FirstName || a.Homeroom != b.Homeroom || a.Blocked != b.Blocked {
			t.Fatalf("patron %d changed overnight: %+v vs %+v", i, a, b)
		}
	}
	for i := range mon.Items {
		a, b := mon.Items[i], tue.Items[i]
		if a.Barcode != b.Barcode || a.Title != b.Title || a.RFID != b.RFID {
			t.Fatalf("item %d changed overnight: %+v vs %+v", i, a, b)
		}
	}
}

func TestGenerateOnAnyDate(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	tokyo := mustLoad(t, "Asia/Tokyo")
	tests := []struct {
		name string
		now  time.Time
	}{
		{"school day", time.Date(2026, time.October, 14, 10, 30, 0, 0, ny)},
		{"Saturday", time.Date(2026, time.October, 17, 11, 0, 0, 0, ny)},
		{"Monday after a weekend", time.Date(2026, time.October, 19, 7, 50, 0, 0, ny)},
		{"New Year's Day", time.Date(2027, time.January, 1, 0, 0, 0, 0, ny)},
		{"summer", time.Date(2026, time.July, 4, 12, 0, 0, 0, ny)},
		{"last day of the school year", time.Date(2027, time.June, 30, 15, 0, 0, 0, ny)},
		{"leap day", time.Date(2028, time.February, 29, 9, 0, 0, 0, ny)},
		{"clocks go forward", time.Date(2026, time.March, 8, 12, 0, 0, 0, ny)},
		{"clocks go back", time.Date(2026, time.November, 1, 23, 59, 59, 0, ny)},
		{"Tokyo", time.Date(2026, time.October, 14, 8, 0, 0, 0, tokyo)},
		{"UTC midnight", time.Date(2026, time.October, 14, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkSchool(t, Generate(tt.now), tt.now)
		})
	}
}

var (
	studentID = regexp.MustCompile(`^1\d{6}$`)
	adultID   = regexp.MustCompile(`^9\d{5}$`)
	proxCard  = regexp.MustCompile(`^\d{10}$`)
	tagID     = regexp.MustCompile(`^E00401[0-9A-F]{10}$`)
)

// checkSchool asserts what a librarian would notice about the demo school.
func checkSchool(t *testing.T, ds circ.Dataset, now time.Time) {
	t.Helper()
	c := classifier(t)
	checkConsistent(t, ds, now)

	var students, teachers, staff []circ.Patron
	for _, p := range ds.Patrons {
		if p.School != School {
			t.Errorf("patron %s is at %q, not %q", p.ID, p.School, School)
		}
		if p.Account != "" {
			t.Errorf("patron %s has account %q; the ID is the account", p.ID, p.Account)
		}
		if p.FirstName == "" || p.LastName == "" {
			t.Errorf("patron %s has no full name", p.ID)
		}
		switch p.Type {
		case circ.Student:
			students = append(students, p)
			if !studentID.MatchString(p.ID) {
				t.Errorf("student ID %q is not 7 digits starting with 1", p.ID)
			}
		case circ.Teacher, circ.Staff:
			if p.Type == circ.Teacher {
				teachers = append(teachers, p)
			} else {
				staff = append(staff, p)
			}
			if !adultID.MatchString(p.ID) {
				t.Errorf("%s ID %q is not 6 digits starting with 9", p.Type, p.ID)
			}
		default:
			t.Errorf("patron %s has type %q", p.ID, p.Type)
		}
		if c.Classify(p.ID) != circ.PatronCode {
			t.Errorf("the default rules do not take patron ID %q for a card", p.ID)
		}
	}
	if len(students) < 600 || len(teachers) != 30 || len(staff) < 3 || len(staff) > 10 {
		t.Errorf("%d students, %d teachers, %d staff; want ≥ 600, 30, a few", len(students), len(teachers), len(staff))
	}

	// Homerooms: 4 per grade K–5, each with one of the teachers and ~25 students.
	type homeroom struct {
		grade    string
		teachers int
		students int
	}
	rooms := map[string]*homeroom{}
	for _, p := range teachers {
		if p.Homeroom == "" {
			continue
		}
		if rooms[p.Homeroom] == nil {
			rooms[p.Homeroom] = &homeroom{grade: p.Grade}
		}
		rooms[p.Homeroom].teachers++
		if !strings.HasPrefix(p.Homeroom, p.Grade+"-") || !strings.HasSuffix(p.Homeroom, p.LastName) {
			t.Errorf("teacher %s %s of grade %s has homeroom %q; want %s-%s", p.FirstName, p.LastName, p.Grade, p.Homeroom, p.Grade, p.LastName)
		}
	}
	for _, p := range students {
		r := rooms[p.Homeroom]
		if r == nil {
			t.Errorf("student %s is in homeroom %q, which has no teacher", p.ID, p.Homeroom)
			continue
		}
		if r.grade != p.Grade {
			t.Errorf("student %s is in grade %s but homeroom %s is grade %s", p.ID, p.Grade, p.Homeroom, r.grade)
		}
		r.students++
	}
	perGrade := map[string]int{}
	for name, r := range rooms {
		perGrade[r.grade]++
		if r.teachers != 1 || r.students < 22 || r.students > 30 {
			t.Errorf("homeroom %s has %d teachers and %d students; want 1 and about 25", name, r.teachers, r.students)
		}
	}
	for _, g := range grades {
		if perGrade[g] != 4 {
			t.Errorf("grade %s has %d homerooms, want 4", g, perGrade[g])
		}
	}
	if len(rooms) != 24 {
		t.Errorf("%d homerooms, want 24", len(rooms))
	}

	// The realistic mess.
	var blocked, expired int
	for _, p := range students {
		if p.Blocked {
			blocked++
			if p.BlockReason == "" {
				t.Errorf("student %s is blocked without a reason", p.ID)
			}
		}
		if p.Expired(now) {
			expired++
		} else if p.Expires.Before(now) {
			t.Errorf("student %s: card expires %v, before now %v, yet is not expired", p.ID, p.Expires, now)
		}
	}
	for _, n := range []struct {
		what string
		got  int
	}{{"blocked", blocked}, {"expired", expired}} {
		if n.got < len(students)/100 || n.got > len(students)/25 {
			t.Errorf("%d of %d students are %s; want about 2%%", n.got, len(students), n.what)
		}
	}
	if len(ds.Aliases) < 5 {
		t.Errorf("%d prox cards, want a few", len(ds.Aliases))
	}
	for _, a := range ds.Aliases {
		if !proxCard.MatchString(a.Alias) || c.Classify(a.Alias) != circ.PatronCode {
			t.Errorf("prox card %q is not a 10-digit card number the default rules accept", a.Alias)
		}
	}

	// The collection.
	if len(ds.Items) < 8000 {
		t.Errorf("%d items, want at least 8,000", len(ds.Items))
	}
	statuses := map[circ.ItemStatus]int{}
	titles := map[string]bool{}
	for _, it := range ds.Items {
		statuses[it.Status]++
		titles[it.Title] = true
		if !tagID.MatchString(it.RFID) {
			t.Errorf("item %s has RFID UID %q, want E00401 and 10 hex digits", it.Barcode, it.RFID)
		}
		if it.Barcode[1:5] != institution {
			t.Errorf("item %s does not carry the school's code %s", it.Barcode, institution)
		}
	}
	if len(titles) < 600 || len(titles) > 1100 {
		t.Errorf("%d distinct titles, want 600 to 1,000 or so", len(titles))
	}
	if statuses[circ.Lost] < 3 || statuses[circ.Missing] < 3 {
		t.Errorf("%d lost and %d missing items, want a few of each", statuses[circ.Lost], statuses[circ.Missing])
	}
	if statuses[circ.OnHold] < 3 {
		t.Errorf("%d items on the hold shelf, want a few", statuses[circ.OnHold])
	}

	// Circulation: who has what out.
	out, overdue := map[string]int{}, map[string]int{}
	for _, l := range ds.Loans {
		out[l.Patron]++
		if l.Overdue(now) {
			overdue[l.Patron]++
		}
	}
	var borrowing, late, atLimit int
	for _, p := range students {
		if out[p.ID] > 0 {
			borrowing++
		}
		if overdue[p.ID] > 0 {
			late++
		}
		if out[p.ID] == 10 && overdue[p.ID] == 0 && !p.Blocked && !p.Expired(now) {
			atLimit++
		}
		if out[p.ID] > 10 {
			t.Errorf("student %s has %d items out, over the limit of 10", p.ID, out[p.ID])
		}
	}
	if borrowing < len(students)/12 || borrowing > len(students)/4 {
		t.Errorf("%d of %d students have books out, want about a tenth", borrowing, len(students))
	}
	if late < 5 {
		t.Errorf("%d students with overdue books, want some", late)
	}
	if atLimit < 1 {
		t.Error("no student in good standing at the 10-book limit")
	}
	var teacherLoans, bigTeacher int
	for _, p := range teachers {
		teacherLoans += out[p.ID]
		bigTeacher = max(bigTeacher, out[p.ID])
	}
	if teacherLoans/len(teachers) < 3 || bigTeacher < 10 {
		t.Errorf("teachers have %d items out (at most %d each); want larger loans than students", teacherLoans, bigTeacher)
	}
	if len(overdue) == 0 || len(overdue) == len(out) {
		t.Errorf("%d of %d borrowers have overdue books; want some, not all", len(overdue), len(out))
	}

	// Holds: on books that are out, and a few on the hold shelf.
	lentTo := map[string]string{}
	for _, l := range ds.Loans {
		lentTo[l.Item] = l.Patron
	}
	var waiting int
	for _, h := range ds.Holds {
		if p, ok := lentTo[h.Item]; ok && p != h.Patron {
			waiting++
		}
	}
	if waiting < 10 {
		t.Errorf("%d holds on books out to someone else, want some", waiting)
	}
}

// checkConsistent asserts that the dataset could be a real cache: every
// reference resolves, codes are unique and well formed, statuses agree
// with loans and holds, dates make sense at now.
func checkConsistent(t *testing.T, ds circ.Dataset, now time.Time) {
	t.Helper()
	c := classifier(t)
	pol := circ.DefaultPolicy()
	patrons := map[string]circ.Patron{}
	cards := map[string]bool{}
	for _, p := range ds.Patrons {
		if cards[p.ID] {
			t.Fatalf("patron ID %s is used twice", p.ID)
		}
		cards[p.ID] = true
		patrons[p.ID] = p
		if !p.Type.Valid() {
			t.Errorf("patron %s has type %q", p.ID, p.Type)
		}
	}
	for _, a := range ds.Aliases {
		if cards[a.Alias] {
			t.Fatalf("card number %s is used twice", a.Alias)
		}
		cards[a.Alias] = true
		if _, ok := patrons[a.Patron]; !ok {
			t.Errorf("alias %s belongs to unknown patron %s", a.Alias, a.Patron)
		}
	}
	items := map[string]circ.Item{}
	tags := map[string]bool{}
	for _, it := range ds.Items {
		if _, dup := items[it.Barcode]; dup {
			t.Fatalf("barcode %s is used twice", it.Barcode)
		}
		items[it.Barcode] = it
		if len(it.Barcode) != 14 || it.Barcode[0] != '3' || !circ.ValidMod10(it.Barcode) {
			t.Errorf("barcode %q is not a 14-digit library barcode starting with 3 with a valid check digit", it.Barcode)
		}
		if c.Classify(it.Barcode) != circ.ItemCode {
			t.Errorf("the default rules do not take barcode %q for an item", it.Barcode)
		}
		if it.RFID != "" {
			if tags[it.RFID] {
				t.Fatalf("RFID UID %s is used twice", it.RFID)
			}
			tags[it.RFID] = true
		}
		if !it.Status.Valid() || it.Title == "" || it.Author == "" || it.CallNumber == "" || it.Parts < 1 {
			t.Errorf("item %s is incomplete: %+v", it.Barcode, it)
		}
	}
	loaned := map[string]circ.Loan{}
	for _, l := range ds.Loans {
		if _, dup := loaned[l.Item]; dup {
			t.Errorf("item %s is lent twice", l.Item)
		}
		loaned[l.Item] = l
		p, ok := patrons[l.Patron]
		if !ok {
			t.Errorf("loan of %s to unknown patron %s", l.Item, l.Patron)
		}
		if _, ok := items[l.Item]; !ok {
			t.Errorf("loan of unknown item %s", l.Item)
		}
		if !l.Out.Before(now) || !l.Due.After(l.Out) {
			t.Errorf("loan of %s: out %v, due %v, now %v", l.Item, l.Out, l.Due, now)
		}
		if wd := l.Due.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("loan of %s falls due on a %s", l.Item, wd)
		}
		if h, m, s := l.Due.Clock(); h != 23 || m != 59 || s != 59 {
			t.Errorf("loan of %s is due at %02d:%02d:%02d, not at the end of the day", l.Item, h, m, s)
		}
		if l.Renewals < 0 || l.Renewals > pol.MaxRenewals {
			t.Errorf("loan of %s was renewed %d times", l.Item, l.Renewals)
		}
		if ok && l.Renewals == 0 && !l.Due.Equal(pol.Due(p, l.Out)) {
			t.Errorf("loan of %s to a %s: due %v, the policy says %v", l.Item, p.Type, l.Due, pol.Due(p, l.Out))
		}
	}
	held := map[string]bool{}
	for _, h := range ds.Holds {
		if _, ok := patrons[h.Patron]; !ok {
			t.Errorf("hold on %s for unknown patron %s", h.Item, h.Patron)
		}
		if _, ok := items[h.Item]; !ok {
			t.Errorf("hold on unknown item %s", h.Item)
		}
		if l, ok := loaned[h.Item]; ok && l.Patron == h.Patron {
			t.Errorf("patron %s holds %s, which they have out", h.Patron, h.Item)
		}
		if !h.Placed.Before(now) || !h.Active(now) {
			t.Errorf("hold on %s: placed %v, expires %v, at %v", h.Item, h.Placed, h.Expires, now)
		}
		held[h.Item] = true
	}
	for _, it := range ds.Items {
		_, out := loaned[it.Barcode]
		switch {
		case (it.Status == circ.OnLoan) != out:
			t.Errorf("item %s is %s but has loan %v", it.Barcode, it.Status, out)
		case it.Status == circ.OnHold && !held[it.Barcode]:
			t.Errorf("item %s is on the hold shelf with no hold", it.Barcode)
		case it.Status != circ.OnHold && !out && held[it.Barcode]:
			t.Errorf("item %s is %s with a hold but neither out nor on the hold shelf", it.Barcode, it.Status)
		}
	}
}

func TestCatalog(t *testing.T) {
	l, err := readLists(assets.Demo)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.first) < 200 || len(l.last) < 200 || len(l.adult) < 30 {
		t.Errorf("%d first, %d last, %d adult first names; want a few hundred", len(l.first), len(l.last), len(l.adult))
	}
	if n := len(l.titles); n < 600 || n > 1000 {
		t.Errorf("%d titles, want 600 to 1,000", n)
	}
	// The call number says where the book is shelved, as on its spine label.
	shelf := map[string]*regexp.Regexp{
		locEasy:       regexp.MustCompile(`^E [A-Z]{2,3}$`),
		locFiction:    regexp.MustCompile(`^(FIC|DVD) [A-Z]{2,3}$`),
		locGraphic:    regexp.MustCompile(`^GN [A-Z]{2,3}$`),
		locBiography:  regexp.MustCompile(`^(B [A-Z]+|920 [A-Z]{2,3})$`),
		locReference:  regexp.MustCompile(`^REF \d{3}(\.\d+)? [A-Z]{2,3}$`),
		locNonfiction: regexp.MustCompile(`^\d{3}(\.\d+)? [A-Z]{2,3}$`),
	}
	seen := map[string]int{}
	for _, ti := range l.titles {
		seen[ti.Location]++
		seen[ti.Material]++
		if !shelf[ti.Location].MatchString(ti.CallNumber) {
			t.Errorf("%q (%s) has call number %q", ti.Title, ti.Location, ti.CallNumber)
		}
		if (ti.Material == matDVD) != strings.HasPrefix(ti.CallNumber, "DVD ") {
			t.Errorf("%q is a %s with call number %q", ti.Title, ti.Material, ti.CallNumber)
		}
	}
	for k := range locations {
		if seen[k] == 0 {
			t.Errorf("no title in %s", k)
		}
	}
	for k := range materials {
		if seen[k] == 0 {
			t.Errorf("no title is a %s", k)
		}
	}
}

func fstestDemo(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range []string{"first_names.txt", "adult_first_names.txt", "last_names.txt", "titles.tsv"} {
		b, err := fs.ReadFile(assets.Demo, "demo/"+name)
		if err != nil {
			t.Fatal(err)
		}
		m["demo/"+name] = &fstest.MapFile{Data: b}
	}
	return m
}

func TestReadListsSaysWhatIsWrong(t *testing.T) {
	good := "Charlotte's Web\tE. B. White\tFIC WHI\tFiction\tbook\t5\n"
	tests := []struct {
		name, titles, want string
	}{
		{"too few fields", "# header\nCharlotte's Web\tE. B. White\tFIC WHI\n", "titles.tsv:2"},
		{"unknown location", good + "Holes\tLouis Sachar\tFIC SAC\tAttic\tbook\t3\n", `unknown location "Attic"`},
		{"unknown material", "Holes\tLouis Sachar\tFIC SAC\tFiction\tscroll\t3\n", `unknown material type "scroll"`},
		{"bad popularity", "Holes\tLouis Sachar\tFIC SAC\tFiction\tbook\t9\n", "popularity"},
		{"empty field", "Holes\t\tFIC SAC\tFiction\tbook\t3\n", "empty"},
		{"listed twice", good + good, "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstestDemo(t)
			fsys["demo/titles.tsv"] = &fstest.MapFile{Data: []byte(tt.titles)}
			_, err := readLists(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	now := time.Date(2026, time.October, 14, 10, 0, 0, 0, time.UTC)
	for b.Loop() {
		Generate(now)
	}
}
