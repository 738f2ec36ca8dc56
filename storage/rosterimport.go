package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/jmoiron/sqlx"
)

// ImportRoster applies r to the cache (see circ.RosterImporter): the plan
// circ.PlanRoster makes of it, all of it or, on failure, none.
//
// The plan is read from the cache and its changes staged in short
// transactions, then committed in one tiny transaction, and applied in
// short ones (see staged.go): one logical transaction, so that the desk
// goes on deciding while a district's roster goes in. A dry run only plans.
func (db *DB) ImportRoster(ctx context.Context, r *circ.Roster, opt circ.RosterOptions) (circ.RosterImport, error) {
	if opt.At.IsZero() {
		opt.At = time.Now()
	}
	// Refused before waiting for another import to end.
	if err := circ.CheckRosterImport(r, opt); err != nil {
		return circ.NewRosterImport(r, opt), err
	}
	var run *importRun
	var out *stager
	var stage func([]circ.RosterChange) error // nil: a dry run
	if !opt.DryRun {
		var err error
		if run, err = db.startImport(ctx, kindRoster, nil); err != nil {
			return circ.NewRosterImport(r, opt), err
		}
		defer run.close()
		out = run.stager(ctx)
		stage = out.stageRoster
	}
	// The plan reads with short queries, not one long read transaction: a
	// reader held for the whole of a large import would keep SQLite from
	// ever emptying its write-ahead log, which then grows by the import's
	// size and slows every write. Nothing but an import changes what the
	// plan reads (patrons' card numbers and roster fields, classes, class
	// lists; the library server's answers change names and blocks, which an
	// import overwrites or leaves as they come), and imports take turns.
	res, err := circ.PlanRoster(ctx, rosterCache{db}, r, opt, stage)
	if err == nil && !opt.DryRun {
		err = out.stageRecord(res)
	}
	if err != nil {
		if run != nil {
			err = run.fail(err)
		}
		return res, err
	}
	if opt.DryRun {
		return res, nil
	}
	if err := out.finish(); err != nil {
		return res, run.fail(err)
	}
	err = run.apply(ctx, run.id, rosterApplier(&res.ID))
	return res, err
}

// rosterCache reads what a roster plan needs of the cache, through the
// read pool.
type rosterCache struct{ db *DB }

func (c rosterCache) RosterPatrons(ctx context.Context) ([]circ.RosterPatron, error) {
	db := c.db
	// Counted first, so that a district's 150,000 are read into one
	// allocation rather than a slice grown and copied a dozen times.
	var n int
	if err := db.r.GetContext(ctx, &n, `SELECT count(*) FROM patrons`); err != nil {
		return nil, db.explain("read patrons", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, source_id, first_name, last_name, type, grade, homeroom, active FROM patrons`)
	if err != nil {
		return nil, db.explain("read patrons", err)
	}
	defer rows.Close()
	out := make([]circ.RosterPatron, 0, n)
	for rows.Next() {
		var p circ.RosterPatron
		var src sql.NullString
		if err := rows.Scan(&p.ID, &src, &p.FirstName, &p.LastName, &p.Type, &p.Grade, &p.Homeroom, &p.Active); err != nil {
			return nil, db.explain("read patrons", err)
		}
		p.SourceID = src.String
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, db.explain("read patrons", err)
	}
	return out, nil
}

func (c rosterCache) ActiveClasses(ctx context.Context) ([]string, error) {
	var ids []string
	if err := c.db.r.SelectContext(ctx, &ids, `SELECT id FROM classes WHERE active = 1`); err != nil {
		return nil, c.db.explain("read classes", err)
	}
	return ids, nil
}

func (c rosterCache) HasClass(ctx context.Context, id string) (bool, error) {
	var n int
	if err := c.db.r.GetContext(ctx, &n, `SELECT count(*) FROM classes WHERE id = ?`, id); err != nil {
		return false, c.db.explain("look up class", err)
	}
	return n > 0, nil
}

func (c rosterCache) ClassMembers(ctx context.Context, id string) ([]circ.ClassMember, error) {
	rows, err := c.db.r.QueryContext(ctx, `SELECT patron_id, role FROM enrollments WHERE class_id = ? ORDER BY patron_id`, id)
	if err != nil {
		return nil, c.db.explain("read class list", err)
	}
	defer rows.Close()
	var out []circ.ClassMember
	for rows.Next() {
		var m circ.ClassMember
		if err := rows.Scan(&m.Card, &m.Role); err != nil {
			return nil, c.db.explain("read class list", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, c.db.explain("read class list", err)
	}
	return out, nil
}

// stageRoster stages a group of a roster plan's changes, to be applied in
// one transaction.
func (s *stager) stageRoster(group []circ.RosterChange) error {
	for _, c := range group {
		p, cl := c.Patron, c.Class
		switch c.Kind {
		case circ.AddPatron:
			s.add(opPatronAdd, p.ID, p.SourceID, p.FirstName, p.LastName, string(p.Type), p.Grade, p.Homeroom, p.Active)
		case circ.UpdatePatron:
			s.add(opPatronUpdate, p.ID, p.SourceID, p.FirstName, p.LastName, string(p.Type), p.Grade, p.Homeroom, p.Active)
		case circ.DeactivatePatron:
			s.add(opPatronDeactivate, c.Card)
		case circ.RenumberPatron:
			s.add(opRenumber, c.Card, c.NewCard)
		case circ.PutClass:
			s.add(opClass, cl.ID, cl.Name, cl.Teacher, cl.School, !cl.Inactive)
		case circ.EndClass:
			s.add(opClassEnd, cl.ID)
		case circ.Enroll:
			s.add(opEnrollmentAdd, cl.ID, c.Card, string(c.Role))
		case circ.Unenroll:
			s.add(opEnrollmentRemove, cl.ID, c.Card)
		default:
			return fmt.Errorf("stage the roster: unknown change %d", c.Kind)
		}
	}
	return s.endGroup()
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

// stageRecord stages the import's line in the history and its rejected
// rows, last.
func (s *stager) stageRecord(res circ.RosterImport) error {
	b, err := json.Marshal(rosterRecord{At: timeText(res.At), Source: res.Source, Format: res.Format, Full: res.Full,
		Added: res.Added, Updated: res.Updated, Adopted: res.Adopted, Deactivated: res.Deactivated, Classes: res.Classes,
		Enrollments: res.Enrollments, Rejected: res.Rejected})
	if err != nil {
		return fmt.Errorf("record roster import: %w", err)
	}
	s.add(opRosterRecord, string(b))
	return s.endGroup()
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
