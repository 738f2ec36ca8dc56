package circ

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// A roster import is a plan: PlanRoster compares a parsed Roster with the
// cache as it is, and decides every change (patrons added, updated,
// renumbered, made inactive; classes put and ended; class lists changed)
// and the counts the librarian is shown. A store applies the plan's
// changes, all of them or none (see RosterImporter).

// massDeactivationShare is the share of a roster's active patrons a full
// import may make inactive without RosterOptions.Force: more looks like a
// truncated export (when more than ten would go).
const massDeactivationShare = 1.0 / 3

// RosterImporter applies rosters to the cache.
type RosterImporter interface {
	// ImportRoster applies the plan PlanRoster makes of r: all of it or,
	// on failure, none of it. It need not be one transaction: a store may
	// apply a district's roster in many short ones, so that the desk goes
	// on deciding meanwhile, as long as each applies whole groups of the
	// plan (a person, a card number changing hands, a class list), and an
	// import that failed before it was committed changed nothing. A dry run
	// plans only.
	ImportRoster(ctx context.Context, r *Roster, opt RosterOptions) (RosterImport, error)
}

// RosterPatron is what a roster import compares of a cached patron.
type RosterPatron struct {
	ID        string // the card number
	SourceID  string // the roster's id for them (RosterUser.SourcedID); "" when no roster brought them
	FirstName string
	LastName  string
	Type      PatronType
	Grade     string
	Homeroom  string
	Active    bool
}

// ClassMember is one person in a cached class list, and their role in it.
type ClassMember struct {
	Card string // the patron's card number
	Role PatronType
}

// RosterCache is what a roster plan reads of the cache. Nothing but a
// roster import changes what it reads, and imports take turns, so the
// plan may read it a piece at a time.
type RosterCache interface {
	// RosterPatrons returns every cached patron.
	RosterPatrons(ctx context.Context) ([]RosterPatron, error)
	// ActiveClasses returns the ids of the active cached classes.
	ActiveClasses(ctx context.Context) ([]string, error)
	// HasClass says whether the cache has a class of this id, active or not.
	HasClass(ctx context.Context, id string) (bool, error)
	// ClassMembers returns who is in class id, by card number.
	ClassMembers(ctx context.Context, id string) ([]ClassMember, error)
}

// RosterChangeKind says what a RosterChange does.
type RosterChangeKind int

// The changes a roster plan makes.
const (
	AddPatron        RosterChangeKind = iota + 1 // Patron is new
	UpdatePatron                                 // Patron (found by Patron.ID) is as given
	DeactivatePatron                             // the patron Card is made inactive
	RenumberPatron                               // the patron Card gets card number NewCard, wherever it is referred to
	PutClass                                     // Class is added or updated
	EndClass                                     // class Class.ID is inactive, and nobody is in it
	Enroll                                       // the patron Card is in class Class.ID, as Role
	Unenroll                                     // the patron Card is no longer in class Class.ID
)

// RosterChange is one change a roster plan makes to the cache.
type RosterChange struct {
	Kind    RosterChangeKind
	Patron  RosterPatron // AddPatron, UpdatePatron: the patron as they will be
	Card    string       // DeactivatePatron, Enroll, Unenroll: the patron; RenumberPatron: the old card number
	NewCard string       // RenumberPatron: the new card number
	// Class is the class as the roster gives it (PutClass), or names it
	// (EndClass, Enroll, Unenroll: Class.ID). A Teacher or School left
	// empty keeps the one the cache has.
	Class Class
	Role  PatronType // Enroll: the patron's role in the class
}

// NewRosterImport is the result of importing r with opt before anything is
// decided: when, from where, how; nothing counted.
func NewRosterImport(r *Roster, opt RosterOptions) RosterImport {
	return RosterImport{At: opt.At, Source: opt.Source, Format: string(r.Format), Full: opt.Full, DryRun: opt.DryRun}
}

// CheckRosterImport refuses what no cache can make right: a full import of
// a OneRoster set that is not the complete list of users (a delta, or no
// users at all), which would make everyone it lacks inactive.
func CheckRosterImport(r *Roster, opt RosterOptions) error {
	if opt.Full && r.Format == OneRoster && !r.Bulk {
		if len(r.Users) == 0 {
			return NewSaid(KindInvalid, "this roster lists no users, so a full import would make everyone inactive; nothing was changed")
		}
		return NewSaid(KindInvalid, "this roster holds changes only (delta), not the complete list a full import needs; import it without --full")
	}
	return nil
}

// PlanRoster decides what importing r with opt changes in cache, and
// returns what the import does: the counts and the rejected rows.
//
// Patrons are matched on the roster's own id (RosterUser.SourcedID); a
// patron the station already had under the same card number, from before
// rosters, is adopted. A card number that changed is changed everywhere
// the patron is referred to. A full import makes the roster patrons it
// lacks inactive (unless that is a suspicious share of them: a
// *MassDeactivation, unless opt.Force) but not those whose rows were
// rejected, ends the classes it lacks, and replaces the class lists of the
// classes it lists.
//
// The changes go to apply in order, in groups that must be applied
// together (a card number that changes hands, a class list): a district's
// import is a million changes, which are handed on as they are decided
// rather than held. A dry run (opt.DryRun) only counts, and never calls
// apply. The plan is refused, and apply's changes must be dropped, when
// PlanRoster returns an error.
func PlanRoster(ctx context.Context, cache RosterCache, r *Roster, opt RosterOptions, apply func(group []RosterChange) error) (RosterImport, error) {
	res := NewRosterImport(r, opt)
	if err := CheckRosterImport(r, opt); err != nil {
		return res, err
	}
	p := &rosterPlan{ctx: ctx, cache: cache, r: r, opt: opt, res: &res}
	if !opt.DryRun {
		p.apply = apply
	}
	if err := p.run(); err != nil {
		return res, err
	}
	offered := len(r.Users) + len(r.Classes) + len(r.Enrollments) + len(r.Rejected)
	return res, CheckImportBrings("roster", offered, len(res.Rejected))
}

// rosterPlan is one PlanRoster run: the rules, applied to the cache as it
// reads, decide the changes it hands to apply (nil on a dry run).
type rosterPlan struct {
	ctx   context.Context
	cache RosterCache
	apply func([]RosterChange) error
	r     *Roster
	opt   RosterOptions
	res   *RosterImport

	bySource map[string]*RosterPatron // every patron with a source id
	byID     map[string]*RosterPatron // every patron, by card number
	patronOf map[string]string        // roster user SourcedID → card number, for enrollments
	seen     map[string]bool          // source ids in this roster

	renumbered map[string]string // old card number → new, of the changes this import makes
	ended      map[string]bool   // classes this import ends

	group   []RosterChange          // the changes of the person or class being decided
	pending map[string]*rosterGroup // see endUser
	order   []*rosterGroup          // pending groups, oldest first
}

func (p *rosterPlan) reject(file string, line int, format string, args ...any) {
	p.res.Rejected = append(p.res.Rejected, RosterReject{File: file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (p *rosterPlan) run() error {
	p.res.Rejected = append(p.res.Rejected, p.r.Rejected...)
	if err := p.loadPatrons(); err != nil {
		return err
	}
	if err := p.users(); err != nil {
		return err
	}
	// A person whose row was rejected is still on the roster.
	for _, sid := range p.r.Held {
		p.seen[sid] = true
	}
	if p.opt.Full {
		if err := p.deactivateMissing(); err != nil {
			return err
		}
	}
	if err := p.classes(); err != nil {
		return err
	}
	return p.enrollments()
}

func (p *rosterPlan) loadPatrons() error {
	rows, err := p.cache.RosterPatrons(p.ctx)
	if err != nil {
		return err
	}
	p.bySource = make(map[string]*RosterPatron, len(rows))
	p.byID = make(map[string]*RosterPatron, len(rows))
	for i := range rows {
		q := &rows[i]
		p.byID[q.ID] = q
		if q.SourceID != "" {
			p.bySource[q.SourceID] = q
		}
	}
	p.patronOf = make(map[string]string, len(p.r.Users))
	p.seen = make(map[string]bool, len(p.r.Users))
	p.pending = map[string]*rosterGroup{}
	p.renumbered = map[string]string{}
	p.ended = map[string]bool{}
	return nil
}

// patronType is the patron type of a roster role: a student unless the
// roster says teacher or staff.
func patronType(r PatronType) PatronType {
	switch r {
	case Teacher, Staff:
		return r
	}
	return Student
}

// homerooms finds each user's homeroom in a plain CSV roster, whose
// classes are its homerooms.
func (p *rosterPlan) homerooms() map[string]string {
	names := map[string]string{}
	for _, c := range p.r.Classes {
		if h, ok := strings.CutPrefix(c.SourcedID, "homeroom:"); ok {
			names[c.SourcedID] = h
		}
	}
	out := map[string]string{}
	for _, e := range p.r.Enrollments {
		if h, ok := names[e.ClassID]; ok && e.Active {
			out[e.UserID] = h
		}
	}
	return out
}

func (p *rosterPlan) users() error {
	homerooms := p.homerooms()
	for _, u := range p.r.Users {
		took, gave := p.user(u, homerooms)
		if err := p.endUser(took, gave); err != nil {
			return err
		}
	}
	return p.flushPending()
}

// user decides what becomes of one roster user, and makes the changes into
// p.group. It returns the card number it took from the cache (a new
// patron's, or a changed one's new number) and the one it gave up (a
// changed card's old number), "" for none.
func (p *rosterPlan) user(u RosterUser, homerooms map[string]string) (took, gave string) {
	p.seen[u.SourcedID] = true
	had := p.bySource[u.SourcedID]
	if !u.Active {
		// A delta's "to be deleted" row may carry nothing but its id:
		// make the patron inactive and keep what the station knew.
		if had != nil && had.Active {
			p.change(RosterChange{Kind: DeactivatePatron, Card: had.ID})
			had.Active = false
			p.res.Deactivated++
		}
		if had != nil {
			p.patronOf[u.SourcedID] = had.ID
			took = had.ID
		}
		return took, ""
	}
	if had == nil {
		if q := p.byID[u.ID]; q != nil {
			if q.SourceID != "" {
				p.reject(u.File, u.Line, "Card number %s already belongs to another roster person (%s %s); the row was skipped.", u.ID, q.FirstName, q.LastName)
				return "", ""
			}
			had = q // a patron from before rosters: adopt it
			p.bySource[u.SourcedID] = had
		}
	}
	want := RosterPatron{
		ID: u.ID, SourceID: u.SourcedID,
		FirstName: u.FirstName, LastName: u.LastName, Type: patronType(u.Role),
		Grade: u.Grade, Homeroom: homerooms[u.SourcedID], Active: u.Active,
	}
	if had == nil {
		p.change(RosterChange{Kind: AddPatron, Patron: want})
		np := want
		p.bySource[u.SourcedID], p.byID[u.ID] = &np, &np
		p.patronOf[u.SourcedID] = u.ID
		p.res.Added++
		return u.ID, ""
	}
	took = had.ID
	if want.Homeroom == "" {
		want.Homeroom = had.Homeroom // OneRoster says nothing of homerooms: keep what the station had
	}
	if had.ID != want.ID {
		if q := p.byID[want.ID]; q != nil {
			p.reject(u.File, u.Line, "The new card number %s of %s %s already belongs to %s %s; the row was skipped.", want.ID, u.FirstName, u.LastName, q.FirstName, q.LastName)
			p.patronOf[u.SourcedID] = had.ID
			return took, ""
		}
		p.change(RosterChange{Kind: RenumberPatron, Card: had.ID, NewCard: want.ID})
		p.renumbered[had.ID] = want.ID
		delete(p.byID, had.ID)
		p.byID[want.ID] = had
		took, gave = want.ID, had.ID
	}
	p.patronOf[u.SourcedID] = want.ID
	if *had == want {
		return took, gave
	}
	p.change(RosterChange{Kind: UpdatePatron, Patron: want})
	same := *had
	same.SourceID = want.SourceID
	switch {
	case had.Active && !want.Active:
		p.res.Deactivated++
	case same == want && had.SourceID == "":
		// Only now linked to the roster (the station had them by card
		// number): nothing about them changed.
		p.res.Adopted++
	default:
		p.res.Updated++
	}
	*had = want
	return took, gave
}

// change adds a change to the group being decided.
func (p *rosterPlan) change(c RosterChange) {
	if p.apply == nil {
		return // a dry run
	}
	p.group = append(p.group, c)
}

// A rosterGroup is the changes of one or more roster users, applied
// together.
type rosterGroup struct {
	changes []RosterChange
	cards   []string // the card numbers its changes touch
	gave    string   // the card number it gave up, that another may take
}

// endUser hands on the changes of the user just decided, who touched card
// number took and gave up card number gave.
//
// A card number that changes hands in one import (one person's old
// number becomes another's) must change hands in one group, or a scan of
// it between the two would find nobody. So the changes of a person who
// gave up a number wait (pending) until someone takes it, and then go in
// one group with the taker's; those still waiting after the last user go
// last. Changes that wait are only ever moved past changes about other
// card numbers: a user whose changes touch a waiting group's numbers
// otherwise sends that group first, where it would have been.
func (p *rosterPlan) endUser(took, gave string) error {
	g := &rosterGroup{changes: p.group, gave: gave}
	p.group = nil
	for _, c := range []string{took, gave} {
		if c != "" {
			g.cards = append(g.cards, c)
		}
	}
	if len(g.changes) == 0 {
		return nil
	}
	for _, c := range g.cards {
		w := p.pending[c]
		if w == nil {
			continue
		}
		p.unpend(w)
		if c == w.gave && c == took {
			g.changes = append(w.changes, g.changes...) // the taker of w's number
			g.cards = append(g.cards, w.cards...)
			continue
		}
		if err := p.hand(w.changes); err != nil {
			return err
		}
	}
	if gave != "" {
		for _, c := range g.cards {
			p.pending[c] = g
		}
		p.order = append(p.order, g)
		return nil
	}
	return p.hand(g.changes)
}

// unpend takes w out of the pending groups.
func (p *rosterPlan) unpend(w *rosterGroup) {
	for c, v := range p.pending {
		if v == w {
			delete(p.pending, c)
		}
	}
	for i, v := range p.order {
		if v == w {
			p.order = append(p.order[:i], p.order[i+1:]...)
			break
		}
	}
}

// flushPending hands on the groups still waiting for a taker.
func (p *rosterPlan) flushPending() error {
	for _, g := range p.order {
		if err := p.hand(g.changes); err != nil {
			return err
		}
	}
	p.order, p.pending = nil, map[string]*rosterGroup{}
	return nil
}

// hand hands changes on as one group.
func (p *rosterPlan) hand(changes []RosterChange) error {
	if p.apply == nil || len(changes) == 0 {
		return nil
	}
	return p.apply(changes)
}

// endGroup hands on the changes made since the last group as one group.
func (p *rosterPlan) endGroup() error {
	changes := p.group
	p.group = nil
	return p.hand(changes)
}

// deactivateMissing makes the active roster patrons this full roster
// lacks inactive, unless that is a suspicious share of them.
func (p *rosterPlan) deactivateMissing() error {
	var gone []string
	active := 0
	for src, q := range p.bySource {
		if !q.Active {
			continue
		}
		active++
		if !p.seen[src] {
			gone = append(gone, q.ID)
		}
	}
	if len(gone) > 10 && float64(len(gone)) > massDeactivationShare*float64(active) && !p.opt.Force {
		return &MassDeactivation{Gone: len(gone), Active: active}
	}
	sort.Strings(gone)
	for _, id := range gone {
		p.change(RosterChange{Kind: DeactivatePatron, Card: id})
		if err := p.endGroup(); err != nil {
			return err
		}
		p.byID[id].Active = false
	}
	p.res.Deactivated += len(gone)
	return nil
}

func (p *rosterPlan) classes() error {
	for _, c := range p.r.Classes {
		school := c.SchoolName
		if school == "" {
			school = c.School
		}
		p.change(RosterChange{Kind: PutClass, Class: Class{ID: c.SourcedID, Name: c.Name, Teacher: c.Teacher, School: school, Inactive: !c.Active}})
		if err := p.endGroup(); err != nil {
			return err
		}
		p.res.Classes++
	}
	if !p.opt.Full {
		return nil
	}
	// Classes the full roster lacks are over: inactive, and nobody is in them.
	keep := make(map[string]bool, len(p.r.Classes))
	for _, c := range p.r.Classes {
		keep[c.SourcedID] = true
	}
	ids, err := p.cache.ActiveClasses(p.ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if keep[id] {
			continue
		}
		p.change(RosterChange{Kind: EndClass, Class: Class{ID: id}})
		p.ended[id] = true
		if err := p.endGroup(); err != nil {
			return err
		}
	}
	return nil
}

// enrollments decides who is in which class. A full roster replaces the
// class lists of the classes it lists; a delta adds the active enrollments
// and removes those marked to be deleted.
//
// The rows are decided (and rejected) in the roster's order. What changes
// is, per class, the difference between who is in it now and who will be
// once the roster's enrollments have been applied one by one, in order,
// after the replacement on a full import: the same end, without rewriting
// the enrollments an unchanged roster lists again. A class's changes are
// one group, so its list changes at once.
func (p *rosterPlan) enrollments() error {
	w := classWrites{byClass: map[string][]classWrite{}}
	var keep classKeep
	if p.opt.Full {
		keep = p.fullReplacement(&w)
	}
	if err := p.enrollmentWrites(&w); err != nil {
		return err
	}
	if p.apply == nil {
		return nil // a dry run: counted
	}
	for _, c := range w.order {
		if err := p.classChanges(c, w.byClass[c], keep); err != nil {
			return err
		}
		delete(w.byClass, c)
		if err := p.endGroup(); err != nil {
			return err
		}
	}
	return nil
}

// classWrite is one enrollment row's effect on a class list: a person
// added (with their role) or removed.
type classWrite struct {
	remove bool
	patron string
	role   PatronType
}

// classWrites are the enrollment rows' effects, per class, with the classes
// in the order the roster first names them.
type classWrites struct {
	byClass map[string][]classWrite
	order   []string
}

func (w *classWrites) add(class string, cw classWrite) {
	if _, ok := w.byClass[class]; !ok {
		w.order = append(w.order, class)
		w.byClass[class] = nil
	}
	if cw.patron != "" {
		w.byClass[class] = append(w.byClass[class], cw)
	}
}

// classKeep is what a full import replaces: the roster's classes, whose
// lists it gives anew, except for the people held (whose rows were
// rejected), who keep their places. Both nil on a delta.
type classKeep struct {
	replaced, held map[string]bool
}

// keeps reports whether card, in class c now, stays before the roster's
// enrollment rows are applied.
func (k classKeep) keeps(c, card string) bool {
	return !k.replaced[c] || k.held[card]
}

// fullReplacement lists the roster's classes as replaced (each a class to
// write, even with no one in it) and the people whose rows were rejected.
func (p *rosterPlan) fullReplacement(w *classWrites) classKeep {
	k := classKeep{replaced: make(map[string]bool, len(p.r.Classes)), held: make(map[string]bool, len(p.r.Held))}
	for _, c := range p.r.Classes {
		k.replaced[c.SourcedID] = true
		w.add(c.SourcedID, classWrite{})
	}
	for _, sid := range p.r.Held {
		if q := p.bySource[sid]; q != nil {
			k.held[q.ID] = true
		}
	}
	return k
}

// enrollmentWrites decides each enrollment row, in the roster's order:
// rejected when it names a person or a class the station does not know,
// else an addition or a removal for its class.
func (p *rosterPlan) enrollmentWrites(w *classWrites) error {
	known := map[string]bool{}
	for _, c := range p.r.Classes {
		known[c.SourcedID] = true
	}
	for _, e := range p.r.Enrollments {
		patron, ok := p.enrolledPatron(e)
		if !ok {
			continue
		}
		if !known[e.ClassID] {
			has, err := p.cache.HasClass(p.ctx, e.ClassID)
			if err != nil {
				return err
			}
			if !has {
				p.reject(e.File, e.Line, "The enrollment names a class (%s) that is not in the roster; it was skipped.", e.ClassID)
				continue
			}
			known[e.ClassID] = true
		}
		if !e.Active {
			w.add(e.ClassID, classWrite{remove: true, patron: patron})
			continue
		}
		w.add(e.ClassID, classWrite{patron: patron, role: patronType(e.Role)})
		p.res.Enrollments++
	}
	return nil
}

// enrolledPatron is the card number of the person an enrollment row names;
// false when there is none (the row is rejected here when it is the
// enrollment's fault, else the user's own row was rejected and said so).
func (p *rosterPlan) enrolledPatron(e RosterEnrollment) (string, bool) {
	if patron, ok := p.patronOf[e.UserID]; ok {
		return patron, true
	}
	if q := p.bySource[e.UserID]; q != nil && e.Unresolved {
		return q.ID, true
	}
	if e.Unresolved {
		p.reject(e.File, e.Line, "The enrollment names a person (%s) this station does not know; it was skipped.", e.UserID)
	}
	return "", false
}

// classChanges plans class c's changes: the difference between who is in
// it now and who will be once the kept members have had the roster's rows
// applied one by one, in order.
func (p *rosterPlan) classChanges(c string, writes []classWrite, keep classKeep) error {
	now, err := p.members(c)
	if err != nil {
		return err
	}
	// Who will be in the class: the kept members, then each row in order.
	role := make(map[string]PatronType, len(now))
	var order []string
	for _, m := range now {
		if keep.keeps(c, m.Card) {
			role[m.Card] = m.Role
			order = append(order, m.Card)
		}
	}
	for _, w := range writes {
		if w.remove {
			delete(role, w.patron)
			continue
		}
		if _, in := role[w.patron]; !in {
			order = append(order, w.patron)
		}
		role[w.patron] = w.role
	}
	was := make(map[string]PatronType, len(now))
	for _, m := range now {
		was[m.Card] = m.Role
		if _, stays := role[m.Card]; !stays {
			p.change(RosterChange{Kind: Unenroll, Class: Class{ID: c}, Card: m.Card})
		}
	}
	for _, q := range order {
		r, in := role[q]
		if old, had := was[q]; in && (!had || old != r) {
			p.change(RosterChange{Kind: Enroll, Class: Class{ID: c}, Card: q, Role: r})
			was[q] = r // listed twice in order when removed and added again
		}
	}
	return nil
}

// members is who is in class c when the import's enrollments are applied:
// its list now, under the card numbers the import gives them, or no one
// when the import ends the class.
func (p *rosterPlan) members(c string) ([]ClassMember, error) {
	if p.ended[c] {
		return nil, nil
	}
	out, err := p.cache.ClassMembers(p.ctx, c)
	if err != nil {
		return nil, err
	}
	for i, m := range out {
		if to, ok := p.renumbered[m.Card]; ok {
			out[i].Card = to
		}
	}
	return out, nil
}
