package main

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rosterFolder writes a OneRoster 1.1 bulk folder: a teacher and the given
// students in class C-1, with a demographics file that must not be read.
func rosterFolder(t *testing.T, teacher string, students []patronJSON) string {
	t.Helper()
	dir := t.TempDir()
	users := "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
	// The demo's own roster keys people by their card numbers: so does this one.
	users += fmt.Sprintf("%s,,,true,org1,teacher,rivera,,Rosa,Rivera,,%s,rr@school.org,,,,,\n", teacher, teacher)
	enroll := fmt.Sprintf("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\nE-T,,,C-1,org1,%s,teacher,true,,\n", teacher)
	for i, s := range students {
		users += fmt.Sprintf("%s,,,true,org1,student,u%d,,%s,%s,,%s,,,,,03,\n", s.ID, i, s.FirstName, s.LastName, s.ID)
		enroll += fmt.Sprintf("E-%d,,,C-1,org1,%s,student,false,,\n", i, s.ID)
	}
	files := map[string]string{
		"manifest.csv":     "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\nfile.classes,bulk\nfile.enrollments,bulk\nfile.orgs,bulk\nfile.demographics,bulk\n",
		"orgs.csv":         "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,,,Oak Elementary,school,,\n",
		"users.csv":        users,
		"classes.csv":      "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\nC-1,,,3rd Grade Reading,03,CO-1,,scheduled,,org1,T1,,,\n",
		"enrollments.csv":  enroll,
		"demographics.csv": "sourcedId,status,dateLastModified,birthDate,sex\nS-0,,,2016-04-01,female\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// classOf picks n demo students who may borrow and a demo teacher.
func classOf(t *testing.T, dir string, n int) (string, []patronJSON) {
	t.Helper()
	_, out, _ := circctl(t, dir, "patrons", "--type", "teacher", "--limit", "1", "--json")
	teacher := decode[[]patronJSON](t, out)[0].ID
	_, out, _ = circctl(t, dir, "patrons", "--type", "student", "--json")
	var kids []patronJSON
	for _, p := range decode[[]patronJSON](t, out) {
		if !p.Blocked && len(kids) < n {
			kids = append(kids, p)
		}
	}
	return teacher, kids
}

// shelfCopies makes a set of n available copies of one demo title.
func shelfCopies(t *testing.T, dir, name string, n int) []string {
	t.Helper()
	_, out, _ := circctl(t, dir, "items", "--status", "available", "--json")
	byTitle := map[string][]string{}
	for _, it := range decode[[]itemJSON](t, out) {
		byTitle[it.Title] = append(byTitle[it.Title], it.Barcode)
	}
	for _, copies := range byTitle {
		if len(copies) < n {
			continue
		}
		args := append([]string{"set", "create", name, "--items"}, copies[:n]...)
		code, _, stderr := circctl(t, dir, append(args, "--json")...)
		if code == 0 {
			return copies[:n]
		}
		if !strings.Contains(stderr, "already belong") { // the demo's class set has the others
			t.Fatalf("set create: exit %d: %s", code, stderr)
		}
	}
	t.Fatalf("no demo title has %d copies on the shelf", n)
	return nil
}

func TestRosterAndClassSet(t *testing.T) {
	dir := seeded(t)
	teacher, kids := classOf(t, dir, 4)
	folder := rosterFolder(t, teacher, kids)

	_, out, _ := circctl(t, dir, "class", "list", "--json")
	demoClasses := len(decode[[]classJSON](t, out))
	code, out, stderr := circctl(t, dir, "roster", "import", folder, "--dry-run", "--json")
	if dry := decode[rosterImportJSON](t, out); code != 0 || dry.Added != 0 || dry.Updated == 0 || len(dry.Rejected) != 0 || dry.Classes != 1 {
		t.Fatalf("dry run: exit %d, %s %s", code, out, stderr)
	}
	if _, out, _ = circctl(t, dir, "class", "list", "--json"); len(decode[[]classJSON](t, out)) != demoClasses {
		t.Fatal("a dry run imported the class")
	}
	code, out, stderr = circctl(t, dir, "roster", "import", folder, "--full", "--force", "--json")
	res := decode[rosterImportJSON](t, out)
	if code != 0 || res.Added != 0 || res.Classes != 1 || res.Enrollments != 5 || len(res.Rejected) != 0 {
		t.Fatalf("import: exit %d, %+v %s", code, res, stderr)
	}
	_, out, _ = circctl(t, dir, "class", "list", "--json")
	classes := decode[[]classJSON](t, out)
	// A full import: the demo's homerooms, not in this roster, are over.
	if len(classes) != 1 || classes[0].ID != "C-1" || classes[0].Teacher != "Rosa Rivera" || classes[0].Students != 4 {
		t.Fatalf("class list %+v", classes)
	}
	_, out, _ = circctl(t, dir, "class", "show", "C-1", "--json")
	if cl := decode[classRosterJSON](t, out); len(cl.Students) != 4 || cl.Name != "3rd Grade Reading" {
		t.Fatalf("class show %+v", cl)
	}

	copies := shelfCopies(t, dir, "Class novel", 3)
	code, out, stderr = circctl(t, dir, "set", "checkout", "Class novel", "--teacher", teacher, "--class", "C-1", "--assign", "roster", "--json")
	co := decode[setCheckoutJSON](t, out)
	if code != 0 || len(co.Lent) != 3 || len(co.WithoutCopy) != 1 || co.Lent[0].Patron != decode[classRosterJSON](t, mustOut(t, dir, "class", "show", "C-1", "--json")).Students[0].ID {
		t.Fatalf("by class in roster order: exit %d, %+v %s; want 3 copies to the first 3 students, 1 without", code, co, stderr)
	}
	lastKid := co.WithoutCopy[0].ID

	// Returned: one copy; then it goes to the student still waiting, scanned
	// student then copy.
	code, out, _ = circctl(t, dir, "set", "return", "Class novel", copies[0], "--json")
	if code != 0 || !decode[[]outcomeJSON](t, out)[0].OK {
		t.Fatalf("set return: exit %d, %s", code, out)
	}
	code, out, stderr = circctl(t, dir, "set", "checkout", "Class novel", "--teacher", teacher, "--class", "C-1", lastKid, copies[0], "--json")
	if co = decode[setCheckoutJSON](t, out); code != 0 || len(co.Lent) != 1 || co.Lent[0].Patron != lastKid || len(co.WithoutCopy) != 1 {
		t.Fatalf("student then copy: exit %d, %+v %s (the returned copy's first reader has none now)", code, co, stderr)
	}
	_, out, _ = circctl(t, dir, "set", "show", "Class novel", "--json")
	set := decode[setJSON](t, out)
	out0 := 0
	for _, c := range set.Copies {
		if c.Patron != "" {
			out0++
		}
	}
	if set.Name != "Class novel" || len(set.Copies) != 3 || out0 != 3 {
		t.Fatalf("set show %+v", set)
	}
	csvPath := filepath.Join(t.TempDir(), "missing.csv")
	if code, _, stderr = circctl(t, dir, "set", "missing", "Class novel", "--csv", csvPath, "--pdf", csvPath+".pdf"); code != 0 {
		t.Fatalf("set missing: %s", stderr)
	}
	b, _ := os.ReadFile(csvPath)
	if lines := strings.Count(string(b), "\n"); lines != 4 {
		t.Errorf("missing copies CSV has %d lines, want a header and 3 copies:\n%s", lines, b)
	}
	if pdf, _ := os.ReadFile(csvPath + ".pdf"); !strings.HasPrefix(string(pdf), "%PDF") {
		t.Error("no PDF of the missing copies")
	}
}

func mustOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out, stderr := circctl(t, dir, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	return out
}

func TestSetToTeacherAndBadInput(t *testing.T) {
	dir := seeded(t)
	teacher, _ := classOf(t, dir, 0)
	copies := shelfCopies(t, dir, "Book club", 5)
	code, out, stderr := circctl(t, dir, "set", "checkout", "Book club", "--teacher", teacher, "--json")
	co := decode[setCheckoutJSON](t, out)
	if code != 0 || len(co.Lent) != 5 || co.Lent[4].Patron != teacher || !co.Lent[4].OK {
		t.Fatalf("to the teacher: exit %d, %+v %s", code, co, stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"set", "show", "Nope"}, 1, `no book set named "Nope"`},
		{[]string{"set", "create", "Book club", "--items", copies[0]}, 1, `already a book set named "Book club"`},
		{[]string{"set", "create", "Other", "--items", copies[0]}, 1, "already belong to a book set"},
		{[]string{"set", "create", "Other", "--items", "42"}, 1, "not in the catalog"},
		{[]string{"set", "create", "Other"}, 2, "either --title"},
		{[]string{"set", "checkout", "Book club"}, 2, "--teacher"},
		{[]string{"set", "checkout", "Book club", "--teacher", teacher, "--class", "C-9", "--assign", "roster"}, 1, `no class "C-9"`},
		{[]string{"class", "show", "C-9"}, 1, `no class "C-9"`},
		{[]string{"roster", "import", filepath.Join(dir, "nothing-here.zip")}, 1, "nothing-here.zip"},
	} {
		code, _, stderr := circctl(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want exit %d and one line with %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// circctl's roster-order handout is the station's: students who cannot
// borrow (a block, an expired card) are passed over and listed, and each
// copy goes to a student who may have it.
func TestSetCheckoutInRosterOrderPassesWhoCannotBorrow(t *testing.T) {
	dir := seeded(t)
	_, out, _ := circctl(t, dir, "patrons", "--type", "teacher", "--limit", "1", "--json")
	teacher := decode[[]patronJSON](t, out)[0].ID
	_, out, _ = circctl(t, dir, "patrons", "--type", "student", "--json")
	var kids []patronJSON
	cannot := map[string]bool{}
	var blocked, expired, fine int
	for _, p := range decode[[]patronJSON](t, out) {
		switch {
		case p.Blocked && strings.HasPrefix(p.BlockReason, "card expired") && expired == 0:
			expired++
		case p.Blocked && !strings.HasPrefix(p.BlockReason, "card expired") && !strings.Contains(p.BlockReason, "overdue") && blocked == 0:
			blocked++
		case !p.Blocked && fine < 3:
			fine++
		default:
			continue
		}
		if p.Blocked {
			cannot[p.ID] = true
		}
		kids = append(kids, p)
	}
	if blocked != 1 || expired != 1 || fine != 3 {
		t.Fatalf("the demo school lacks a blocked or an expired student (%d, %d)", blocked, expired)
	}
	// The two who cannot borrow come first in the roster file.
	slices.SortStableFunc(kids, func(a, b patronJSON) int { return cmp.Compare(boolInt(b.Blocked), boolInt(a.Blocked)) })
	if code, _, stderr := circctl(t, dir, "roster", "import", rosterFolder(t, teacher, kids), "--full", "--force", "--json"); code != 0 {
		t.Fatalf("roster import: %s", stderr)
	}
	shelfCopies(t, dir, "Class novel", 3)
	code, out, stderr := circctl(t, dir, "set", "checkout", "Class novel", "--teacher", teacher, "--class", "C-1", "--assign", "roster", "--json")
	co := decode[setCheckoutJSON](t, out)
	if code != 0 || len(co.CannotBorrow) != 2 {
		t.Fatalf("exit %d, %+v %s; want the two who cannot borrow listed", code, co, stderr)
	}
	lent := 0
	for _, l := range co.Lent {
		if l.OK {
			lent++
			if cannot[l.Patron] {
				t.Errorf("copy %s went to %s, who cannot borrow", l.Item, l.Name)
			}
		}
	}
	if lent != 3 {
		t.Errorf("%d copies lent, want 3: %+v", lent, co.Lent)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Who has each copy of the demo's class set is named, in set show and in
// the missing-copies file, and the file has no nameless column.
func TestSetShowAndMissingNameWhoHasEachCopy(t *testing.T) {
	dir := seeded(t)
	const set = "Charlotte's Web class set"
	_, out, _ := circctl(t, dir, "set", "show", set, "--json")
	s := decode[setJSON](t, out)
	named := 0
	for _, c := range s.Copies {
		if c.Patron != "" {
			if c.Name == "" {
				t.Errorf("copy %s is out to %s with no name", c.Item, c.Patron)
			}
			named++
		}
	}
	if named == 0 {
		t.Fatalf("no copy of the demo's class set is out: %s", out)
	}
	csv := filepath.Join(t.TempDir(), "missing.csv")
	if code, _, stderr := circctl(t, dir, "set", "missing", set, "--csv", csv); code != 0 {
		t.Fatalf("set missing: %s", stderr)
	}
	b, _ := os.ReadFile(csv)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if strings.HasSuffix(lines[0], ",") || strings.Contains(lines[0], ",,") {
		t.Errorf("a column with no name: %q", lines[0])
	}
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, ",") {
			t.Errorf("a copy with no student: %q", l)
		}
	}
}
