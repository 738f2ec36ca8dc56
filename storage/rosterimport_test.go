package storage_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// school is a OneRoster bulk roster: Ana (already a patron from the
// fixture, adopted by card number), a new student Dee, teacher Ms. Rivera,
// and one class with both students.
func school() *circ.Roster {
	return &circ.Roster{
		Format: circ.OneRoster, Version: "1.1", Bulk: true,
		Users: []circ.RosterUser{
			{SourcedID: "S-1", ID: "1001", FirstName: "Ana", LastName: "Ruiz", Grade: "04", Role: circ.Student, Active: true, File: "users.csv", Line: 2},
			{SourcedID: "S-2", ID: "004417", FirstName: "Dee", LastName: "Zoë-Muñoz", Grade: "04", Role: circ.Student, Active: true, File: "users.csv", Line: 3},
			{SourcedID: "T-1", ID: "T900", FirstName: "Rosa", LastName: "Rivera", Role: circ.Teacher, Active: true, File: "users.csv", Line: 4},
		},
		Classes: []circ.RosterClass{{SourcedID: "C-4R", Name: "4th Grade Reading", Teacher: "Rosa Rivera", TeacherID: "T-1", SchoolName: "Oak", Active: true, File: "classes.csv", Line: 2}},
		Enrollments: []circ.RosterEnrollment{
			{ClassID: "C-4R", UserID: "S-1", Role: circ.Student, Active: true, File: "enrollments.csv", Line: 2},
			{ClassID: "C-4R", UserID: "S-2", Role: circ.Student, Active: true, File: "enrollments.csv", Line: 3},
			{ClassID: "C-4R", UserID: "T-1", Role: circ.Teacher, Primary: true, Active: true, File: "enrollments.csv", Line: 4},
		},
		Rejected: []circ.RosterReject{{File: "users.csv", Line: 5, Reason: "The row has no identifier."}},
	}
}

func importRoster(t *testing.T, db *storage.DB, r *circ.Roster, opt circ.RosterOptions) circ.RosterImport {
	t.Helper()
	opt.At = t0
	res, err := db.ImportRoster(context.Background(), r, opt)
	if err != nil {
		t.Fatalf("ImportRoster: %v", err)
	}
	return res
}

func TestRosterImport(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	res := importRoster(t, db, school(), circ.RosterOptions{Full: true, Source: "oneroster.zip"})
	if res.Added != 2 || res.Updated != 1 || res.Deactivated != 0 || res.Classes != 1 || res.Enrollments != 3 || len(res.Rejected) != 1 {
		t.Fatalf("first import %+v, want Dee and Ms. Rivera added, Ana adopted, 1 class, 3 enrollments, 1 rejected", res)
	}
	dee, err := db.Patron(ctx, "004417")
	if err != nil || dee.LastName != "Zoë-Muñoz" || dee.Type != circ.Student || dee.Grade != "04" {
		t.Fatalf("Dee: %+v, %v (leading zeros and accents must survive)", dee, err)
	}
	if ana, _ := db.Patron(ctx, "1001"); ana.Account != "ONE1001" || ana.Homeroom != "R12" {
		t.Errorf("adopting Ana lost what the station knew of her: %+v", ana)
	}
	classes, err := db.Classes(ctx)
	if err != nil || len(classes) != 1 || classes[0].Teacher != "Rosa Rivera" || classes[0].Students != 2 {
		t.Fatalf("classes %+v, %v", classes, err)
	}
	_, students, err := db.ClassRoster(ctx, "C-4R")
	if err != nil || len(students) != 2 || students[0].FirstName != "Ana" || students[1].FirstName != "Dee" {
		t.Fatalf("class roster %+v, %v: want Ana then Dee (by last name)", students, err)
	}

	// The same roster again changes nothing.
	if res = importRoster(t, db, school(), circ.RosterOptions{Full: true}); res.Added+res.Updated+res.Deactivated != 0 {
		t.Errorf("an unchanged roster counted changes: %+v", res)
	}

	// Ana leaves (she has a book out), Dee gets a new card number and
	// changes name: Ana is inactive, not deleted, and keeps her loan.
	next := school()
	next.Users = next.Users[1:]
	next.Users[0].ID, next.Users[0].FirstName = "004418", "Deanna"
	next.Enrollments = next.Enrollments[1:]
	res = importRoster(t, db, next, circ.RosterOptions{Full: true})
	if res.Added != 0 || res.Updated != 1 || res.Deactivated != 1 {
		t.Fatalf("second import %+v, want Dee updated and Ana deactivated", res)
	}
	ana, err := db.Patron(ctx, "1001")
	if err != nil || !ana.Inactive {
		t.Fatalf("Ana after leaving: %+v, %v; want kept, inactive", ana, err)
	}
	if l, err := db.Loan(ctx, "30000000000029"); err != nil || l.Patron != "1001" {
		t.Errorf("Ana's loan after she left: %+v, %v", l, err)
	}
	if p, err := db.Patron(ctx, "004418"); err != nil || p.FirstName != "Deanna" {
		t.Errorf("Dee's new card: %+v, %v", p, err)
	}
	if _, err := db.Patron(ctx, "004417"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("Dee's old card number still finds a patron: %v", err)
	}
	if _, students, _ = db.ClassRoster(ctx, "C-4R"); len(students) != 1 || students[0].ID != "004418" {
		t.Errorf("class roster after the changes: %+v", students)
	}
	hist, err := db.RosterImports(ctx, 10)
	if err != nil || len(hist) != 3 || hist[2].Source != "oneroster.zip" || len(hist[2].Rejected) != 1 || hist[2].Rejected[0].Line != 5 {
		t.Errorf("import history %+v, %v", hist, err)
	}
}

func TestRosterCardNumberChangeFollowsLoans(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	importRoster(t, db, school(), circ.RosterOptions{})
	r := school()
	r.Users[0].ID = "2001" // Ana, who has a book out
	importRoster(t, db, r, circ.RosterOptions{})
	if l, err := db.Loan(ctx, "30000000000029"); err != nil || l.Patron != "2001" {
		t.Fatalf("Ana's loan after her card number changed: %+v, %v", l, err)
	}
	if p, err := db.Patron(ctx, "PROX77"); err != nil || p.ID != "2001" {
		t.Errorf("Ana's prox card after her card number changed: %+v, %v", p, err)
	}
}

func TestRosterDryRunAndRefusals(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	res := importRoster(t, db, school(), circ.RosterOptions{Full: true, DryRun: true})
	if res.Added != 2 || res.ID != 0 {
		t.Errorf("dry run %+v, want the counts of a real import", res)
	}
	if _, err := db.Patron(ctx, "004417"); !errors.Is(err, circ.ErrNotFound) {
		t.Error("a dry run added a patron")
	}
	if hist, _ := db.RosterImports(ctx, 5); len(hist) != 0 {
		t.Error("a dry run is in the import history")
	}

	// A delta cannot be a full import.
	delta := school()
	delta.Bulk = false
	if _, err := db.ImportRoster(ctx, delta, circ.RosterOptions{Full: true}); err == nil || !strings.Contains(err.Error(), "delta") {
		t.Errorf("a delta as a full import: %v", err)
	}

	// A full import that would empty most of the roster is held back.
	big := school()
	for i := range 40 {
		big.Users = append(big.Users, circ.RosterUser{SourcedID: fmt.Sprintf("X-%d", i), ID: fmt.Sprintf("77%03d", i), FirstName: "Kid", LastName: fmt.Sprint(i), Role: circ.Student, Active: true})
	}
	importRoster(t, db, big, circ.RosterOptions{Full: true})
	_, err := db.ImportRoster(ctx, school(), circ.RosterOptions{Full: true})
	var mass *circ.MassDeactivation
	if !errors.As(err, &mass) || mass.Gone != 40 {
		t.Fatalf("a full import that deactivates 40 of 43: %v, want held back", err)
	}
	if p, _ := db.Patron(ctx, "77000"); p.Inactive {
		t.Error("a held-back import changed a patron")
	}
	if res := importRoster(t, db, school(), circ.RosterOptions{Full: true, Force: true}); res.Deactivated != 40 {
		t.Errorf("forced import deactivated %d, want 40", res.Deactivated)
	}

	// An enrollment in a class nobody has heard of is a rejected row.
	odd := school()
	odd.Enrollments = append(odd.Enrollments, circ.RosterEnrollment{ClassID: "C-9", UserID: "S-2", Role: circ.Student, Active: true, Unresolved: true, File: "enrollments.csv", Line: 9})
	res = importRoster(t, db, odd, circ.RosterOptions{})
	found := false
	for _, rj := range res.Rejected {
		found = found || (rj.Line == 9 && strings.Contains(rj.Reason, "C-9"))
	}
	if !found {
		t.Errorf("rejected %+v, want line 9's unknown class", res.Rejected)
	}
}

func TestRosterCardOfAnotherPerson(t *testing.T) {
	db := seeded(t)
	importRoster(t, db, school(), circ.RosterOptions{})
	r := school()
	r.Users = append(r.Users, circ.RosterUser{SourcedID: "S-9", ID: "004417", FirstName: "Eli", LastName: "Vance", Role: circ.Student, Active: true, File: "users.csv", Line: 8})
	res := importRoster(t, db, r, circ.RosterOptions{})
	if res.Added != 0 || len(res.Rejected) != 2 || res.Rejected[1].Line != 8 {
		t.Errorf("a second person with Dee's card number: %+v, want the row rejected", res)
	}
}

func TestRosterDeltaDeletesWithOnlyAnID(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	importRoster(t, db, school(), circ.RosterOptions{})
	delta := &circ.Roster{Format: circ.OneRoster, Version: "1.1",
		Users: []circ.RosterUser{{SourcedID: "S-2", Active: false, File: "users.csv", Line: 2}, {SourcedID: "S-404", Active: false, File: "users.csv", Line: 3}}}
	res := importRoster(t, db, delta, circ.RosterOptions{})
	if res.Deactivated != 1 || res.Added != 0 || res.Updated != 0 {
		t.Fatalf("delta %+v, want Dee deactivated and nothing else", res)
	}
	if dee, err := db.Patron(ctx, "004417"); err != nil || !dee.Inactive || dee.FirstName != "Dee" {
		t.Errorf("Dee after the delta: %+v, %v; want inactive with her name kept", dee, err)
	}
}

func TestRosterRejectedRowIsNotGone(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	importRoster(t, db, school(), circ.RosterOptions{Full: true})
	// Dee's row comes back broken: rejected, and still on the roster.
	next := school()
	next.Users = append(next.Users[:1], next.Users[2:]...)
	next.Enrollments = append(next.Enrollments[:1], next.Enrollments[2:]...)
	next.Rejected = []circ.RosterReject{{File: "users.csv", Line: 3, Reason: "The row has no identifier."}}
	next.Held = []string{"S-2"}
	res := importRoster(t, db, next, circ.RosterOptions{Full: true})
	if res.Deactivated != 0 {
		t.Errorf("a full import whose row for Dee was rejected made %d inactive, want none", res.Deactivated)
	}
	if dee, _ := db.Patron(ctx, "004417"); dee.Inactive {
		t.Error("Dee is inactive because her row was rejected")
	}
	if _, students, _ := db.ClassRoster(ctx, "C-4R"); len(students) != 2 {
		t.Errorf("class after the import: %d students, want Ana and Dee still", len(students))
	}
}

func TestRosterDeltaKeepsTheTeacher(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	importRoster(t, db, school(), circ.RosterOptions{Full: true})
	delta := &circ.Roster{Format: circ.OneRoster, Version: "1.1",
		Classes: []circ.RosterClass{{SourcedID: "C-4R", Name: "4th Grade Reading (new room)", Active: true}}}
	importRoster(t, db, delta, circ.RosterOptions{})
	c, _, err := db.ClassRoster(ctx, "C-4R")
	if err != nil || c.Name != "4th Grade Reading (new room)" || c.Teacher != "Rosa Rivera" || c.School != "Oak" {
		t.Errorf("class after a delta that renames it: %+v, %v; want the new name and the teacher and school kept", c, err)
	}
}

// The first roster import after the station had its people by card number
// (the demo seeds them so) links them to the roster: they are counted as
// adopted, not updated, when nothing else about them changed.
func TestRosterImportAdoptsWhoTheStationHad(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "circdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Seed(ctx, circ.Dataset{Patrons: []circ.Patron{
		{ID: "1001", FirstName: "Ana", LastName: "Ruiz", Grade: "04", Type: circ.Student},
		{ID: "1002", FirstName: "Ben", LastName: "Cho", Grade: "03", Type: circ.Student},
	}}); err != nil {
		t.Fatal(err)
	}
	r := &circ.Roster{Format: circ.PlainCSV, Users: []circ.RosterUser{
		{SourcedID: "S-1", ID: "1001", FirstName: "Ana", LastName: "Ruiz", Grade: "04", Role: circ.Student, Active: true},
		{SourcedID: "S-2", ID: "1002", FirstName: "Ben", LastName: "Cho", Grade: "04", Role: circ.Student, Active: true},
	}}
	res := importRoster(t, db, r, circ.RosterOptions{Source: "roster.csv"})
	if res.Added != 0 || res.Adopted != 1 || res.Updated != 1 {
		t.Fatalf("%+v, want Ana adopted (unchanged) and Ben updated (a new grade)", res)
	}
	last, err := db.RosterImports(ctx, 1)
	if err != nil || len(last) != 1 || last[0].Adopted != 1 {
		t.Errorf("the import's record %+v %v, want it to keep the adopted count", last, err)
	}
}
