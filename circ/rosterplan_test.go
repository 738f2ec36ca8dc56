package circ_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// planCache is a cache in memory, as a roster plan reads it.
type planCache struct {
	patrons []circ.RosterPatron
	classes map[string]bool // id → active
	members map[string][]circ.ClassMember
}

func (c *planCache) RosterPatrons(context.Context) ([]circ.RosterPatron, error) {
	return slices.Clone(c.patrons), nil
}

func (c *planCache) ActiveClasses(context.Context) ([]string, error) {
	var ids []string
	for id, active := range c.classes {
		if active {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func (c *planCache) HasClass(_ context.Context, id string) (bool, error) {
	_, ok := c.classes[id]
	return ok, nil
}

func (c *planCache) ClassMembers(_ context.Context, id string) ([]circ.ClassMember, error) {
	return slices.Clone(c.members[id]), nil
}

// changeText says a change in a few words, for comparing plans.
func changeText(c circ.RosterChange) string {
	p := c.Patron
	active := map[bool]string{true: "active", false: "inactive"}
	switch c.Kind {
	case circ.AddPatron, circ.UpdatePatron:
		verb := map[circ.RosterChangeKind]string{circ.AddPatron: "add", circ.UpdatePatron: "update"}[c.Kind]
		return fmt.Sprintf("%s %s %s %s %s %s %s %s %s", verb, p.ID, p.SourceID, p.FirstName, p.LastName, p.Type, p.Grade, p.Homeroom, active[p.Active])
	case circ.DeactivatePatron:
		return "deactivate " + c.Card
	case circ.RenumberPatron:
		return "renumber " + c.Card + "→" + c.NewCard
	case circ.PutClass:
		return fmt.Sprintf("class %s %s/%s/%s %s", c.Class.ID, c.Class.Name, c.Class.Teacher, c.Class.School, active[!c.Class.Inactive])
	case circ.EndClass:
		return "end " + c.Class.ID
	case circ.Enroll:
		return fmt.Sprintf("enroll %s %s %s", c.Class.ID, c.Card, c.Role)
	case circ.Unenroll:
		return fmt.Sprintf("unenroll %s %s", c.Class.ID, c.Card)
	}
	return fmt.Sprintf("change %d", c.Kind)
}

// plan plans r over cache; each group of changes is one string, its
// changes joined by "; ".
func plan(t *testing.T, cache *planCache, r *circ.Roster, opt circ.RosterOptions) (circ.RosterImport, []string, error) {
	t.Helper()
	var groups []string
	res, err := circ.PlanRoster(context.Background(), cache, r, opt, func(g []circ.RosterChange) error {
		if len(g) == 0 {
			t.Error("an empty group of changes")
		}
		texts := make([]string, len(g))
		for i, c := range g {
			texts[i] = changeText(c)
		}
		groups = append(groups, strings.Join(texts, "; "))
		return nil
	})
	return res, groups, err
}

func student(sid, id, first, last string) circ.RosterUser {
	return circ.RosterUser{SourcedID: sid, ID: id, FirstName: first, LastName: last, Grade: "04", Role: circ.Student, Active: true, File: "users.csv", Line: 2}
}

func cached(id, sid, first, last string) circ.RosterPatron {
	return circ.RosterPatron{ID: id, SourceID: sid, FirstName: first, LastName: last, Type: circ.Student, Grade: "04", Active: true}
}

// counts is what an import reports, in the order the librarian reads it.
type counts struct{ added, updated, adopted, deactivated, classes, enrollments, rejected int }

func countsOf(r circ.RosterImport) counts {
	return counts{r.Added, r.Updated, r.Adopted, r.Deactivated, r.Classes, r.Enrollments, len(r.Rejected)}
}

func TestPlanRoster(t *testing.T) {
	ana, ben := student("S-1", "1001", "Ana", "Ruiz"), student("S-2", "1002", "Ben", "Cho")
	reading := circ.RosterClass{SourcedID: "C-1", Name: "Reading", Teacher: "Rosa Rivera", School: "org1", SchoolName: "Oak", Active: true}
	enroll := func(class, user string) circ.RosterEnrollment {
		return circ.RosterEnrollment{ClassID: class, UserID: user, Role: circ.Student, Active: true, File: "enrollments.csv", Line: 2}
	}
	// many is n active roster patrons the station has, R-0 to R-(n-1).
	many := func(n int) []circ.RosterPatron {
		var out []circ.RosterPatron
		for i := range n {
			out = append(out, cached(fmt.Sprintf("90%02d", i), fmt.Sprintf("R-%d", i), "Kid", fmt.Sprint(i)))
		}
		return out
	}
	// listing is a full roster of the first n of many.
	listing := func(n int) []circ.RosterUser {
		var out []circ.RosterUser
		for i := range n {
			out = append(out, student(fmt.Sprintf("R-%d", i), fmt.Sprintf("90%02d", i), "Kid", fmt.Sprint(i)))
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		cache  planCache
		roster circ.Roster
		opt    circ.RosterOptions
		want   []string // the groups of changes, in order
		counts counts
		reject []string // words of each rejected row's reason, in order
		err    string   // words of the refusal
	}{{
		name:   "new people, a class and who is in it",
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana, {SourcedID: "T-1", ID: "T900", FirstName: "Rosa", LastName: "Rivera", Role: circ.Teacher, Active: true}, {SourcedID: "A-1", ID: "A1", FirstName: "Al", LastName: "Aide", Role: circ.Staff, Active: true}}, Classes: []circ.RosterClass{reading}, Enrollments: []circ.RosterEnrollment{enroll("C-1", "S-1"), {ClassID: "C-1", UserID: "T-1", Role: circ.Teacher, Primary: true, Active: true}}},
		want: []string{
			"add 1001 S-1 Ana Ruiz student 04  active", "add T900 T-1 Rosa Rivera teacher   active", "add A1 A-1 Al Aide staff   active",
			"class C-1 Reading/Rosa Rivera/Oak active",
			"enroll C-1 1001 student; enroll C-1 T900 teacher",
		},
		counts: counts{added: 3, classes: 1, enrollments: 2},
	}, {
		name:   "a plain CSV roster's homerooms are its patrons' homerooms; its school is the class's",
		roster: circ.Roster{Format: circ.PlainCSV, Users: []circ.RosterUser{ana}, Classes: []circ.RosterClass{{SourcedID: "homeroom:4B", Name: "4B", School: "org9", Active: true}}, Enrollments: []circ.RosterEnrollment{enroll("homeroom:4B", "S-1")}},
		want:   []string{"add 1001 S-1 Ana Ruiz student 04 4B active", "class homeroom:4B 4B//org9 active", "enroll homeroom:4B 1001 student"},
		counts: counts{added: 1, classes: 1, enrollments: 1},
	}, {
		name:   "the same roster again changes nothing",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz")}, classes: map[string]bool{"C-1": true}, members: map[string][]circ.ClassMember{"C-1": {{Card: "1001", Role: circ.Student}}}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana}, Classes: []circ.RosterClass{reading}, Enrollments: []circ.RosterEnrollment{enroll("C-1", "S-1")}},
		opt:    circ.RosterOptions{Full: true},
		want:   []string{"class C-1 Reading/Rosa Rivera/Oak active"},
		counts: counts{classes: 1, enrollments: 1},
	}, {
		name:   "a changed name is an update; a OneRoster user keeps the homeroom the station had",
		cache:  planCache{patrons: []circ.RosterPatron{{ID: "1001", SourceID: "S-1", FirstName: "Ana", LastName: "Ruiz", Type: circ.Student, Grade: "03", Homeroom: "3A", Active: true}}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana}},
		want:   []string{"update 1001 S-1 Ana Ruiz student 04 3A active"},
		counts: counts{updated: 1},
	}, {
		name:   "a patron the station had by card number is adopted: already here",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "", "Ana", "Ruiz")}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana}},
		opt:    circ.RosterOptions{Full: true},
		want:   []string{"update 1001 S-1 Ana Ruiz student 04  active"},
		counts: counts{adopted: 1},
	}, {
		name:   "an adopted patron whose name changed is updated",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "", "Anna", "Ruiz")}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana}},
		want:   []string{"update 1001 S-1 Ana Ruiz student 04  active"},
		counts: counts{updated: 1},
	}, {
		name:   "a card number another roster person has is rejected, and they are not gone",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-9", "Eli", "Vance")}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana, student("S-9", "1009", "Eli", "Vance")}},
		opt:    circ.RosterOptions{Full: true},
		want:   []string{"renumber 1001→1009; update 1009 S-9 Eli Vance student 04  active"},
		counts: counts{updated: 1, rejected: 1},
		reject: []string{"Card number 1001 already belongs to another roster person (Eli Vance); the row was skipped."},
	}, {
		name: "a changed card number is followed, in the class lists too",
		cache: planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz"), cached("1002", "S-2", "Ben", "Cho")}, classes: map[string]bool{"C-1": true},
			members: map[string][]circ.ClassMember{"C-1": {{Card: "1001", Role: circ.Student}, {Card: "1002", Role: circ.Student}}}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{student("S-1", "2001", "Ana", "Ruiz"), ben}, Classes: []circ.RosterClass{reading},
			Enrollments: []circ.RosterEnrollment{enroll("C-1", "S-1"), enroll("C-1", "S-2")}},
		opt:    circ.RosterOptions{Full: true},
		want:   []string{"renumber 1001→2001; update 2001 S-1 Ana Ruiz student 04  active", "class C-1 Reading/Rosa Rivera/Oak active"},
		counts: counts{updated: 1, classes: 1, enrollments: 2},
	}, {
		name:   "a new card number someone else has is rejected; the person keeps their places",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz"), cached("1002", "S-2", "Ben", "Cho")}, classes: map[string]bool{"C-1": true}},
		roster: circ.Roster{Format: circ.OneRoster, Users: []circ.RosterUser{student("S-1", "1002", "Ana", "Ruiz")}, Enrollments: []circ.RosterEnrollment{enroll("C-1", "S-1")}},
		want:   []string{"enroll C-1 1001 student"},
		counts: counts{enrollments: 1, rejected: 1},
		reject: []string{"The new card number 1002 of Ana Ruiz already belongs to Ben Cho; the row was skipped."},
	}, {
		name:  "a card number that changes hands does so in one group",
		cache: planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz"), cached("1002", "S-2", "Ben", "Cho")}},
		// Ana gives up 1001 for 3001; Ben takes 1001; Cy is new.
		roster: circ.Roster{Format: circ.OneRoster, Users: []circ.RosterUser{student("S-1", "3001", "Ana", "Ruiz"), student("S-3", "3003", "Cy", "Oak"), student("S-2", "1001", "Ben", "Cho")}},
		want: []string{
			"add 3003 S-3 Cy Oak student 04  active",
			"renumber 1001→3001; update 3001 S-1 Ana Ruiz student 04  active; renumber 1002→1001; update 1001 S-2 Ben Cho student 04  active",
		},
		counts: counts{added: 1, updated: 2},
	}, {
		name:   "a full roster makes the roster people it lacks inactive, not the others, nor those whose rows were rejected",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz"), cached("1002", "S-2", "Ben", "Cho"), cached("1003", "S-3", "Cy", "Oak"), cached("0042", "", "Walk", "In")}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana}, Held: []string{"S-3"}, Rejected: []circ.RosterReject{{File: "users.csv", Line: 3, Reason: "The row has no identifier."}}},
		opt:    circ.RosterOptions{Full: true},
		want:   []string{"deactivate 1002"},
		counts: counts{deactivated: 1, rejected: 1},
		reject: []string{"The row has no identifier."},
	}, {
		name:   "an import that is not full makes nobody inactive",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz"), cached("1002", "S-2", "Ben", "Cho")}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana}},
		counts: counts{},
	}, {
		name:   "a full roster that lacks more than a third of the roster (and more than ten) is refused",
		cache:  planCache{patrons: many(33)},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: listing(21)},
		opt:    circ.RosterOptions{Full: true},
		err:    "this full import would make 12 of the 33 roster patrons inactive, which looks like an incomplete export; nothing was changed",
	}, {
		name:   "with Force it goes ahead",
		cache:  planCache{patrons: many(33)},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: listing(21)},
		opt:    circ.RosterOptions{Full: true, Force: true},
		want: []string{"deactivate 9021", "deactivate 9022", "deactivate 9023", "deactivate 9024", "deactivate 9025", "deactivate 9026",
			"deactivate 9027", "deactivate 9028", "deactivate 9029", "deactivate 9030", "deactivate 9031", "deactivate 9032"},
		counts: counts{deactivated: 12},
	}, {
		name:   "ten may go whatever their share",
		cache:  planCache{patrons: many(12)},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: listing(2)},
		opt:    circ.RosterOptions{Full: true},
		want: []string{"deactivate 9002", "deactivate 9003", "deactivate 9004", "deactivate 9005", "deactivate 9006",
			"deactivate 9007", "deactivate 9008", "deactivate 9009", "deactivate 9010", "deactivate 9011"},
		counts: counts{deactivated: 10},
	}, {
		name:   "a third may go",
		cache:  planCache{patrons: many(33)},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: listing(22)},
		opt:    circ.RosterOptions{Full: true},
		counts: counts{deactivated: 11},
		want: []string{"deactivate 9022", "deactivate 9023", "deactivate 9024", "deactivate 9025", "deactivate 9026", "deactivate 9027",
			"deactivate 9028", "deactivate 9029", "deactivate 9030", "deactivate 9031", "deactivate 9032"},
	}, {
		name:   "a full import of a delta is refused",
		roster: circ.Roster{Format: circ.OneRoster, Users: []circ.RosterUser{ana}},
		opt:    circ.RosterOptions{Full: true},
		err:    "this roster holds changes only (delta), not the complete list a full import needs; import it without --full",
	}, {
		name:   "a full import of a roster with no users is refused",
		roster: circ.Roster{Format: circ.OneRoster, Classes: []circ.RosterClass{reading}},
		opt:    circ.RosterOptions{Full: true},
		err:    "this roster lists no users, so a full import would make everyone inactive; nothing was changed",
	}, {
		name:   "a delta's users to be deleted become inactive; one the station never had is nothing",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz"), cached("1002", "S-2", "Ben", "Cho")}, classes: map[string]bool{"C-1": true}, members: map[string][]circ.ClassMember{"C-1": {{Card: "1002", Role: circ.Student}}}},
		roster: circ.Roster{Format: circ.OneRoster, Users: []circ.RosterUser{{SourcedID: "S-2"}, {SourcedID: "S-404"}}, Enrollments: []circ.RosterEnrollment{{ClassID: "C-1", UserID: "S-2", Unresolved: true}}},
		want:   []string{"deactivate 1002", "unenroll C-1 1002"},
		counts: counts{deactivated: 1},
	}, {
		name:  "a delta's enrollments may name people and classes an earlier import brought, not others",
		cache: planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz")}, classes: map[string]bool{"C-1": false}},
		roster: circ.Roster{Format: circ.OneRoster, Users: []circ.RosterUser{ben}, Enrollments: []circ.RosterEnrollment{
			{ClassID: "C-1", UserID: "S-1", Role: circ.Student, Active: true, Unresolved: true},
			{ClassID: "C-1", UserID: "S-404", Role: circ.Student, Active: true, Unresolved: true, File: "enrollments.csv", Line: 3},
			{ClassID: "C-404", UserID: "S-2", Role: circ.Student, Active: true, Unresolved: true, File: "enrollments.csv", Line: 4},
			{ClassID: "C-1", UserID: "S-2", Role: circ.Student, Active: true, Unresolved: true},
		}},
		want:   []string{"add 1002 S-2 Ben Cho student 04  active", "enroll C-1 1001 student; enroll C-1 1002 student"},
		counts: counts{added: 1, enrollments: 2, rejected: 2},
		reject: []string{
			"The enrollment names a person (S-404) this station does not know; it was skipped.",
			"The enrollment names a class (C-404) that is not in the roster; it was skipped.",
		},
	}, {
		name: "a full roster replaces the lists of its classes, but a person whose row was rejected keeps their places",
		cache: planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz"), cached("1002", "S-2", "Ben", "Cho"), cached("1003", "S-3", "Cy", "Oak")},
			classes: map[string]bool{"C-1": true}, members: map[string][]circ.ClassMember{"C-1": {{Card: "1001", Role: circ.Student}, {Card: "1002", Role: circ.Student}, {Card: "1003", Role: circ.Student}}}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana, ben}, Held: []string{"S-3"}, Classes: []circ.RosterClass{reading},
			Enrollments: []circ.RosterEnrollment{{ClassID: "C-1", UserID: "S-1", Role: circ.Teacher, Active: true}}},
		opt:    circ.RosterOptions{Full: true},
		want:   []string{"class C-1 Reading/Rosa Rivera/Oak active", "unenroll C-1 1002; enroll C-1 1001 teacher"},
		counts: counts{classes: 1, enrollments: 1},
	}, {
		name:   "a full roster ends the classes it lacks",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Ana", "Ruiz")}, classes: map[string]bool{"C-1": true, "C-8": true, "C-9": false}, members: map[string][]circ.ClassMember{"C-8": {{Card: "1001", Role: circ.Student}}}},
		roster: circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{ana}, Classes: []circ.RosterClass{reading}},
		opt:    circ.RosterOptions{Full: true},
		want:   []string{"class C-1 Reading/Rosa Rivera/Oak active", "end C-8"},
		counts: counts{classes: 1},
	}, {
		name:   "a roster with no rows brings nothing",
		roster: circ.Roster{Format: circ.PlainCSV},
		err:    "the roster has no rows, so nothing was imported",
	}, {
		name:   "a roster whose every row was rejected brings nothing, and says why",
		cache:  planCache{patrons: []circ.RosterPatron{cached("1001", "S-9", "Eli", "Vance")}},
		roster: circ.Roster{Format: circ.PlainCSV, Users: []circ.RosterUser{ana}, Rejected: []circ.RosterReject{{File: "roster.csv", Line: 3, Reason: "The row has no id."}}},
		err:    "every row of the roster was rejected (2 rows), so nothing was imported",
		counts: counts{rejected: 2},
		reject: []string{"The row has no id.", "Card number 1001 already belongs"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			res, got, err := plan(t, &tc.cache, &tc.roster, tc.opt)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if tc.err == "" && !slices.Equal(got, tc.want) {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if c := countsOf(res); c != tc.counts {
				t.Errorf("counts %+v, want %+v", c, tc.counts)
			}
			if len(res.Rejected) != len(tc.reject) {
				t.Fatalf("rejected %+v, want %d", res.Rejected, len(tc.reject))
			}
			for i, words := range tc.reject {
				if !strings.Contains(res.Rejected[i].Reason, words) {
					t.Errorf("rejected %d: %q, want %q", i, res.Rejected[i].Reason, words)
				}
			}
		})
	}
}

// TestPlanRosterMassDeactivation: the refusal says how many would go, of
// how many, so the librarian can judge it.
func TestPlanRosterMassDeactivation(t *testing.T) {
	var cache planCache
	for i := range 30 {
		cache.patrons = append(cache.patrons, cached(fmt.Sprint(5000+i), fmt.Sprint("R-", i), "Kid", fmt.Sprint(i)))
	}
	r := &circ.Roster{Format: circ.OneRoster, Bulk: true, Users: []circ.RosterUser{student("R-0", "5000", "Kid", "0")}}
	_, got, err := plan(t, &cache, r, circ.RosterOptions{Full: true})
	var mass *circ.MassDeactivation
	if !errors.As(err, &mass) || mass.Gone != 29 || mass.Active != 30 {
		t.Fatalf("error %v, want 29 of 30 refused", err)
	}
	if len(got) != 0 {
		t.Errorf("a refused plan made changes: %v", got)
	}
}

// TestPlanRosterDryRun: a dry run counts what the import would do, and
// changes nothing.
func TestPlanRosterDryRun(t *testing.T) {
	cache := planCache{patrons: []circ.RosterPatron{cached("1001", "S-1", "Anna", "Ruiz"), cached("1002", "S-2", "Ben", "Cho"), cached("0042", "", "Cy", "Oak")}, classes: map[string]bool{"C-1": true}}
	r := &circ.Roster{Format: circ.OneRoster, Bulk: true,
		Users:       []circ.RosterUser{student("S-1", "1001", "Ana", "Ruiz"), student("S-3", "0042", "Cy", "Oak"), student("S-4", "1004", "Di", "Poe")},
		Classes:     []circ.RosterClass{{SourcedID: "C-1", Name: "Reading", Active: true}},
		Enrollments: []circ.RosterEnrollment{{ClassID: "C-1", UserID: "S-4", Role: circ.Student, Active: true}},
		Rejected:    []circ.RosterReject{{File: "users.csv", Line: 9, Reason: "The row has no identifier."}},
	}
	opt := circ.RosterOptions{Full: true, Source: "roster.zip"}
	real, _, err := plan(t, &cache, r, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.DryRun = true
	res, err := circ.PlanRoster(context.Background(), &cache, r, opt, func([]circ.RosterChange) error {
		t.Error("a dry run made changes")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := counts{added: 1, updated: 1, adopted: 1, deactivated: 1, classes: 1, enrollments: 1, rejected: 1}
	if countsOf(res) != want || countsOf(real) != want {
		t.Errorf("dry run %+v, import %+v, want %+v", countsOf(res), countsOf(real), want)
	}
	if !res.DryRun || real.DryRun || res.Source != "roster.zip" || res.Format != "oneroster" || !res.Full {
		t.Errorf("dry run %+v", res)
	}
}

// TestPlanRosterStopsOnApplyError: an error from applying a group ends the
// plan with it.
func TestPlanRosterStopsOnApplyError(t *testing.T) {
	boom := errors.New("disk full")
	r := &circ.Roster{Format: circ.PlainCSV, Users: []circ.RosterUser{student("S-1", "1001", "Ana", "Ruiz"), student("S-2", "1002", "Ben", "Cho")}}
	calls := 0
	_, err := circ.PlanRoster(context.Background(), &planCache{}, r, circ.RosterOptions{}, func([]circ.RosterChange) error {
		calls++
		return boom
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Errorf("error %v after %d groups, want %v after 1", err, calls, boom)
	}
}
