package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/roster"
	"github.com/jmoiron/sqlx"
)

// massDeactivation is the share of a roster's active patrons a full import
// may make inactive without Force: more looks like a truncated export.
const massDeactivation = 1.0 / 3

// rosterPatron is what an import compares of a patron that came from a roster.
type rosterPatron struct {
	ID        string         `db:"id"`
	SourceID  sql.NullString `db:"source_id"`
	FirstName string         `db:"first_name"`
	LastName  string         `db:"last_name"`
	Type      string         `db:"type"`
	Grade     string         `db:"grade"`
	Homeroom  string         `db:"homeroom"`
	Active    bool           `db:"active"`
}

// ImportRoster applies r to the cache (see circ.RosterStore): all of it or,
// on failure, none. Patrons are matched on the roster's own id
// (source_id); a patron the station already had under the same card
// number, from before rosters, is adopted. A card number that changed is
// changed everywhere the patron is referred to.
//
// The import is decided, staged, and applied in short transactions (see
// staged.go), so that the desk goes on deciding while a district's roster
// goes in. A dry run only decides.
func (db *DB) ImportRoster(ctx context.Context, r *roster.Roster, opt circ.RosterOptions) (circ.RosterImport, error) {
	res := circ.RosterImport{At: opt.At, Source: opt.Source, Format: string(r.Format), Full: opt.Full, DryRun: opt.DryRun}
	if res.At.IsZero() {
		res.At = time.Now()
	}
	if opt.Full && r.Format == roster.OneRoster && !r.Bulk {
		if len(r.Users) == 0 {
			return res, circ.NewSaid(circ.KindInvalid, "this roster lists no users, so a full import would make everyone inactive; nothing was changed")
		}
		return res, circ.NewSaid(circ.KindInvalid, "this roster holds changes only (delta), not the complete list a full import needs; import it without --full")
	}
	im := &rosterImport{db: db, rd: db.r, ctx: ctx, r: r, opt: opt, res: &res}
	var run *importRun
	if !opt.DryRun {
		var err error
		if run, err = db.startImport(ctx, kindRoster, nil); err != nil {
			return res, err
		}
		defer run.close()
		im.out = run.stager(ctx)
	}
	if err := im.plan(); err != nil {
		if run != nil {
			err = run.fail(err)
		}
		return res, err
	}
	if opt.DryRun {
		return res, nil
	}
	if err := im.out.finish(); err != nil {
		return res, run.fail(err)
	}
	err := run.apply(ctx, run.id, rosterApplier(&res.ID))
	return res, err
}

// plan decides the import from the cache as it is, and stages its writes
// (none on a dry run). It reads with short queries, not one long read
// transaction: a reader held for the whole of a large import would keep
// SQLite from ever emptying its write-ahead log, which then grows by the
// import's size and slows every write. Nothing but an import changes what
// the plan reads (patrons' card numbers and roster fields, classes, class
// lists; the library server's answers change names and blocks, which an
// import overwrites or leaves as they come), and imports take turns.
func (im *rosterImport) plan() error {
	if err := im.run(); err != nil {
		return err
	}
	r := im.r
	offered := len(r.Users) + len(r.Classes) + len(r.Enrollments) + len(r.Rejected)
	if err := circ.CheckImportBrings("roster", offered, len(im.res.Rejected)); err != nil {
		return err
	}
	return im.record()
}

// rosterImport is one ImportRoster run: the rules, applied to the cache as
// the read pool (rd) sees it, make the writes it stages (out; nil on a dry
// run).
type rosterImport struct {
	db  *DB
	rd  *sqlx.DB
	out *stager
	ctx context.Context
	r   *roster.Roster
	opt circ.RosterOptions
	res *circ.RosterImport

	bySource map[string]*rosterPatron // every patron with a source_id
	byID     map[string]*rosterPatron // every patron, by card number
	patronOf map[string]string        // roster user SourcedID → patron id, for enrollments
	seen     map[string]bool          // source ids in this roster

	renumbered map[string]string // old card number → new, of the changes this import makes
	ended      map[string]bool   // classes this import ends

	group   []stagedRow             // the writes of the person or class being decided
	pending map[string]*rosterGroup // see endUser
	order   []*rosterGroup          // pending groups, oldest first
}

func (im *rosterImport) reject(file string, line int, format string, args ...any) {
	im.res.Rejected = append(im.res.Rejected, circ.RosterReject{File: file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (im *rosterImport) run() error {
	for _, rj := range im.r.Rejected {
		im.res.Rejected = append(im.res.Rejected, circ.RosterReject{File: rj.File, Line: rj.Line, Reason: rj.Reason})
	}
	if err := im.loadPatrons(); err != nil {
		return err
	}
	if err := im.users(); err != nil {
		return err
	}
	// A person whose row was rejected is still on the roster.
	for _, sid := range im.r.Held {
		im.seen[sid] = true
	}
	if im.opt.Full {
		if err := im.deactivateMissing(); err != nil {
			return err
		}
	}
	if err := im.classes(); err != nil {
		return err
	}
	return im.enrollments()
}

func (im *rosterImport) loadPatrons() error {
	var rows []*rosterPatron
	if err := im.rd.SelectContext(im.ctx, &rows, `SELECT id, source_id, first_name, last_name, type, grade, homeroom, active FROM patrons`); err != nil {
		return im.db.explain("read patrons", err)
	}
	im.bySource = make(map[string]*rosterPatron, len(rows))
	im.byID = make(map[string]*rosterPatron, len(rows))
	for _, p := range rows {
		im.byID[p.ID] = p
		if p.SourceID.Valid {
			im.bySource[p.SourceID.String] = p
		}
	}
	im.patronOf = make(map[string]string, len(im.r.Users))
	im.seen = make(map[string]bool, len(im.r.Users))
	im.pending = map[string]*rosterGroup{}
	im.renumbered = map[string]string{}
	im.ended = map[string]bool{}
	return nil
}

func patronType(r roster.Role) circ.PatronType {
	switch r {
	case roster.Teacher:
		return circ.Teacher
	case roster.Staff:
		return circ.Staff
	}
	return circ.Student
}

// homerooms finds each user's homeroom in a plain CSV roster, whose
// classes are its homerooms.
func (im *rosterImport) homerooms() map[string]string {
	names := map[string]string{}
	for _, c := range im.r.Classes {
		if h, ok := strings.CutPrefix(c.SourcedID, "homeroom:"); ok {
			names[c.SourcedID] = h
		}
	}
	out := map[string]string{}
	for _, e := range im.r.Enrollments {
		if h, ok := names[e.ClassID]; ok && e.Active {
			out[e.UserID] = h
		}
	}
	return out
}

func (im *rosterImport) users() error {
	homerooms := im.homerooms()
	for _, u := range im.r.Users {
		took, gave := im.user(u, homerooms)
		if err := im.endUser(took, gave); err != nil {
			return err
		}
	}
	return im.flushPending()
}

// user decides what becomes of one roster user, and makes the writes into
// im.group. It returns the card number it took from the cache (a new
// patron's, or a changed one's new number) and the one it gave up (a
// changed card's old number), "" for none.
func (im *rosterImport) user(u roster.User, homerooms map[string]string) (took, gave string) {
	im.seen[u.SourcedID] = true
	p := im.bySource[u.SourcedID]
	if !u.Active {
		// A delta's "to be deleted" row may carry nothing but its id:
		// make the patron inactive and keep what the station knew.
		if p != nil && p.Active {
			im.write(opPatronDeactivate, p.ID)
			p.Active = false
			im.res.Deactivated++
		}
		if p != nil {
			im.patronOf[u.SourcedID] = p.ID
			took = p.ID
		}
		return took, ""
	}
	if p == nil {
		if q := im.byID[u.ID]; q != nil {
			if q.SourceID.Valid {
				im.reject(u.File, u.Line, "Card number %s already belongs to another roster person (%s %s); the row was skipped.", u.ID, q.FirstName, q.LastName)
				return "", ""
			}
			p = q // a patron from before rosters: adopt it
			im.bySource[u.SourcedID] = p
		}
	}
	want := rosterPatron{
		ID: u.ID, SourceID: sql.NullString{String: u.SourcedID, Valid: true},
		FirstName: u.FirstName, LastName: u.LastName, Type: string(patronType(u.Role)),
		Grade: u.Grade, Homeroom: homerooms[u.SourcedID], Active: u.Active,
	}
	if p == nil {
		im.write(opPatronAdd, want.ID, want.SourceID.String, want.FirstName, want.LastName, want.Type, want.Grade, want.Homeroom, want.Active)
		np := want
		im.bySource[u.SourcedID], im.byID[u.ID] = &np, &np
		im.patronOf[u.SourcedID] = u.ID
		im.res.Added++
		return u.ID, ""
	}
	took = p.ID
	if want.Homeroom == "" {
		want.Homeroom = p.Homeroom // OneRoster says nothing of homerooms: keep what the station had
	}
	if p.ID != want.ID {
		if q := im.byID[want.ID]; q != nil {
			im.reject(u.File, u.Line, "The new card number %s of %s %s already belongs to %s %s; the row was skipped.", want.ID, u.FirstName, u.LastName, q.FirstName, q.LastName)
			im.patronOf[u.SourcedID] = p.ID
			return took, ""
		}
		im.write(opRenumber, p.ID, want.ID)
		im.renumbered[p.ID] = want.ID
		delete(im.byID, p.ID)
		im.byID[want.ID] = p
		took, gave = want.ID, p.ID
	}
	im.patronOf[u.SourcedID] = want.ID
	if *p == want {
		return took, gave
	}
	im.write(opPatronUpdate, want.ID, want.SourceID.String, want.FirstName, want.LastName, want.Type, want.Grade, want.Homeroom, want.Active)
	same := *p
	same.SourceID = want.SourceID
	switch {
	case p.Active && !want.Active:
		im.res.Deactivated++
	case same == want && !p.SourceID.Valid:
		// Only now linked to the roster (the station had them by card
		// number): nothing about them changed.
		im.res.Adopted++
	default:
		im.res.Updated++
	}
	*p = want
	return took, gave
}

// write adds a write to the group being decided.
func (im *rosterImport) write(op importOp, args ...any) {
	if im.out == nil {
		return // a dry run
	}
	row := stagedRow{op: op}
	copy(row.args[:], args)
	im.group = append(im.group, row)
}

// A rosterGroup is the writes of one or more roster users, staged (and so
// applied) together.
type rosterGroup struct {
	rows  []stagedRow
	cards []string // the card numbers its writes touch
	gave  string   // the card number it gave up, that another may take
}

// endUser stages the writes of the user just decided, who touched card
// number took and gave up card number gave.
//
// A card number that changes hands in one import (one person's old
// number becomes another's) must change hands in one transaction, or a
// scan of it between the two would find nobody. So the writes of a person
// who gave up a number wait (pending) until someone takes it, and then go
// in one group with the taker's; those still waiting after the last user
// go last. Writes that wait are only ever moved past writes about other
// card numbers: a user whose writes touch a waiting group's numbers
// otherwise sends that group first, where it would have been.
func (im *rosterImport) endUser(took, gave string) error {
	g := &rosterGroup{rows: im.group, gave: gave}
	im.group = nil
	for _, c := range []string{took, gave} {
		if c != "" {
			g.cards = append(g.cards, c)
		}
	}
	if len(g.rows) == 0 {
		return nil
	}
	for _, c := range g.cards {
		w := im.pending[c]
		if w == nil {
			continue
		}
		im.unpend(w)
		if c == w.gave && c == took {
			g.rows = append(w.rows, g.rows...) // the taker of w's number
			g.cards = append(g.cards, w.cards...)
			continue
		}
		if err := im.stage(w.rows); err != nil {
			return err
		}
	}
	if gave != "" {
		for _, c := range g.cards {
			im.pending[c] = g
		}
		im.order = append(im.order, g)
		return nil
	}
	return im.stage(g.rows)
}

// unpend takes w out of the pending groups.
func (im *rosterImport) unpend(w *rosterGroup) {
	for c, v := range im.pending {
		if v == w {
			delete(im.pending, c)
		}
	}
	for i, v := range im.order {
		if v == w {
			im.order = append(im.order[:i], im.order[i+1:]...)
			break
		}
	}
}

// flushPending stages the groups still waiting for a taker.
func (im *rosterImport) flushPending() error {
	for _, g := range im.order {
		if err := im.stage(g.rows); err != nil {
			return err
		}
	}
	im.order, im.pending = nil, map[string]*rosterGroup{}
	return nil
}

// stage stages rows as one group.
func (im *rosterImport) stage(rows []stagedRow) error {
	if im.out == nil || len(rows) == 0 {
		return nil
	}
	for _, row := range rows {
		im.out.add(row.op, row.args[:]...)
	}
	return im.out.endGroup()
}

// endGroup stages the writes made since the last group as one group.
func (im *rosterImport) endGroup() error {
	rows := im.group
	im.group = nil
	return im.stage(rows)
}

// deactivateMissing makes the active roster patrons this full roster
// lacks inactive, unless that is a suspicious share of them.
func (im *rosterImport) deactivateMissing() error {
	var gone []string
	active := 0
	for src, p := range im.bySource {
		if !p.Active {
			continue
		}
		active++
		if !im.seen[src] {
			gone = append(gone, p.ID)
		}
	}
	if len(gone) > 10 && float64(len(gone)) > massDeactivation*float64(active) && !im.opt.Force {
		return &circ.MassDeactivation{Gone: len(gone), Active: active}
	}
	sort.Strings(gone)
	for _, id := range gone {
		im.write(opPatronDeactivate, id)
		if err := im.endGroup(); err != nil {
			return err
		}
		im.byID[id].Active = false
	}
	im.res.Deactivated += len(gone)
	return nil
}

func (im *rosterImport) classes() error {
	ctx := im.ctx
	for _, c := range im.r.Classes {
		school := c.SchoolName
		if school == "" {
			school = c.School
		}
		im.write(opClass, c.SourcedID, c.Name, c.Teacher, school, c.Active)
		if err := im.endGroup(); err != nil {
			return err
		}
		im.res.Classes++
	}
	if im.opt.Full {
		// Classes the full roster lacks are over: inactive, and nobody is in them.
		keep := make(map[string]bool, len(im.r.Classes))
		for _, c := range im.r.Classes {
			keep[c.SourcedID] = true
		}
		var ids []string
		if err := im.rd.SelectContext(ctx, &ids, `SELECT id FROM classes WHERE active = 1`); err != nil {
			return im.db.explain("read classes", err)
		}
		for _, id := range ids {
			if keep[id] {
				continue
			}
			im.write(opClassEnd, id)
			im.ended[id] = true
			if err := im.endGroup(); err != nil {
				return err
			}
		}
	}
	return nil
}

// enrollments writes who is in which class. A full roster replaces the
// enrollments of the classes it lists; a delta adds the active ones and
// removes those marked to be deleted.
//
// The rows are decided (and rejected) in the roster's order. What is
// staged is, per class, the difference between who is in it now and who
// will be once the roster's enrollments have been applied one by one, in
// order, after the replacement on a full import: the same end, without
// rewriting the enrollments an unchanged roster lists again. A class's
// changes are staged together, so its list changes in one transaction.
func (im *rosterImport) enrollments() error {
	ctx := im.ctx
	type write struct {
		remove       bool
		patron, role string
	}
	byClass := map[string][]write{}
	var classOrder []string
	add := func(class string, w write) {
		if _, ok := byClass[class]; !ok {
			classOrder = append(classOrder, class)
			byClass[class] = nil
		}
		if w.patron != "" {
			byClass[class] = append(byClass[class], w)
		}
	}
	// On a full import, the roster's classes get its list of who is in
	// them, except that a person whose row was rejected keeps their places.
	var replaced, held map[string]bool
	if im.opt.Full {
		replaced = make(map[string]bool, len(im.r.Classes))
		for _, c := range im.r.Classes {
			replaced[c.SourcedID] = true
			add(c.SourcedID, write{})
		}
		held = make(map[string]bool, len(im.r.Held))
		for _, sid := range im.r.Held {
			if p := im.bySource[sid]; p != nil {
				held[p.ID] = true
			}
		}
	}
	known := map[string]bool{}
	for _, c := range im.r.Classes {
		known[c.SourcedID] = true
	}
	for _, e := range im.r.Enrollments {
		patron, ok := im.patronOf[e.UserID]
		if !ok {
			if p := im.bySource[e.UserID]; p != nil && e.Unresolved {
				patron, ok = p.ID, true
			}
		}
		if !ok {
			if e.Unresolved {
				im.reject(e.File, e.Line, "The enrollment names a person (%s) this station does not know; it was skipped.", e.UserID)
			}
			continue // the user's own row was rejected, and said so
		}
		if !known[e.ClassID] {
			var n int
			if err := im.rd.GetContext(ctx, &n, `SELECT count(*) FROM classes WHERE id = ?`, e.ClassID); err != nil {
				return im.db.explain("look up class", err)
			}
			if n == 0 {
				im.reject(e.File, e.Line, "The enrollment names a class (%s) that is not in the roster; it was skipped.", e.ClassID)
				continue
			}
			known[e.ClassID] = true
		}
		if !e.Active {
			add(e.ClassID, write{remove: true, patron: patron})
			continue
		}
		add(e.ClassID, write{patron: patron, role: string(patronType(e.Role))})
		im.res.Enrollments++
	}
	if im.out == nil {
		return nil // a dry run: counted
	}
	for _, c := range classOrder {
		now, err := im.members(c)
		if err != nil {
			return err
		}
		// Who will be in the class: the replacement, then each row in order.
		role := make(map[string]string, len(now))
		var order []string
		for _, m := range now {
			if !replaced[c] || held[m.patron] {
				role[m.patron] = m.role
				order = append(order, m.patron)
			}
		}
		for _, w := range byClass[c] {
			if w.remove {
				delete(role, w.patron)
				continue
			}
			if _, in := role[w.patron]; !in {
				order = append(order, w.patron)
			}
			role[w.patron] = w.role
		}
		was := make(map[string]string, len(now))
		for _, m := range now {
			was[m.patron] = m.role
			if _, stays := role[m.patron]; !stays {
				im.write(opEnrollmentRemove, c, m.patron)
			}
		}
		for _, p := range order {
			r, in := role[p]
			if old, had := was[p]; in && (!had || old != r) {
				im.write(opEnrollmentAdd, c, p, r)
				was[p] = r // listed twice in order when removed and added again
			}
		}
		delete(byClass, c)
		if err := im.endGroup(); err != nil {
			return err
		}
	}
	return nil
}

// member is one person in a class, and their role in it.
type member struct {
	patron, role string
}

// members is who is in class c when the import's enrollments are applied:
// its list now, under the card numbers the import gives them, or no one
// when the import ends the class.
func (im *rosterImport) members(c string) ([]member, error) {
	if im.ended[c] {
		return nil, nil
	}
	var rows []struct {
		Patron string `db:"patron_id"`
		Role   string `db:"role"`
	}
	if err := im.rd.SelectContext(im.ctx, &rows, `SELECT patron_id, role FROM enrollments WHERE class_id = ? ORDER BY patron_id`, c); err != nil {
		return nil, im.db.explain("read class list", err)
	}
	out := make([]member, len(rows))
	for i, r := range rows {
		out[i] = member{r.Patron, r.Role}
		if to, ok := im.renumbered[r.Patron]; ok {
			out[i].patron = to
		}
	}
	return out, nil
}

// rosterRecord is the import's line in the history, as staged.
type rosterRecord struct {
	At          string              `json:"at"`
	Source      string              `json:"source"`
	Format      string              `json:"format"`
	Full        bool                `json:"full"`
	Added       int                 `json:"added"`
	Updated     int                 `json:"updated"`
	Adopted     int                 `json:"adopted"`
	Deactivated int                 `json:"deactivated"`
	Classes     int                 `json:"classes"`
	Enrollments int                 `json:"enrollments"`
	Rejected    []circ.RosterReject `json:"rejected"`
}

// record writes the import and its rejected rows to the history, last.
func (im *rosterImport) record() error {
	res := im.res
	b, err := json.Marshal(rosterRecord{At: timeText(res.At), Source: res.Source, Format: res.Format, Full: res.Full,
		Added: res.Added, Updated: res.Updated, Adopted: res.Adopted, Deactivated: res.Deactivated, Classes: res.Classes,
		Enrollments: res.Enrollments, Rejected: res.Rejected})
	if err != nil {
		return fmt.Errorf("record roster import: %w", err)
	}
	im.write(opRosterRecord, string(b))
	return im.endGroup()
}

// rosterWrites are the statements of each staged roster write, which take
// the row's values in order.
var rosterWrites = map[importOp][]string{
	opPatronAdd: {`INSERT INTO patrons (id, source_id, first_name, last_name, type, grade, homeroom, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
	opPatronUpdate: {`UPDATE patrons SET source_id = ?2, first_name = ?3, last_name = ?4, type = ?5, grade = ?6, homeroom = ?7, active = ?8
		WHERE id = ?1`},
	opPatronDeactivate: {`UPDATE patrons SET active = 0 WHERE id = ?`},
	// A new card number, and every reference to the old one. The journal
	// keeps the number each row was made with.
	opRenumber: {
		`UPDATE patrons SET id = ?2 WHERE id = ?1`,
		`UPDATE loans SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE holds SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE patron_aliases SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE enrollments SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE set_copies SET holder = ?2 WHERE holder = ?1`,
	},
	// A delta that lists a class without its teacher's enrollment keeps the
	// teacher the station knows.
	opClass: {`INSERT INTO classes (id, name, teacher, school, active) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name,
			teacher = CASE WHEN excluded.teacher <> '' THEN excluded.teacher ELSE classes.teacher END,
			school = CASE WHEN excluded.school <> '' THEN excluded.school ELSE classes.school END,
			active = excluded.active`},
	opClassEnd: {
		`UPDATE classes SET active = 0 WHERE id = ?`,
		`DELETE FROM enrollments WHERE class_id = ?`,
	},
	opEnrollmentAdd: {`INSERT INTO enrollments (class_id, patron_id, role) VALUES (?, ?, ?)
		ON CONFLICT (class_id, patron_id) DO UPDATE SET role = excluded.role`},
	opEnrollmentRemove: {`DELETE FROM enrollments WHERE class_id = ? AND patron_id = ?`},
}

// rosterArgs is how many values each staged roster write takes.
var rosterArgs = map[importOp]int{
	opPatronAdd: 8, opPatronUpdate: 8, opPatronDeactivate: 1, opRenumber: 2, opClass: 5,
	opClassEnd: 1, opEnrollmentAdd: 3, opEnrollmentRemove: 2,
}

// rosterWritesInBulk apply a run of staged writes of one kind (seq ?2 to ?3
// of run ?1) in one statement, exactly as one statement per row in seq
// order would: these are the writes an import makes by the hundred
// thousand (new people, class lists, people gone).
var rosterWritesInBulk = map[importOp]string{
	opPatronAdd: `INSERT INTO patrons (id, source_id, first_name, last_name, type, grade, homeroom, active)
		SELECT a, b, c, d, e, f, g, h FROM import_rows WHERE run = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq`,
	opPatronDeactivate: `UPDATE patrons SET active = 0
		WHERE id IN (SELECT a FROM import_rows WHERE run = ?1 AND seq BETWEEN ?2 AND ?3)`,
	opEnrollmentAdd: `INSERT INTO enrollments (class_id, patron_id, role)
		SELECT a, b, c FROM import_rows WHERE run = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq
		ON CONFLICT (class_id, patron_id) DO UPDATE SET role = excluded.role`,
	opEnrollmentRemove: `DELETE FROM enrollments
		WHERE (class_id, patron_id) IN (SELECT a, b FROM import_rows WHERE run = ?1 AND seq BETWEEN ?2 AND ?3)`,
}

// rosterApplier applies staged roster writes; it sets *id to the import's
// history row once that is written.
func rosterApplier(id *int64) applier {
	return func(t *writeTx, rg stagedRange) (func(), error) {
		ctx, db := t.ctx, t.db
		// Card numbers can only be changed with the foreign keys checked at
		// the commit, after every reference has followed.
		if _, err := t.tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return nil, db.explain("defer foreign keys", err)
		}
		kinds, err := stagedKinds(t, rg)
		if err != nil {
			return nil, err
		}
		stmts := map[string]*sqlx.Stmt{}
		defer func() {
			for _, s := range stmts {
				s.Close()
			}
		}()
		var recorded int64
		for i := 0; i < len(kinds); {
			j := i // kinds[i:j] is a run of one kind of write
			for j < len(kinds) && kinds[j].op == kinds[i].op {
				j++
			}
			run := stagedRange{run: rg.run, from: kinds[i].seq, to: kinds[j-1].seq}
			i = j
			if q, ok := rosterWritesInBulk[kinds[j-1].op]; ok {
				if _, err := t.tx.ExecContext(ctx, q, run.run, run.from, run.to); err != nil {
					return nil, db.explain("apply the roster", err)
				}
				continue
			}
			rows, err := run.rows(t)
			if err != nil {
				return nil, err
			}
			for _, row := range rows {
				if row.op == opRosterRecord {
					if recorded, err = recordRosterImport(t, row.str(0)); err != nil {
						return nil, err
					}
					continue
				}
				queries, ok := rosterWrites[row.op]
				if !ok {
					return nil, fmt.Errorf("apply the roster: unknown write %d", row.op)
				}
				for _, q := range queries {
					s := stmts[q]
					if s == nil {
						if s, err = t.tx.PreparexContext(ctx, q); err != nil {
							return nil, db.explain("apply the roster", err)
						}
						stmts[q] = s
					}
					if _, err := s.ExecContext(ctx, row.args[:rosterArgs[row.op]]...); err != nil {
						return nil, db.explain("apply the roster", err)
					}
				}
			}
		}
		return func() {
			if recorded != 0 {
				*id = recorded
			}
		}, nil
	}
}

// stagedKind is a staged row's seq and kind of write.
type stagedKind struct {
	seq int64
	op  importOp
}

func stagedKinds(t *writeTx, rg stagedRange) ([]stagedKind, error) {
	out := make([]stagedKind, 0, rg.size())
	rows, err := t.tx.QueryContext(t.ctx, `SELECT seq, op FROM import_rows WHERE run = ? AND seq BETWEEN ? AND ? ORDER BY seq`, rg.run, rg.from, rg.to)
	if err != nil {
		return nil, t.db.explain("read staged rows", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k stagedKind
		if err := rows.Scan(&k.seq, &k.op); err != nil {
			return nil, t.db.explain("read staged rows", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, t.db.explain("read staged rows", err)
	}
	return out, nil
}

// recordRosterImport writes a staged history line and its rejected rows.
func recordRosterImport(t *writeTx, staged string) (int64, error) {
	ctx, db := t.ctx, t.db
	var rec rosterRecord
	if err := json.Unmarshal([]byte(staged), &rec); err != nil {
		return 0, fmt.Errorf("record roster import: %w", err)
	}
	r, err := t.tx.ExecContext(ctx, `INSERT INTO roster_imports (at, source, format, full_import, added, updated, adopted, deactivated, classes, enrollments)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.At, rec.Source, rec.Format, rec.Full,
		rec.Added, rec.Updated, rec.Adopted, rec.Deactivated, rec.Classes, rec.Enrollments)
	if err != nil {
		return 0, db.explain("record roster import", err)
	}
	id, err := r.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("roster import id: %w", err)
	}
	ins, err := t.tx.PreparexContext(ctx, `INSERT INTO roster_rejects (import_id, file, line, reason) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return 0, db.explain("record rejected rows", err)
	}
	defer ins.Close()
	for _, rj := range rec.Rejected {
		if _, err := ins.ExecContext(ctx, id, rj.File, rj.Line, rj.Reason); err != nil {
			return 0, db.explain("record rejected row", err)
		}
	}
	return id, nil
}
