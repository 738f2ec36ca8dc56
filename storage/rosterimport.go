package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/roster"
)

// massDeactivation is the share of a roster's active patrons a full import
// may make inactive without Force: more looks like a truncated export.
const massDeactivation = 1.0 / 3

// errDryRun rolls a dry run's transaction back once it has counted.
var errDryRun = errors.New("dry run")

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

// ImportRoster applies r to the cache in one transaction (see
// circ.RosterStore). Patrons are matched on the roster's own id
// (source_id); a patron the station already had under the same card
// number, from before rosters, is adopted. A card number that changed is
// changed everywhere the patron is referred to.
func (db *DB) ImportRoster(ctx context.Context, r *roster.Roster, opt circ.RosterOptions) (circ.RosterImport, error) {
	res := circ.RosterImport{At: opt.At, Source: opt.Source, Format: string(r.Format), Full: opt.Full, DryRun: opt.DryRun}
	if res.At.IsZero() {
		res.At = time.Now()
	}
	if opt.Full && r.Format == roster.OneRoster && !r.Bulk {
		if len(r.Users) == 0 {
			return res, errors.New("this roster lists no users, so a full import would make everyone inactive; nothing was changed")
		}
		return res, errors.New("this roster holds changes only (delta), not the complete list a full import needs; import it without --full")
	}
	err := db.write(ctx, func(t *writeTx) error {
		im := &rosterImport{t: t, ctx: ctx, r: r, opt: opt, res: &res}
		if err := im.run(); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		return im.record()
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return res, err
}

// rosterImport is one ImportRoster run inside its transaction.
type rosterImport struct {
	t   *writeTx
	ctx context.Context
	r   *roster.Roster
	opt circ.RosterOptions
	res *circ.RosterImport

	bySource map[string]*rosterPatron // every patron with a source_id
	byID     map[string]*rosterPatron // every patron, by card number
	patronOf map[string]string        // roster user SourcedID → patron id, for enrollments
	seen     map[string]bool          // source ids in this roster
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
	// Card numbers can only be changed with the foreign keys checked at
	// the commit, after every reference has followed.
	if _, err := im.t.tx.ExecContext(im.ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return im.t.db.explain("defer foreign keys", err)
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
	if err := im.t.tx.SelectContext(im.ctx, &rows, `SELECT id, source_id, first_name, last_name, type, grade, homeroom, active FROM patrons`); err != nil {
		return im.t.db.explain("read patrons", err)
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
	ctx, tx := im.ctx, im.t.tx
	insert, err := tx.PreparexContext(ctx, `INSERT INTO patrons (id, source_id, first_name, last_name, type, grade, homeroom, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return im.t.db.explain("prepare patron insert", err)
	}
	defer insert.Close()
	update, err := tx.PreparexContext(ctx, `UPDATE patrons SET source_id = ?, first_name = ?, last_name = ?, type = ?, grade = ?, homeroom = ?, active = ?
		WHERE id = ?`)
	if err != nil {
		return im.t.db.explain("prepare patron update", err)
	}
	defer update.Close()
	homerooms := im.homerooms()
	for _, u := range im.r.Users {
		im.seen[u.SourcedID] = true
		p := im.bySource[u.SourcedID]
		if !u.Active {
			// A delta's "to be deleted" row may carry nothing but its id:
			// make the patron inactive and keep what the station knew.
			if p != nil && p.Active {
				if _, err := tx.ExecContext(ctx, `UPDATE patrons SET active = 0 WHERE id = ?`, p.ID); err != nil {
					return im.t.db.explain("deactivate patron", err)
				}
				p.Active = false
				im.res.Deactivated++
			}
			if p != nil {
				im.patronOf[u.SourcedID] = p.ID
			}
			continue
		}
		if p == nil {
			if q := im.byID[u.ID]; q != nil {
				if q.SourceID.Valid {
					im.reject(u.File, u.Line, "Card number %s already belongs to another roster person (%s %s); the row was skipped.", u.ID, q.FirstName, q.LastName)
					continue
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
			if _, err := insert.ExecContext(ctx, want.ID, want.SourceID, want.FirstName, want.LastName, want.Type, want.Grade, want.Homeroom, want.Active); err != nil {
				return im.t.db.explain("add patron", err)
			}
			np := want
			im.bySource[u.SourcedID], im.byID[u.ID] = &np, &np
			im.patronOf[u.SourcedID] = u.ID
			im.res.Added++
			continue
		}
		if want.Homeroom == "" {
			want.Homeroom = p.Homeroom // OneRoster says nothing of homerooms: keep what the station had
		}
		if p.ID != want.ID {
			if q := im.byID[want.ID]; q != nil {
				im.reject(u.File, u.Line, "The new card number %s of %s %s already belongs to %s %s; the row was skipped.", want.ID, u.FirstName, u.LastName, q.FirstName, q.LastName)
				im.patronOf[u.SourcedID] = p.ID
				continue
			}
			if err := im.renumber(p.ID, want.ID); err != nil {
				return err
			}
			delete(im.byID, p.ID)
			im.byID[want.ID] = p
		}
		im.patronOf[u.SourcedID] = want.ID
		if *p == want {
			continue
		}
		if _, err := update.ExecContext(ctx, want.SourceID, want.FirstName, want.LastName, want.Type, want.Grade, want.Homeroom, want.Active, want.ID); err != nil {
			return im.t.db.explain("update patron", err)
		}
		if p.Active && !want.Active {
			im.res.Deactivated++
		} else {
			im.res.Updated++
		}
		*p = want
	}
	return nil
}

// renumber changes a patron's card number, and every reference to it.
// The journal keeps the number each row was made with.
func (im *rosterImport) renumber(from, to string) error {
	for _, q := range []string{
		`UPDATE patrons SET id = ?2 WHERE id = ?1`,
		`UPDATE loans SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE holds SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE patron_aliases SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE enrollments SET patron_id = ?2 WHERE patron_id = ?1`,
		`UPDATE set_copies SET holder = ?2 WHERE holder = ?1`,
	} {
		if _, err := im.t.tx.ExecContext(im.ctx, q, from, to); err != nil {
			return im.t.db.explain("change card number", err)
		}
	}
	return nil
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
		return fmt.Errorf("this full import would make %d of the %d roster patrons inactive, which looks like an incomplete export; nothing was changed (if it is right, import again with --force)", len(gone), active)
	}
	sort.Strings(gone)
	for _, id := range gone {
		if _, err := im.t.tx.ExecContext(im.ctx, `UPDATE patrons SET active = 0 WHERE id = ?`, id); err != nil {
			return im.t.db.explain("deactivate patron", err)
		}
		im.byID[id].Active = false
	}
	im.res.Deactivated += len(gone)
	return nil
}

func (im *rosterImport) classes() error {
	ctx, tx := im.ctx, im.t.tx
	// A delta that lists a class without its teacher's enrollment keeps the
	// teacher the station knows.
	up, err := tx.PreparexContext(ctx, `INSERT INTO classes (id, name, teacher, school, active) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name,
			teacher = CASE WHEN excluded.teacher <> '' THEN excluded.teacher ELSE classes.teacher END,
			school = CASE WHEN excluded.school <> '' THEN excluded.school ELSE classes.school END,
			active = excluded.active`)
	if err != nil {
		return im.t.db.explain("prepare class write", err)
	}
	defer up.Close()
	for _, c := range im.r.Classes {
		school := c.SchoolName
		if school == "" {
			school = c.School
		}
		if _, err := up.ExecContext(ctx, c.SourcedID, c.Name, c.Teacher, school, c.Active); err != nil {
			return im.t.db.explain("write class", err)
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
		if err := tx.SelectContext(ctx, &ids, `SELECT id FROM classes WHERE active = 1`); err != nil {
			return im.t.db.explain("read classes", err)
		}
		for _, id := range ids {
			if keep[id] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE classes SET active = 0 WHERE id = ?`, id); err != nil {
				return im.t.db.explain("end class", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM enrollments WHERE class_id = ?`, id); err != nil {
				return im.t.db.explain("end class", err)
			}
		}
	}
	return nil
}

// enrollments writes who is in which class. A full roster replaces the
// enrollments of the classes it lists; a delta adds the active ones and
// removes those marked to be deleted.
func (im *rosterImport) enrollments() error {
	ctx, tx := im.ctx, im.t.tx
	if im.opt.Full {
		// The roster's classes get its list of who is in them, except
		// that a person whose row was rejected keeps their places.
		held := make([]string, 0, len(im.r.Held))
		for _, sid := range im.r.Held {
			if p := im.bySource[sid]; p != nil {
				held = append(held, p.ID)
			}
		}
		keep, err := tx.PreparexContext(ctx, `DELETE FROM enrollments WHERE class_id = ? AND patron_id NOT IN (SELECT value FROM json_each(?))`)
		if err != nil {
			return im.t.db.explain("prepare enrollment replace", err)
		}
		defer keep.Close()
		heldJSON, err := json.Marshal(held)
		if err != nil {
			return fmt.Errorf("held patrons: %w", err)
		}
		for _, c := range im.r.Classes {
			if _, err := keep.ExecContext(ctx, c.SourcedID, string(heldJSON)); err != nil {
				return im.t.db.explain("replace enrollments", err)
			}
		}
	}
	add, err := tx.PreparexContext(ctx, `INSERT INTO enrollments (class_id, patron_id, role) VALUES (?, ?, ?)
		ON CONFLICT (class_id, patron_id) DO UPDATE SET role = excluded.role`)
	if err != nil {
		return im.t.db.explain("prepare enrollment write", err)
	}
	defer add.Close()
	del, err := tx.PreparexContext(ctx, `DELETE FROM enrollments WHERE class_id = ? AND patron_id = ?`)
	if err != nil {
		return im.t.db.explain("prepare enrollment delete", err)
	}
	defer del.Close()
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
			if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM classes WHERE id = ?`, e.ClassID); err != nil {
				return im.t.db.explain("look up class", err)
			}
			if n == 0 {
				im.reject(e.File, e.Line, "The enrollment names a class (%s) that is not in the roster; it was skipped.", e.ClassID)
				continue
			}
			known[e.ClassID] = true
		}
		if !e.Active {
			if _, err := del.ExecContext(ctx, e.ClassID, patron); err != nil {
				return im.t.db.explain("remove enrollment", err)
			}
			continue
		}
		if _, err := add.ExecContext(ctx, e.ClassID, patron, string(patronType(e.Role))); err != nil {
			return im.t.db.explain("write enrollment", err)
		}
		im.res.Enrollments++
	}
	return nil
}

// record writes the import and its rejected rows to the history.
func (im *rosterImport) record() error {
	ctx, tx, res := im.ctx, im.t.tx, im.res
	r, err := tx.ExecContext(ctx, `INSERT INTO roster_imports (at, source, format, full_import, added, updated, deactivated, classes, enrollments)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, timeText(res.At), res.Source, res.Format, res.Full,
		res.Added, res.Updated, res.Deactivated, res.Classes, res.Enrollments)
	if err != nil {
		return im.t.db.explain("record roster import", err)
	}
	if res.ID, err = r.LastInsertId(); err != nil {
		return fmt.Errorf("roster import id: %w", err)
	}
	ins, err := tx.PreparexContext(ctx, `INSERT INTO roster_rejects (import_id, file, line, reason) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return im.t.db.explain("record rejected rows", err)
	}
	defer ins.Close()
	for _, rj := range res.Rejected {
		if _, err := ins.ExecContext(ctx, res.ID, rj.File, rj.Line, rj.Reason); err != nil {
			return im.t.db.explain("record rejected row", err)
		}
	}
	return nil
}
