package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/circdesk/circdesk/circ"
)

const (
	riveraCard = "900100" // Ms. Rivera, a teacher
	copy1      = "31234000001019"
	copy2      = "31234000001027"
	copy3      = "31234000001035"
)

func setStation(t *testing.T) (*station, string) {
	t.Helper()
	dir := t.TempDir()
	var items []circ.Item
	for _, b := range []string{copy1, copy2, copy3} {
		items = append(items, circ.Item{Barcode: b, Title: "Hatchet", Status: circ.Available, Parts: 1})
	}
	s := newStation(t, stationConfig{sets: true, reportDir: dir, items: items,
		patrons: []circ.Patron{{ID: riveraCard, FirstName: "Rosa", LastName: "Rivera", Type: circ.Teacher}}})
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.Select(s.ui.librarian.setsTab)
	return s, dir
}

func TestSetMadeAndHandedOutToTeacher(t *testing.T) {
	s, dir := setStation(t)
	v := s.ui.librarian.sets
	test.Type(v.newName, "Hatchet set")
	test.Type(v.newTitle, "hatchet")
	test.Tap(v.byTitle)
	s.waitFor("the new set shown", func() bool { return strings.HasPrefix(v.summary.Text, "3 copies") })

	test.Type(v.teacher, riveraCard)
	test.Tap(v.start)
	s.waitFor("the handout", func() bool { return v.handout.counts.Text == "0 of 3 read · 0 out" })
	if v.stop.Disabled() || !v.start.Disabled() {
		t.Fatal("while handing out, Finish is off or Hand out is on")
	}
	s.scan(copy1)
	s.scan(copy2)
	s.waitFor("two copies out", func() bool { return v.handout.counts.Text == "2 of 3 read · 2 out" })
	if !strings.Contains(v.handout.last.Text, "Checked out") || !strings.Contains(v.handout.missing.Text, copy3) {
		t.Errorf("last %q, missing %q; want the copy checked out and the third copy named", v.handout.last.Text, v.handout.missing.Text)
	}
	s.scan(lionBook)
	s.waitFor("a book of no set flagged", func() bool { return strings.Contains(v.handout.flagged.Text, "Not a copy of this set") })
	if s.ui.state.Last != nil || s.ui.state.Phase != circ.PhaseWelcome {
		t.Errorf("the kiosk took a scan during the handout: %+v", s.ui.state.Last)
	}
	if l, err := s.db.Loan(t.Context(), lionBook); err == nil {
		t.Errorf("the book of no set went out: %+v", l)
	}

	test.Tap(v.stop)
	s.waitFor("the set's copies", func() bool { return v.summary.Text == "3 copies · 2 out · 0 overdue" })
	if got := v.cell(0, colCopyWho); got != "Rosa Rivera" {
		t.Errorf("who has copy 1: %q", got)
	}
	// The kiosk has its scans back.
	s.ui.tabs.SelectIndex(0)
	s.identify(mayaCard, "Hi Maya!")

	test.Tap(v.csv)
	s.waitFor("the missing copies saved", func() bool { return strings.HasPrefix(v.note.Text, "Saved: ") })
	path := strings.TrimPrefix(v.note.Text, "Saved: ")
	b, err := os.ReadFile(path)
	if err != nil || filepath.Dir(path) != dir || strings.Count(string(b), "Rosa Rivera") != 2 {
		t.Errorf("missing copies file %s: %v\n%s", path, err, b)
	}
}

func TestSetTakenBack(t *testing.T) {
	s, _ := setStation(t)
	sets := s.ui.sets
	if err := sets.Create(t.Context(), "Hatchet set", []string{copy1, copy2, copy3}); err != nil {
		t.Fatal(err)
	}
	rivera, _ := s.db.Patron(t.Context(), riveraCard)
	for _, b := range []string{copy1, copy2} {
		if o, err := sets.Lend(t.Context(), "Hatchet set", rivera, "", b, schoolDay.AddDate(0, 0, 42)); err != nil || !o.OK {
			t.Fatal(o, err)
		}
	}
	v := s.ui.librarian.sets
	test.Tap(v.refresh)
	s.waitFor("the set list", func() bool { return len(v.pick.Options) == 1 })
	v.pick.SetSelected("Hatchet set")
	s.waitFor("the set", func() bool { return v.summary.Text == "3 copies · 2 out · 0 overdue" })
	test.Tap(v.returns)
	s.waitFor("the return", func() bool { return v.handout.counts.Text == "0 back" })
	s.scan(copy1)
	s.scan(copy3) // on the shelf all along
	s.scan(frogsBook)
	s.waitFor("one back, one refused", func() bool {
		return v.handout.counts.Text == "1 back · 1 was not out" && strings.Contains(v.handout.last.Text, "Not a copy of this set")
	})
	test.Tap(v.stop)
	s.waitFor("the set", func() bool { return v.summary.Text == "3 copies · 1 out · 0 overdue" })
}

func TestRosterImportScreen(t *testing.T) {
	s := newStation(t, stationConfig{sets: true, reportDir: t.TempDir()})
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.Select(s.ui.librarian.rosterTab)
	v := s.ui.librarian.roster
	s.waitFor("the empty roster", func() bool { return strings.HasPrefix(v.classes.Text, "0 classes") })
	path := filepath.Join(t.TempDir(), "homerooms.csv")
	csv := "Student ID,First Name,Last Name,Grade,Homeroom,Teacher\r\n" + mayaCard + ",Maya,Lopez,2,2-Kim,Ms. Kim\r\n200001,Noor,Aziz,2,2-Kim,Ms. Kim\r\n,Nobody,Here,2,2-Kim,Ms. Kim\r\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	test.Type(v.path, path)
	test.Tap(v.dry)
	test.Tap(v.run)
	s.waitFor("the dry run", func() bool { return strings.Contains(v.last.Text, "would add 1, update 1") })
	test.Tap(v.dry)
	test.Tap(v.run)
	s.waitFor("the import", func() bool {
		return strings.Contains(v.last.Text, "1 added, 1 updated") && strings.HasPrefix(v.classes.Text, "1 classes")
	})
	if len(v.rejects) != 1 || v.rejects[0].Line != 4 {
		t.Errorf("rejected rows %+v, want line 4", v.rejects)
	}
	if p, err := s.db.Patron(t.Context(), "200001"); err != nil || p.FirstName != "Noor" {
		t.Errorf("Noor: %+v, %v", p, err)
	}
	if !strings.Contains(v.last.Text, "1 row not imported") {
		t.Errorf("the last import says %q, want \"1 row not imported\"", v.last.Text)
	}
}

// A complete roster that would make most of the school inactive is held
// back, and the screen offers what the command line's --force does.
func TestRosterImportScreenOffersImportAnyway(t *testing.T) {
	s := newStation(t, stationConfig{sets: true, reportDir: t.TempDir()})
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.Select(s.ui.librarian.rosterTab)
	v := s.ui.librarian.roster
	dir := t.TempDir()
	big := "Student ID,First Name,Last Name,Grade,Homeroom,Teacher\r\n"
	for i := range 30 {
		big += fmt.Sprintf("3%05d,Kid,No%d,2,2-Kim,Ms. Kim\r\n", i, i)
	}
	small := "Student ID,First Name,Last Name,Grade,Homeroom,Teacher\r\n300000,Kid,No0,2,2-Kim,Ms. Kim\r\n"
	for name, body := range map[string]string{"big.csv": big, "small.csv": small} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	test.Type(v.path, filepath.Join(dir, "big.csv"))
	test.Tap(v.full)
	test.Tap(v.run)
	s.waitFor("the first import", func() bool { return strings.Contains(v.last.Text, "30 added") })
	v.path.SetText(filepath.Join(dir, "small.csv"))
	test.Tap(v.run)
	s.waitFor("held back", func() bool { return strings.Contains(v.note.Text, "Import anyway") })
	if !v.force.Visible() || strings.Contains(v.note.Text, "--force") {
		t.Fatalf("the screen says %q (Import anyway shown: %v); want a way to go ahead on the screen", v.note.Text, v.force.Visible())
	}
	test.Tap(v.force)
	test.Tap(v.run)
	s.waitFor("forced", func() bool { return strings.Contains(v.last.Text, "29 made inactive") })
	if v.force.Visible() {
		t.Error("Import anyway stays offered after the import")
	}
}

func TestSetHandedOutToClassInRosterOrder(t *testing.T) {
	s, _ := setStation(t)
	ctx := t.Context()
	r := &circ.Roster{Format: circ.PlainCSV, Classes: []circ.RosterClass{{SourcedID: "C-1", Name: "2 Rivera", Teacher: "Rosa Rivera", Active: true}}}
	for _, p := range []struct{ id, first, last string }{{mayaCard, "Maya", "Lopez"}, {samCard, "Sam", "Okafor"}} {
		r.Users = append(r.Users, circ.RosterUser{SourcedID: p.id, ID: p.id, FirstName: p.first, LastName: p.last, Role: circ.Student, Active: true})
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: "C-1", UserID: p.id, Role: circ.Student, Active: true})
	}
	if _, err := s.db.ImportRoster(ctx, r, circ.RosterOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.ui.sets.Create(ctx, "Hatchet set", []string{copy1, copy2, copy3}); err != nil {
		t.Fatal(err)
	}
	v := s.ui.librarian.sets
	test.Tap(v.refresh)
	s.waitFor("the set list", func() bool { return len(v.pick.Options) == 1 && len(v.class.Options) == 2 })
	v.pick.SetSelected("Hatchet set")
	v.class.SetSelected("2 Rivera · Rosa Rivera")
	s.waitFor("the class, student by student", func() bool { return len(v.students.rows) == 2 })
	if got := v.students.cell(v.students.rows[0], 2); got != "No copy" {
		t.Errorf("Maya before the handout: %q", got)
	}
	test.Type(v.teacher, riveraCard)
	test.Tap(v.inOrder)
	test.Tap(v.start)
	s.waitFor("Maya first", func() bool { return v.handout.waiting.Text == "Now Maya Lopez's copy." })
	s.scan(copy2)
	s.waitFor("Sam next", func() bool { return v.handout.waiting.Text == "Now Sam Okafor's copy." })
	// Finished before Sam's copy: nobody is named any more.
	test.Tap(v.stop)
	s.waitFor("finished", func() bool { return v.stop.Disabled() })
	if v.handout.waiting.Text != "" {
		t.Errorf("after Finish the screen still says %q", v.handout.waiting.Text)
	}
	test.Tap(v.start)
	s.waitFor("Sam again", func() bool { return v.handout.waiting.Text == "Now Sam Okafor's copy." })
	s.scan(copy1)
	s.waitFor("every student served", func() bool {
		return v.handout.counts.Text == "1 of 2 read · 1 out" && len(v.students.rows) == 2 && v.students.rows[1].Item == copy1
	})
	if r := v.students.rows[0]; r.Item != copy2 || v.students.cell(r, 2) != "Out" {
		t.Errorf("Maya's row %+v, want copy 2 out", r)
	}
}

// The librarian types the teacher's card, clicks Hand out and scans: the
// scanner's keys go to the handout, not into the card field.
func TestSetHandoutTakesTheScannerAfterTyping(t *testing.T) {
	s, _ := setStation(t)
	if err := s.ui.sets.Create(t.Context(), "Hatchet set", []string{copy1, copy2, copy3}); err != nil {
		t.Fatal(err)
	}
	v := s.ui.librarian.sets
	test.Tap(v.refresh)
	s.waitFor("the set list", func() bool { return len(v.pick.Options) == 1 })
	v.pick.SetSelected("Hatchet set")
	test.Type(v.teacher, riveraCard)
	s.ui.win.Canvas().Focus(v.teacher)
	if s.ui.win.Canvas().Focused() != v.teacher {
		t.Fatal("setup: the card field did not take the focus")
	}
	v.start.OnTapped() // a mouse click, which leaves the focus where it was
	s.waitFor("the handout", func() bool { return !v.stop.Disabled() })
	s.wedge(copy1)
	s.waitFor("the copy out", func() bool { return v.handout.counts.Text == "1 of 3 read · 1 out" })
	if v.teacher.Text != riveraCard {
		t.Errorf("the scan went into the card field: %q", v.teacher.Text)
	}
}

// In roster order the screen names only a student who may borrow, and the
// copy goes to the student it names; the others are listed, with why.
func TestSetHandoutInRosterOrderNamesWhoGetsTheCopy(t *testing.T) {
	s, _ := setStation(t)
	ctx := t.Context()
	r := &circ.Roster{Format: circ.PlainCSV, Classes: []circ.RosterClass{{SourcedID: "C-1", Name: "2 Rivera", Teacher: "Rosa Rivera", Active: true}}}
	for _, p := range []struct{ id, first, last string }{{leoCard, "Leo", "Brandt"}, {avaCard, "Ava", "Chen"}, {mayaCard, "Maya", "Lopez"}} {
		r.Users = append(r.Users, circ.RosterUser{SourcedID: p.id, ID: p.id, FirstName: p.first, LastName: p.last, Role: circ.Student, Active: true})
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: "C-1", UserID: p.id, Role: circ.Student, Active: true})
	}
	if _, err := s.db.ImportRoster(ctx, r, circ.RosterOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.ui.sets.Create(ctx, "Hatchet set", []string{copy1, copy2, copy3}); err != nil {
		t.Fatal(err)
	}
	v := s.ui.librarian.sets
	test.Tap(v.refresh)
	s.waitFor("the set list", func() bool { return len(v.pick.Options) == 1 && len(v.class.Options) == 2 })
	v.pick.SetSelected("Hatchet set")
	v.class.SetSelected("2 Rivera · Rosa Rivera")
	s.waitFor("the class", func() bool { return len(v.students.rows) == 3 })
	test.Type(v.teacher, riveraCard)
	test.Tap(v.inOrder)
	test.Tap(v.start)
	s.waitFor("Maya named", func() bool { return v.handout.waiting.Text == "Now Maya Lopez's copy." })
	for _, want := range []string{"Leo Brandt cannot borrow (card blocked): no copy", "Ava Chen cannot borrow (card expired): no copy"} {
		if !strings.Contains(v.handout.passed.Text, want) {
			t.Errorf("the screen says %q, want %q", v.handout.passed.Text, want)
		}
	}
	s.scan(copy2)
	s.waitFor("the copy out", func() bool { return strings.HasPrefix(v.handout.counts.Text, "1 of 3 read · 1 out") })
	if l, err := s.db.Loan(ctx, copy2); err != nil || l.Patron != mayaCard {
		t.Errorf("the screen named Maya; the copy went to %+v (%v)", l, err)
	}
}
