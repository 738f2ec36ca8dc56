package storage_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// The passed-on card of genSchool: Given5's number in the first roster,
// the new student Newbie's in the second, where Given5 has a new one.
const (
	passedCard = "600005"
	givenNew   = "800005"
)

func genCard(i int) string { return fmt.Sprintf("6%05d", i) }

// genSchool is a full OneRoster roster of n people (one teacher in 30), a
// class per 30 of them, each person in one class. Its second version
// (next) changes everyone's grade, renames one person in ten, gives one in
// fifty a new card number, drops one in twenty (who become inactive), ends
// the first class, renames the second, moves one person in seven to the
// next class, gives Given5 a new card number and gives Given5's old number
// to a new student, Newbie, listed last.
func genSchool(n int, next bool) *circ.Roster {
	r := &circ.Roster{Format: circ.OneRoster, Version: "1.1", Bulk: true}
	classes := max(1, n/30)
	for c := range classes {
		if next && c == 0 {
			continue
		}
		name := fmt.Sprintf("Class %d", c)
		if next && c == 1 {
			name += " (new room)"
		}
		r.Classes = append(r.Classes, circ.RosterClass{SourcedID: fmt.Sprintf("C%03d", c), Name: name, Teacher: fmt.Sprintf("Teacher %d", c), SchoolName: "Oak", Active: true})
	}
	for i := range n {
		if next && i%20 == 7 {
			continue
		}
		u := circ.RosterUser{SourcedID: fmt.Sprintf("U%05d", i), ID: genCard(i), FirstName: fmt.Sprintf("Given%d", i),
			LastName: fmt.Sprintf("Family%d", i), Grade: "04", Role: circ.Student, Active: true, File: "users.csv", Line: i + 2}
		if i%30 == 0 {
			u.Role, u.Grade = circ.Teacher, ""
		}
		class := i % classes
		if next {
			if u.Role == circ.Student {
				u.Grade = "05"
			}
			if i%10 == 1 {
				u.FirstName = "Renamed"
			}
			if i%50 == 2 {
				u.ID = fmt.Sprintf("7%05d", i)
			}
			if i == 5 {
				u.ID = givenNew
			}
			if i%7 == 3 {
				class = (class + 1) % classes
			}
			if class == 0 {
				class = 1
			}
		}
		r.Users = append(r.Users, u)
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: fmt.Sprintf("C%03d", class), UserID: u.SourcedID,
			Role: u.Role, Primary: u.Role == circ.Teacher, Active: true, File: "enrollments.csv", Line: i + 2})
	}
	if next {
		r.Users = append(r.Users, circ.RosterUser{SourcedID: "U-NEW", ID: passedCard, FirstName: "Newbie", LastName: "Last",
			Grade: "05", Role: circ.Student, Active: true, File: "users.csv", Line: n + 2})
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: "C001", UserID: "U-NEW", Role: circ.Student,
			Active: true, File: "enrollments.csv", Line: n + 2})
	}
	return r
}

// schoolDB opens a database with the fixture, genSchool(n)'s first version
// imported, and Given5 borrowing the fixture's Frog and Toad.
func schoolDB(t *testing.T, n int) (*storage.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	importRoster(t, db, genSchool(n, false), circ.RosterOptions{Full: true})
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: fixedClock{t0}, Station: "desk"}
	p, _, _, err := desk.Identify(ctx, passedCard)
	if err != nil {
		t.Fatal(err)
	}
	if o, err := desk.Checkout(ctx, p, "30000000000011"); err != nil || !o.OK {
		t.Fatalf("Given5 borrows: %+v, %v", o, err)
	}
	return db, path
}

// rosterState is what a roster import decides, read straight from the file.
func rosterState(t *testing.T, path string) string {
	t.Helper()
	raw := rawOpen(t, path)
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, COALESCE(source_id, ''), first_name, last_name, type, grade, homeroom, active FROM patrons ORDER BY id`,
		`SELECT id, name, teacher, school, active FROM classes ORDER BY id`,
		`SELECT class_id, patron_id, role FROM enrollments ORDER BY class_id, patron_id`,
		`SELECT item, patron_id FROM loans ORDER BY item`,
		`SELECT alias, patron_id FROM patron_aliases ORDER BY alias`,
		`SELECT added, updated, deactivated, classes, enrollments,
			(SELECT count(*) FROM roster_rejects WHERE import_id = roster_imports.id) FROM roster_imports ORDER BY id`,
	} {
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// TestRosterImportWhileCheckout imports a large roster on the station's own
// database while the desk lends and returns a book: the desk keeps deciding
// while the import runs, and every decision succeeds.
func TestRosterImportWhileCheckout(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: fixedClock{t0}, Station: "desk"}
	ben, _, _, err := desk.Identify(ctx, "1002")
	if err != nil {
		t.Fatal(err)
	}
	busy := probeBusy(t, path)
	r := genSchool(rosterRows, false)
	done := make(chan struct{})
	var res circ.RosterImport
	var importErr error
	go func() {
		defer close(done)
		res, importErr = db.ImportRoster(ctx, r, circ.RosterOptions{Full: true, At: t0})
	}()
	waitWriting(t, busy, done)
	decisions, during := 0, 0
	for running := true; running; decisions++ {
		if err := lendAndReturn(ctx, desk, ben, decisions); err != nil {
			t.Fatalf("decision %d during the roster import: %v", decisions, err)
		}
		select {
		case <-done:
			running = false
		default:
			during++
		}
		time.Sleep(deskPace)
	}
	if importErr != nil || res.Added != rosterRows || res.Enrollments != rosterRows || res.ID == 0 {
		t.Fatalf("ImportRoster = %+v, %v; want %d added and enrolled, and recorded", res, importErr, rosterRows)
	}
	if during == 0 {
		t.Errorf("no decision finished while the roster import ran (%d decisions): the import held the desk's writer throughout", decisions)
	}
	t.Logf("%d decisions, %d of them while the import ran", decisions, during)
}

// rosterRows is the size of the roster TestRosterImportWhileCheckout
// imports: in one transaction it held the writer for seconds (with -race).
const rosterRows = 40_000

// errKilled stands for the process dying where an import observer panics.
var errKilled = errors.New("killed")

// TestRosterImportInterrupted stops a roster import at each step, as if its
// process died there (what a dead process leaves is what an unwinding one
// leaves: committed transactions and free lock files), and reopens the
// database: the cache is as before the import, or exactly as a whole
// import makes it, card numbers, loans, classes, history and all.
func TestRosterImportInterrupted(t *testing.T) {
	const n = 3000
	ctx := context.Background()
	before, beforePath := schoolDB(t, n)
	want := map[bool]string{false: rosterState(t, beforePath)}
	clean, cleanPath := schoolDB(t, n)
	res := importRoster(t, clean, genSchool(n, true), circ.RosterOptions{Full: true})
	want[true] = rosterState(t, cleanPath)
	before.Close()
	clean.Close()
	if res.Added != 1 || res.Deactivated != n/20 || len(res.Rejected) != 0 {
		t.Fatalf("the whole second import = %+v", res)
	}
	for _, tc := range []struct {
		step    string
		nth     int
		applied bool
	}{
		{"stage", 1, false},
		{"stage", 3, false},
		{"commit", 1, true},
		{"apply", 1, true},
		{"apply", 3, true},
	} {
		t.Run(fmt.Sprintf("%s %d", tc.step, tc.nth), func(t *testing.T) {
			db, path := schoolDB(t, n)
			seen := 0
			stop := storage.ObserveImports(func(tx storage.ImportTx) {
				if tx.Step == tc.step && (tx.Rows > 0 || tc.step == "commit") {
					if seen++; seen == tc.nth {
						panic(errKilled)
					}
				}
			})
			func() {
				defer func() {
					if p := recover(); p != errKilled {
						t.Fatalf("the import was not stopped at %s %d (%v)", tc.step, tc.nth, p)
					}
				}()
				db.ImportRoster(ctx, genSchool(n, true), circ.RosterOptions{Full: true, At: t0})
			}()
			stop()
			db.Close()
			db, err := storage.Open(ctx, path)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer db.Close()
			if got := rosterState(t, path); got != want[tc.applied] {
				t.Errorf("stopped at %s %d, the reopened cache is not the cache %s the import:\n%s",
					tc.step, tc.nth, map[bool]string{false: "before", true: "after"}[tc.applied], firstDiff(got, want[tc.applied]))
			}
		})
	}
}

// firstDiff shows where two states part.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}

// TestRosterCardPassedOnIsNeverNobodys: in the import that gives Given5 a
// new number and Given5's old number to Newbie (listed last), a scan of the
// old number finds one of them after every transaction of the apply, never
// nobody; and Given5's loan follows Given5.
func TestRosterCardPassedOnIsNeverNobodys(t *testing.T) {
	ctx := context.Background()
	db, _ := schoolDB(t, 3000)
	applies := 0
	var found []string
	defer storage.ObserveImports(func(tx storage.ImportTx) {
		if tx.Step != "apply" {
			return
		}
		applies++
		p, err := db.Patron(ctx, passedCard)
		if err != nil {
			found = append(found, err.Error())
			return
		}
		found = append(found, p.FirstName)
	})()
	importRoster(t, db, genSchool(3000, true), circ.RosterOptions{Full: true})
	if applies < 3 {
		t.Fatalf("the import was applied in %d transactions: too few to tell", applies)
	}
	for i, f := range found {
		if f != "Given5" && f != "Newbie" {
			t.Errorf("after apply transaction %d, card %s finds %q; want Given5 or Newbie", i+1, passedCard, f)
		}
	}
	if p, err := db.Patron(ctx, passedCard); err != nil || p.FirstName != "Newbie" {
		t.Errorf("card %s after the import: %+v, %v; want Newbie", passedCard, p, err)
	}
	if l, err := db.Loan(ctx, "30000000000011"); err != nil || l.Patron != givenNew {
		t.Errorf("Given5's loan after the import: %+v, %v; want it on %s", l, err, givenNew)
	}
}
