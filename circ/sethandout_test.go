package circ_test

import (
	"context"
	"sync"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/storage"
)

// handoutKit runs a station with an RFID gate and the spares as a set.
func handoutKit(t *testing.T) (*circ.Station, *circ.Sets, *storage.DB, *fakeGate) {
	t.Helper()
	db, desk, _ := openFixture(t)
	gate := &fakeGate{afi: map[string]byte{}, refuse: map[string]bool{}}
	st := circ.NewStation(desk, circ.StationConfig{Security: gate}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go st.Run(ctx)
	sets := &circ.Sets{Desk: desk, Store: db, Roster: db}
	if err := sets.Create(ctx, "Wonder set", spares); err != nil {
		t.Fatal(err)
	}
	if err := sets.Create(ctx, "Other set", []string{free2}); err != nil {
		t.Fatal(err)
	}
	return st, sets, db, gate
}

// begin starts a handout on the station and returns the latest state it published.
func begin(t *testing.T, st *circ.Station, sets *circ.Sets, teacher circ.Patron, class string) func() circ.HandoutState {
	t.Helper()
	var mu sync.Mutex
	var last circ.HandoutState
	h, err := circ.NewHandout(context.Background(), sets, st, "Wonder set", teacher, class, func(s circ.HandoutState) {
		mu.Lock()
		last = s
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	last = h.State()
	if _, err := st.Begin(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	return func() circ.HandoutState {
		mu.Lock()
		defer mu.Unlock()
		return last
	}
}

func TestHandoutStackToTeacher(t *testing.T) {
	ctx := context.Background()
	st, sets, db, gate := handoutKit(t)
	teacher, _ := db.Patron(ctx, tina)
	state := begin(t, st, sets, teacher, "")
	if s := state(); s.Expected != 20 || len(s.Missing) != 20 || s.Teacher != "Tina Kim" {
		t.Fatalf("before the stack: %+v", s)
	}
	for i, b := range spares[:19] {
		scanTag(t, st, tag(b, 1, 1))
		if i == 3 {
			scanTag(t, st, tag(b, 1, 1)) // the pad reads a tag again
		}
	}
	scanTag(t, st, tag(free1, 1, 1)) // a book of no set
	scanTag(t, st, tag(free2, 1, 1)) // a copy of another set
	s := state()
	if s.Read != 19 || s.Lent != 19 || len(s.Missing) != 1 || s.Missing[0] != spares[19] {
		t.Fatalf("after the stack: read %d, lent %d, missing %v; want 19, 19 and the last spare named", s.Read, s.Lent, s.Missing)
	}
	if len(s.Flagged) != 2 || s.Flagged[0].OtherSet != "Other set" || s.Flagged[1].Code != circ.CodeNotInSet {
		t.Fatalf("flagged %+v, want the other set's copy and the book of no set", s.Flagged)
	}
	for _, b := range spares[:19] {
		if got := gate.get(tag(b, 1, 1).Tag[devices.TagUID]); got != circ.DefaultAFI.OnLoan {
			t.Fatalf("copy %s went out with AFI %#x", b, got)
		}
		if l, err := db.Loan(ctx, b); err != nil || l.Patron != tina {
			t.Fatalf("copy %s: loan %+v, %v", b, l, err)
		}
	}
	if l, err := db.Loan(ctx, free1); err == nil {
		t.Errorf("a book of no set went out: %+v", l)
	}
	// A barcode scan of a copy already read is a duplicate, not a second loan.
	scan(t, st, spares[0])
	if s = state(); !s.Last.Duplicate || s.Lent != 19 {
		t.Errorf("a copy scanned twice: %+v", s.Last)
	}
}

// classOfFour enrolls Maya, Sam, Bob (blocked) and Omar in class C-2; in
// roster order (by last name) they are Omar Haddad, Maya Lopez, Bob Ng, Sam Okafor.
func classOfFour(t *testing.T, db *storage.DB) {
	t.Helper()
	ctx := context.Background()
	r := &circ.Roster{Format: circ.PlainCSV, Classes: []circ.RosterClass{{SourcedID: "C-2", Name: "2 Kim", Teacher: "Tina Kim", Active: true}}}
	for _, id := range []string{maya, sam, bob, omar} {
		p, _ := db.Patron(ctx, id)
		r.Users = append(r.Users, circ.RosterUser{SourcedID: "S" + id, ID: id, FirstName: p.FirstName, LastName: p.LastName, Role: circ.Student, Active: true})
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: "C-2", UserID: "S" + id, Role: circ.Student, Active: true})
	}
	if _, err := db.ImportRoster(ctx, r, circ.RosterOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestHandoutToClassInRosterOrder(t *testing.T) {
	ctx := context.Background()
	st, sets, db, _ := handoutKit(t)
	classOfFour(t, db)
	teacher, _ := db.Patron(ctx, tina)
	var mu sync.Mutex
	var last circ.HandoutState
	h, err := circ.NewHandout(ctx, sets, st, "Wonder set", teacher, "C-2", func(s circ.HandoutState) {
		mu.Lock()
		last = s
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.InRosterOrder(ctx); err != nil {
		t.Fatal(err)
	}
	if s := h.State(); s.Student != "Omar Haddad" {
		t.Fatalf("first in roster order: %q, want Omar Haddad", s.Student)
	}
	st.Begin(ctx, h)
	for _, b := range spares[:3] {
		scan(t, st, b)
	}
	mu.Lock()
	s := last
	mu.Unlock()
	if s.Lent != 3 || len(s.WithoutCopy) != 1 || s.WithoutCopy[0] != "Bob Ng" || s.Student != "" {
		t.Fatalf("after three copies: lent %d, without %v, next %q; want Omar, Maya and Sam served, Bob (blocked) passed", s.Lent, s.WithoutCopy, s.Student)
	}
	for i, want := range []string{omar, maya, sam} {
		if l, err := db.Loan(ctx, spares[i]); err != nil || l.Patron != want {
			t.Errorf("copy %d went to %+v (%v), want %s", i, l, err, want)
		}
	}
	if len(s.CannotBorrow) != 1 || s.CannotBorrow[0].Student != "Bob Ng" || s.CannotBorrow[0].Code != circ.CodePatronBlocked {
		t.Errorf("cannot borrow %+v, want Bob's block", s.CannotBorrow)
	}
}

func TestHandoutToClass(t *testing.T) {
	ctx := context.Background()
	st, sets, db, _ := handoutKit(t)
	classOfFour(t, db)
	teacher, _ := db.Patron(ctx, tina)
	state := begin(t, st, sets, teacher, "C-2")
	if s := state(); s.ClassName != "2 Kim" || len(s.WithoutCopy) != 4 {
		t.Fatalf("before: %+v", s)
	}
	steps := []struct {
		code string
		want circ.Code
		ok   bool
	}{
		{spares[5], circ.CodeNoPatron, false}, // a copy before any student
		{maya, "", false},
		{spares[0], circ.CodeCheckedOut, true},
		{sam, "", false},
		{spares[1], circ.CodeCheckedOut, true},
		{bob, "", false},
		{spares[2], circ.CodePatronBlocked, false},
		{fran, circ.CodeNotInClass, false},
		{maya, circ.CodeHasCopy, false},
	}
	for _, s := range steps {
		scan(t, st, s.code)
		got := state()
		if s.want == "" {
			if got.Student == "" {
				t.Fatalf("after card %s: no student waiting: %+v", s.code, got.Last)
			}
			continue
		}
		if got.Last == nil || got.Last.Code != s.want || got.Last.OK != s.ok {
			t.Fatalf("after %s: %+v, want %s", s.code, got.Last, s.want)
		}
	}
	s := state()
	if s.Lent != 2 || len(s.WithoutCopy) != 2 || s.WithoutCopy[0] != "Omar Haddad" || s.WithoutCopy[1] != "Bob Ng" {
		// Roster order is by last name: Haddad, Lopez, Ng, Okafor.
		t.Errorf("lent %d, without a copy %v; want 2 lent, Omar and Bob still without", s.Lent, s.WithoutCopy)
	}
	if l, _ := db.Loan(ctx, spares[1]); l.Patron != sam {
		t.Errorf("Sam's copy: %+v", l)
	}
}

// A class's copy laid on the pad before the student's card goes out when
// it is laid down again after the card.
func TestHandoutPadCopyBeforeTheCard(t *testing.T) {
	ctx := context.Background()
	st, sets, db, gate := handoutKit(t)
	classOfFour(t, db)
	teacher, _ := db.Patron(ctx, tina)
	state := begin(t, st, sets, teacher, "C-2")
	scanTag(t, st, tag(spares[0], 1, 1))
	if s := state(); s.Last == nil || s.Last.Code != circ.CodeNoPatron || s.Lent != 0 {
		t.Fatalf("a copy before any card: %+v", s.Last)
	}
	scan(t, st, maya)
	scanTag(t, st, tag(spares[0], 1, 1))
	if s := state(); s.Lent != 1 || s.Last.Student != "Maya Lopez" || !s.Last.OK {
		t.Fatalf("the copy laid down again after Maya's card: %+v", s.Last)
	}
	if got := gate.get(tag(spares[0], 1, 1).Tag[devices.TagUID]); got != circ.DefaultAFI.OnLoan {
		t.Errorf("Maya's copy went out with AFI %#x", got)
	}
}

// In roster order, the name on the screen is always the student the next
// copy is lent to: students who cannot borrow (Bob blocked, Eve's card
// expired) are passed over before anyone is named, and listed.
func TestHandoutInRosterOrderNamesWhoGetsTheCopy(t *testing.T) {
	ctx := context.Background()
	st, sets, db, _ := handoutKit(t)
	ids := []string{bob, eve, maya, sam, omar}
	r := &circ.Roster{Format: circ.PlainCSV, Classes: []circ.RosterClass{{SourcedID: "C-3", Name: "3 Kim", Teacher: "Tina Kim", Active: true}}}
	names := map[string]string{}
	for _, id := range ids {
		p, _ := db.Patron(ctx, id)
		names[p.FirstName+" "+p.LastName] = id
		r.Users = append(r.Users, circ.RosterUser{SourcedID: "S" + id, ID: id, FirstName: p.FirstName, LastName: p.LastName, Role: circ.Student, Active: true})
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: "C-3", UserID: "S" + id, Role: circ.Student, Active: true})
	}
	if _, err := db.ImportRoster(ctx, r, circ.RosterOptions{}); err != nil {
		t.Fatal(err)
	}
	teacher, _ := db.Patron(ctx, tina)
	var mu sync.Mutex
	var last circ.HandoutState
	h, err := circ.NewHandout(ctx, sets, st, "Wonder set", teacher, "C-3", func(s circ.HandoutState) {
		mu.Lock()
		last = s
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.InRosterOrder(ctx); err != nil {
		t.Fatal(err)
	}
	state := h.State()
	st.Begin(ctx, h)
	for i := 0; i < 3; i++ {
		named := state.Student
		if id := names[named]; id == bob || id == eve || id == "" {
			t.Fatalf("copy %d: the screen names %q, who cannot borrow", i, named)
		}
		scan(t, st, spares[i])
		if l, err := db.Loan(ctx, spares[i]); err != nil || l.Patron != names[named] {
			t.Fatalf("copy %d: the screen said %q's copy; it was lent to %+v (%v)", i, named, l, err)
		}
		mu.Lock()
		state = last
		mu.Unlock()
	}
	got := map[string]circ.Code{}
	for _, p := range state.CannotBorrow {
		got[names[p.Student]] = p.Code
	}
	if got[bob] != circ.CodePatronBlocked || got[eve] != circ.CodeCardExpired || len(got) != 2 {
		t.Errorf("cannot borrow %+v, want Bob (blocked) and Eve (expired)", state.CannotBorrow)
	}
}
