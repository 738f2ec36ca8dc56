package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

// Classes lists the active classes by name, with their students counted.
func (db *DB) Classes(ctx context.Context) ([]circ.Class, error) {
	var rows []classRow
	err := db.r.SelectContext(ctx, &rows, classSQL+` WHERE c.active = 1 GROUP BY c.id ORDER BY c.name, c.id`)
	if err != nil {
		return nil, db.explain("list classes", err)
	}
	out := make([]circ.Class, len(rows))
	for i, r := range rows {
		out[i] = r.class()
	}
	return out, nil
}

const classSQL = `SELECT c.id, c.name, c.teacher, c.school, c.active,
		count(CASE WHEN e.role = 'student' AND p.active = 1 THEN 1 END) AS students
	FROM classes c
	LEFT JOIN enrollments e ON e.class_id = c.id
	LEFT JOIN patrons p ON p.id = e.patron_id`

type classRow struct {
	ID       string `db:"id"`
	Name     string `db:"name"`
	Teacher  string `db:"teacher"`
	School   string `db:"school"`
	Active   bool   `db:"active"`
	Students int    `db:"students"`
}

func (r classRow) class() circ.Class {
	return circ.Class{ID: r.ID, Name: r.Name, Teacher: r.Teacher, School: r.School, Students: r.Students, Inactive: !r.Active}
}

// ClassRoster returns class id and its active students by last name, then
// first name.
func (db *DB) ClassRoster(ctx context.Context, id string) (circ.Class, []circ.Patron, error) {
	var r classRow
	err := db.r.GetContext(ctx, &r, classSQL+` WHERE c.id = ? GROUP BY c.id`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return circ.Class{}, nil, fmt.Errorf("class %s: %w", id, circ.ErrNotFound)
	}
	if err != nil {
		return circ.Class{}, nil, db.explain("look up class", err)
	}
	var rows []patronRow
	err = db.r.SelectContext(ctx, &rows, `SELECT `+prefixed("p.", patronCols)+` FROM enrollments e JOIN patrons p ON p.id = e.patron_id
		WHERE e.class_id = ? AND e.role = 'student' AND p.active = 1
		ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id`, id)
	if err != nil {
		return circ.Class{}, nil, db.explain("list students of class", err)
	}
	students := make([]circ.Patron, len(rows))
	for i, pr := range rows {
		if students[i], err = pr.patron(); err != nil {
			return circ.Class{}, nil, err
		}
	}
	return r.class(), students, nil
}

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// RosterImports lists the latest limit imports, newest first, with their rejected rows.
func (db *DB) RosterImports(ctx context.Context, limit int) ([]circ.RosterImport, error) {
	var rows []struct {
		ID          int64  `db:"id"`
		At          string `db:"at"`
		Source      string `db:"source"`
		Format      string `db:"format"`
		Full        bool   `db:"full_import"`
		Added       int    `db:"added"`
		Updated     int    `db:"updated"`
		Adopted     int    `db:"adopted"`
		Deactivated int    `db:"deactivated"`
		Classes     int    `db:"classes"`
		Enrollments int    `db:"enrollments"`
	}
	err := db.r.SelectContext(ctx, &rows, `SELECT id, at, source, format, full_import, added, updated, adopted, deactivated, classes, enrollments
		FROM roster_imports ORDER BY id DESC LIMIT ?`, max(limit, 1))
	if err != nil {
		return nil, db.explain("list roster imports", err)
	}
	out := make([]circ.RosterImport, len(rows))
	for i, r := range rows {
		at, err := parseTime(r.At)
		if err != nil {
			return nil, fmt.Errorf("roster import %d: %w", r.ID, err)
		}
		out[i] = circ.RosterImport{ID: r.ID, At: at, Source: r.Source, Format: r.Format, Full: r.Full,
			Added: r.Added, Updated: r.Updated, Adopted: r.Adopted, Deactivated: r.Deactivated, Classes: r.Classes, Enrollments: r.Enrollments}
		if err := db.r.SelectContext(ctx, &out[i].Rejected, `SELECT file, line, reason FROM roster_rejects WHERE import_id = ? ORDER BY rowid`, r.ID); err != nil {
			return nil, db.explain("list rejected rows", err)
		}
	}
	return out, nil
}

var _ circ.RosterStore = (*DB)(nil)
