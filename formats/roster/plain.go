package roster

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/circdesk/circdesk/circ"
)

// Mapping names a plain CSV's columns: each field is the header of the
// column that holds it. An empty field means the usual names for it (see
// ReadPlain). Role is optional: without a role column every row is a
// student.
type Mapping struct {
	ID        string `toml:"id"`
	FirstName string `toml:"first_name"`
	LastName  string `toml:"last_name"`
	Grade     string `toml:"grade"`
	Homeroom  string `toml:"homeroom"`
	Teacher   string `toml:"teacher"`
	Role      string `toml:"role"`
}

// LoadMapping reads a mapping file, TOML like
//
//	id = "Student Number"
//	first_name = "First"
//	last_name = "Last"
//	homeroom = "HR"
//
// A key that is not a Mapping field is an error that names it.
func LoadMapping(path string) (*Mapping, error) {
	name := filepath.Base(path)
	var m Mapping
	md, err := toml.DecodeFile(path, &m)
	var perr toml.ParseError
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, failf(err, "There is no mapping file %s.", path)
	case errors.As(err, &perr):
		return nil, failf(err, "The mapping file %s is not valid TOML: look at line %d.", name, perr.Position.Line)
	case err != nil:
		return nil, failf(err, "The mapping file %s cannot be read: each key needs a column name in quotes.", name)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, failf(nil, "The mapping file %s has an unknown key %q; the keys are id, first_name, last_name, grade, homeroom, teacher and role.",
			name, und[0].String())
	}
	return &m, nil
}

const (
	pID = iota
	pFirst
	pLast
	pGrade
	pHomeroom
	pTeacher
	pRole
)

// plainCols are the usual header names of a plain roster.
var plainCols = []column{
	{"student id", []string{"studentid", "id", "studentnumber", "studentno", "studentnum", "idnumber", "pupilid", "patronid", "cardnumber", "barcode"}},
	{"first name", []string{"firstname", "first", "givenname", "forename"}},
	{"last name", []string{"lastname", "last", "familyname", "surname"}},
	{"grade", []string{"grade", "gradelevel", "gr", "grades"}},
	{"homeroom", []string{"homeroom", "homeroomname", "class", "form", "tutorgroup"}},
	{"teacher", []string{"teacher", "homeroomteacher", "teachername"}},
	{"role", []string{"role", "patrontype"}},
}

// ReadPlain reads a plain CSV roster: one row per student with a student
// id, first and last name, and optionally grade, homeroom, teacher and role
// columns, found by header name without regard to case, spaces or
// underscores ("Student ID", "student_id", "ID"), or as opt.Map names them.
// The delimiter may be a comma, a semicolon or a tab.
//
// Each distinct homeroom becomes a Class ("homeroom:" + the homeroom) with
// each of its students enrolled and the Teacher column as its teacher.
func ReadPlain(r io.Reader, name string, opt Options) (*circ.Roster, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	if opt.Format == circ.OneRoster {
		return nil, failf(nil, "The file %s is a single CSV file, not a OneRoster folder or zip.", name)
	}
	cols := plainCols
	var required []int
	if m := opt.Map; m != nil {
		cols = append([]column(nil), plainCols...)
		for i, h := range []string{m.ID, m.FirstName, m.LastName, m.Grade, m.Homeroom, m.Teacher, m.Role} {
			if h != "" {
				cols[i] = column{name: h, aliases: []string{headerKey([]byte(h))}}
				required = append(required, i)
			}
		}
	}
	for _, c := range []int{pID, pFirst, pLast} {
		if !hasInt(required, c) {
			required = append(required, c)
		}
	}
	s := &set{what: "The file " + name, files: map[string]entry{}}
	e := entry{name: name, size: -1, open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
	b := &builder{s: s, opt: opt, ro: &circ.Roster{Format: circ.PlainCSV}, plain: true}
	p := plainBuilder{b: b, file: name, userIdx: map[string]int32{}, classIdx: map[string]int32{}}
	check := func(idx []int) error {
		for _, c := range required {
			if idx[c] >= 0 {
				continue
			}
			if c == pID && p.looksOneRoster {
				return failf(nil, "The file %s looks like a OneRoster users.csv; import its folder or zip instead.", name)
			}
			if opt.Map != nil && cols[c].name != plainCols[c].name {
				return failf(nil, "The file %s has no column named %q, which the mapping gives for %s.", name, cols[c].name, plainCols[c].name)
			}
			return failf(nil, "The file %s has no %s column.", name, cols[c].name)
		}
		return nil
	}
	b.onHeader = func(h [][]byte) {
		for _, f := range h {
			if headerKey(f) == "sourcedid" {
				p.looksOneRoster = true
			}
		}
	}
	_, err := b.table(e, cols, nil, true, check, p.row)
	if err != nil {
		return nil, err
	}
	return b.ro, nil
}

func hasInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// plainBuilder turns plain rows into users, homeroom classes and
// enrollments.
type plainBuilder struct {
	b              *builder
	file           string
	userIdx        map[string]int32
	classIdx       map[string]int32 // homeroom → index in Classes
	teacherWarned  []bool
	looksOneRoster bool
}

func (p *plainBuilder) row(rr *recordReader, idx []int) {
	b, f, line := p.b, rr.Fields, rr.Line
	id := field(f, idx[pID])
	switch {
	case len(id) == 0:
		b.reject(p.file, line, "The row has no student id.")
		return
	case circ.CodeProblem(string(id)) != "":
		b.reject(p.file, line, "The student id %q %s.", id, circ.CodeProblem(string(id)))
		return
	case excelDamaged(id):
		b.reject(p.file, line, "The student id %s was turned into a rounded number by Excel and cannot be repaired; export the file again.", id)
		return
	}
	if i, dup := p.userIdx[string(id)]; dup {
		b.reject(p.file, line, "The student id %s is already used on line %d.", id, b.ro.Users[i].Line)
		return
	}
	role := circ.Student
	if raw := field(f, idx[pRole]); len(raw) > 0 {
		r, skip, ok := parseRole(raw)
		switch {
		case skip:
			b.ro.Skipped++
			return
		case !ok:
			b.reject(p.file, line, "The role %q is not student, teacher or staff.", raw)
			b.ro.Held = append(b.ro.Held, string(id))
			return
		}
		role = r
	}
	first, last := field(f, idx[pFirst]), field(f, idx[pLast])
	if len(first) == 0 && len(last) == 0 {
		b.reject(p.file, line, "The row has no name.")
		b.ro.Held = append(b.ro.Held, string(id))
		return
	}
	var blob []byte
	u := b.newUser(&blob, id, nil, first, last)
	u.ID = u.SourcedID
	u.Grade = grade(field(f, idx[pGrade]))
	u.Role, u.Active, u.File, u.Line = role, true, p.file, line
	p.userIdx[u.SourcedID] = int32(len(b.ro.Users))
	b.ro.Users = append(b.ro.Users, u)

	hr := field(f, idx[pHomeroom])
	if len(hr) == 0 {
		return
	}
	ci, found := p.classIdx[string(hr)]
	if !found {
		ci = int32(len(b.ro.Classes))
		name := string(hr)
		b.ro.Classes = append(b.ro.Classes, circ.RosterClass{SourcedID: "homeroom:" + name, Name: name, Active: true, File: p.file, Line: line})
		p.teacherWarned = append(p.teacherWarned, false)
		p.classIdx[name] = ci
	}
	c := &b.ro.Classes[ci]
	if t := field(f, idx[pTeacher]); len(t) > 0 {
		switch {
		case c.Teacher == "":
			c.Teacher = string(t)
		case !strings.EqualFold(c.Teacher, string(t)) && !p.teacherWarned[ci]:
			p.teacherWarned[ci] = true
			b.warnf("%s names more than one teacher for homeroom %s (%s, then %s on line %d); %s was kept.",
				p.file, c.Name, c.Teacher, t, line, c.Teacher)
		}
	}
	if role == circ.Teacher && c.TeacherID == "" {
		c.TeacherID = u.SourcedID
		if c.Teacher == "" {
			c.Teacher = strings.TrimSpace(u.FirstName + " " + u.LastName)
		}
	}
	b.ro.Enrollments = append(b.ro.Enrollments, circ.RosterEnrollment{ClassID: c.SourcedID, UserID: u.SourcedID,
		Role: role, Primary: role == circ.Teacher, Active: true, File: p.file, Line: line})
}

// delimiter guesses a plain CSV's delimiter from its header line: a comma
// unless the line has none and has semicolons or tabs.
func delimiter(head []byte) byte {
	if bytes.IndexByte(head, ',') >= 0 {
		return ','
	}
	if bytes.Count(head, []byte{';'}) >= bytes.Count(head, []byte{'\t'}) && bytes.IndexByte(head, ';') >= 0 {
		return ';'
	}
	if bytes.IndexByte(head, '\t') >= 0 {
		return '\t'
	}
	return ','
}
