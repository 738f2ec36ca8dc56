package roster

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

// The OneRoster files a set may hold; used to check the manifest.
var knownFiles = []string{
	"academicsessions", "categories", "classes", "classresources", "courses", "courseresources",
	"demographics", "enrollments", "lineitems", "orgs", "resources", "results", "users",
	"lineitemlearningobjectiveids", "lineitemscorescales", "resultlearningobjectiveids",
	"resultscorescales", "roles", "scorescales", "userprofiles", "userresources",
}

var manifestCols = []column{
	{"propertyName", []string{"propertyname", "property", "name", "key"}},
	{"value", []string{"value"}},
}

const (
	oSourcedID = iota
	oName
)

var orgCols = []column{
	{"sourcedId", []string{"sourcedid", "sourceid"}},
	{"name", []string{"name"}},
}

const (
	rUser = iota
	rRoleType
	rRole
	rStatus
)

var roleCols = []column{
	{"userSourcedId", []string{"usersourcedid", "usersourceid", "userid"}},
	{"roleType", []string{"roletype"}},
	{"role", []string{"role"}},
	{"status", []string{"status"}},
}

const (
	uSourcedID = iota
	uStatus
	uRole
	uUsername
	uUserIDs
	uGivenName
	uFamilyName
	uIdentifier
	uGrades
)

var userCols = []column{
	{"sourcedId", []string{"sourcedid", "sourceid"}},
	{"status", []string{"status"}},
	{"role", []string{"role"}},
	{"username", []string{"username"}},
	{"userIds", []string{"userids", "userid"}},
	{"givenName", []string{"givenname", "firstname"}},
	{"familyName", []string{"familyname", "lastname", "surname"}},
	{"identifier", []string{"identifier"}},
	{"grades", []string{"grades", "grade"}},
}

const (
	cSourcedID = iota
	cStatus
	cTitle
	cClassCode
	cSchool
)

var classCols = []column{
	{"sourcedId", []string{"sourcedid", "sourceid"}},
	{"status", []string{"status"}},
	{"title", []string{"title", "classtitle", "classname", "name"}},
	{"classCode", []string{"classcode", "code"}},
	{"schoolSourcedId", []string{"schoolsourcedid", "schoolsourceid", "schoolid", "orgsourcedid"}},
}

const (
	eClass = iota
	eUser
	eStatus
	eRole
	ePrimary
)

var enrollmentCols = []column{
	{"classSourcedId", []string{"classsourcedid", "classsourceid", "classid"}},
	{"userSourcedId", []string{"usersourcedid", "usersourceid", "userid"}},
	{"status", []string{"status"}},
	{"role", []string{"role"}},
	{"primary", []string{"primary"}},
}

// roleOf is a user's role from roles.csv.
type roleOf struct {
	role    circ.PatronType
	skip    bool
	primary bool
}

// builder reads one OneRoster set into a Roster.
type builder struct {
	s      *set
	opt    Options
	ro     *circ.Roster
	idKind string
	idType string

	modes map[string]string // manifest file.X → mode, X in lower case

	orgNames map[string]string
	roles    map[string]roleOf

	userIdx   map[string]int32 // sourcedId → index in ro.Users
	scanIdx   map[string]int32 // scan id → index in ro.Users
	rejUsers  map[string]int   // sourcedId of a rejected user → its line
	skipUsers map[string]struct{}
	usersFile string

	classIdx    map[string]int32
	rejClasses  map[string]int
	classesFile string

	plain    bool             // a plain CSV: guess the delimiter
	onHeader func(h [][]byte) // sees the header row, if set
}

func readSet(s *set, opt Options) (*circ.Roster, error) {
	kind, typ, err := parseIDField(opt.IDField)
	if err != nil {
		return nil, err
	}
	b := &builder{s: s, opt: opt, idKind: kind, idType: typ, ro: &circ.Roster{Format: circ.OneRoster}}
	b.ro.Warnings = append(b.ro.Warnings, s.warns...)
	if err := b.manifest(); err != nil {
		return nil, err
	}
	if err := b.orgs(); err != nil {
		return nil, err
	}
	if err := b.rolesFile(); err != nil {
		return nil, err
	}
	if err := b.users(); err != nil {
		return nil, err
	}
	if err := b.classes(); err != nil {
		return nil, err
	}
	if err := b.enrollments(); err != nil {
		return nil, err
	}
	for sid := range b.rejUsers {
		b.ro.Held = append(b.ro.Held, sid)
	}
	sort.Strings(b.ro.Held)
	return b.ro, nil
}

func (b *builder) warnf(format string, args ...any) {
	b.ro.Warnings = append(b.ro.Warnings, fmt.Sprintf(format, args...))
}

func (b *builder) reject(file string, line int, format string, args ...any) {
	b.ro.Rejected = append(b.ro.Rejected, circ.RosterReject{File: file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

// complete reports whether a file's records are all in this set (not delta,
// not absent), so a reference to a missing record is a fault.
func (b *builder) complete(key string) bool {
	m := b.modes[key]
	return m != "delta" && m != "absent"
}

// table reads one CSV file: its header, then each row through row. A file
// whose required columns are missing fails with a sentence when fatal is
// set, and is skipped with a warning otherwise. It reports the number of
// data rows and whether the file had a header at all.
func (b *builder) table(e entry, cols []column, required []int, fatal bool, check func(idx []int) error, row func(rr *recordReader, idx []int)) (rows int, err error) {
	if b.opt.limit() < e.size {
		return 0, failf(errTooBig, "The file %s is larger than %s once unpacked; it was not read.", e.name, sizeText(b.opt.limit()))
	}
	rc, err := e.open()
	if err != nil {
		return 0, b.readErr(e, err)
	}
	defer rc.Close()
	rr, err := newRecordReader(&limitedReader{r: rc, n: b.opt.limit()})
	if err != nil {
		return 0, b.readErr(e, err)
	}
	if b.plain {
		rr.comma = delimiter(rr.peekLine())
	}
	ok, err := rr.Read()
	if err != nil {
		return 0, b.readErr(e, err)
	}
	if !ok {
		if fatal {
			return 0, failf(nil, "The file %s is empty: it has no header row.", e.name)
		}
		b.warnf("%s is empty; it was skipped.", e.name)
		return 0, nil
	}
	if rr.Problem != "" {
		if !fatal {
			b.warnf("The first line of %s cannot be read as a header row; the file was skipped.", e.name)
			return 0, nil
		}
		return 0, failf(nil, "The first line of %s cannot be read as a header row.", e.name)
	}
	width := len(rr.Fields)
	rr.width = width
	if b.onHeader != nil {
		b.onHeader(rr.Fields)
	}
	idx, dups := header(rr.Fields, cols)
	for _, d := range dups {
		b.warnf("%s has two columns named %s; the first was read.", e.name, d)
	}
	for _, c := range required {
		if idx[c] < 0 {
			if fatal {
				return 0, failf(nil, "The file %s has no %s column.", e.name, cols[c].name)
			}
			b.warnf("The file %s has no %s column; it was skipped.", e.name, cols[c].name)
			return 0, nil
		}
	}
	if check != nil {
		if err := check(idx); err != nil {
			return 0, err
		}
	}
	for {
		ok, err := rr.Read()
		if err != nil {
			return rows, b.readErr(e, err)
		}
		if !ok {
			break
		}
		rows++
		switch {
		case rr.Problem != "":
			b.reject(e.name, rr.Line, "%s", rr.Problem)
		case len(rr.Fields) > width:
			b.reject(e.name, rr.Line, "The row has %d values but the header has %d columns; a value with a comma may be missing its quotes.", len(rr.Fields), width)
		case len(rr.Fields) < width:
			b.reject(e.name, rr.Line, "The row has %d values but the header has %d columns.", len(rr.Fields), width)
		default:
			row(rr, idx)
		}
	}
	b.readWarnings(e.name, rr)
	return rows, nil
}

func (b *builder) readWarnings(name string, rr *recordReader) {
	if rr.Latin1Lines > 0 {
		b.warnf("%s is not UTF-8 text; %d lines were read as Windows-1252 (Latin-1).", name, rr.Latin1Lines)
	}
	if rr.StrayRows > 0 {
		b.warnf("%s has %d rows with a stray quote (the first on line %d); they were read as written.", name, rr.StrayRows, rr.FirstStray)
	}
}

func (b *builder) readErr(e entry, err error) error {
	switch {
	case errors.Is(err, errTooBig):
		return failf(err, "The file %s is larger than %s once unpacked; it was not read.", e.name, sizeText(b.opt.limit()))
	case errors.Is(err, errUTF16):
		return failf(err, "The file %s is saved as UTF-16 text; save it as CSV UTF-8 and try again.", e.name)
	case b.s.zip:
		return failf(err, "%s is damaged or incomplete.", b.s.what)
	}
	return failf(err, "The file %s could not be read.", e.name)
}

func (b *builder) manifest() error {
	b.modes = make(map[string]string)
	e, ok := b.s.files["manifest.csv"]
	if !ok {
		b.ro.Version = "1.1"
		b.warnf("There is no manifest.csv; the files were read as OneRoster 1.1.")
		return nil
	}
	version := ""
	_, err := b.table(e, manifestCols, []int{0, 1}, false, nil, func(rr *recordReader, idx []int) {
		key := strings.ToLower(string(field(rr.Fields, idx[0])))
		val := string(field(rr.Fields, idx[1]))
		switch {
		case key == "oneroster.version":
			version = val
		case strings.HasPrefix(key, "file."):
			mode := strings.ToLower(val)
			switch mode {
			case "bulk", "delta", "absent":
			default:
				b.warnf("manifest.csv says %s for %s, which is not bulk, delta or absent.", val, key)
				return
			}
			b.modes[strings.TrimPrefix(key, "file.")] = mode
		}
	})
	if err != nil {
		return err
	}
	switch {
	case version == "1.0" || version == "1.1":
		b.ro.Version = version
	case strings.HasPrefix(version, "1.2"):
		b.ro.Version = "1.2"
	case version == "":
		b.ro.Version = "1.1"
		b.warnf("manifest.csv gives no oneroster.version; the files were read as OneRoster 1.1.")
	default:
		return failf(nil, "The manifest says OneRoster %s, which CircDesk cannot read (it reads OneRoster 1.0, 1.1 and 1.2).", version)
	}
	keys := make([]string, 0, len(b.modes))
	for k := range b.modes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, present := b.s.files[k+".csv"]
		switch mode := b.modes[k]; {
		case mode != "absent" && !present:
			b.warnf("manifest.csv lists %s.csv as %s, but the file is not there.", k, mode)
		case mode == "absent" && present:
			b.warnf("%s is there although manifest.csv marks it absent; it was read anyway.", f.name)
		}
	}
	for _, k := range knownFiles {
		if f, present := b.s.files[k+".csv"]; present {
			if _, listed := b.modes[k]; !listed {
				b.warnf("%s is there but manifest.csv does not list it.", f.name)
			}
		}
	}
	return nil
}

func (b *builder) orgs() error {
	e, ok := b.s.files["orgs.csv"]
	if !ok {
		return nil
	}
	b.orgNames = make(map[string]string)
	_, err := b.table(e, orgCols, []int{oSourcedID, oName}, false, nil, func(rr *recordReader, idx []int) {
		id := field(rr.Fields, idx[oSourcedID])
		if len(id) > 0 {
			if _, dup := b.orgNames[string(id)]; !dup {
				b.orgNames[string(id)] = string(field(rr.Fields, idx[oName]))
			}
		}
	})
	return err
}

func (b *builder) rolesFile() error {
	e, ok := b.s.files["roles.csv"]
	if !ok {
		return nil
	}
	b.roles = make(map[string]roleOf)
	_, err := b.table(e, roleCols, []int{rUser, rRole}, true, nil, func(rr *recordReader, idx []int) {
		uid := field(rr.Fields, idx[rUser])
		if len(uid) == 0 {
			b.reject(e.name, rr.Line, "The row has no userSourcedId.")
			return
		}
		active, ok := parseStatus(field(rr.Fields, idx[rStatus]))
		if !ok {
			b.reject(e.name, rr.Line, "The status %q is not active or tobedeleted.", field(rr.Fields, idx[rStatus]))
			return
		}
		if !active {
			return
		}
		raw := field(rr.Fields, idx[rRole])
		role, skip, ok := parseRole(raw)
		if !ok {
			b.reject(e.name, rr.Line, "The role %q is not one CircDesk knows.", raw)
			return
		}
		r := roleOf{role: role, skip: skip, primary: strings.EqualFold(string(field(rr.Fields, idx[rRoleType])), "primary")}
		if old, seen := b.roles[string(uid)]; seen && rank(old) >= rank(r) {
			return
		}
		b.roles[string(uid)] = r
	})
	return err
}

// rank orders a user's roles: the primary role first, then any role that
// makes a patron over a guardian role.
func rank(r roleOf) int {
	n := 0
	if r.primary {
		n += 2
	}
	if !r.skip {
		n++
	}
	return n
}

func (b *builder) users() error {
	e, ok := b.s.files["users.csv"]
	if !ok {
		// Even when the manifest says users.csv is absent: a set without
		// its people brings nothing a station can use.
		return failf(nil, "%s has no users.csv, so it was not imported.", b.s.what)
	}
	b.usersFile = e.name
	required := []int{uSourcedID, uGivenName, uFamilyName}
	idCol := -1
	switch b.idKind {
	case "identifier":
		idCol = uIdentifier
	case "username":
		idCol = uUsername
	case "userIds":
		idCol = uUserIDs
	}
	b.userIdx = make(map[string]int32)
	b.scanIdx = make(map[string]int32)
	b.rejUsers = make(map[string]int)
	b.skipUsers = make(map[string]struct{})
	check := func(idx []int) error {
		if idx[uRole] < 0 && b.roles == nil {
			return failf(nil, "The file %s has no role column, and there is no roles.csv to give each user a role.", e.name)
		}
		if idCol >= 0 && idx[idCol] < 0 {
			return failf(nil, "The file %s has no %s column, which should hold the card numbers.", e.name, userCols[idCol].name)
		}
		return nil
	}
	var blob []byte
	rows, err := b.table(e, userCols, required, true, check, func(rr *recordReader, idx []int) {
		b.user(e.name, rr, idx, idCol, &blob)
	})
	if err != nil {
		return err
	}
	b.ro.Bulk = b.modes["users"] != "delta"
	if rows == 0 && b.ro.Bulk {
		b.ro.Bulk = false
		b.warnf("%s has no rows; it is not taken as a full list, so nobody will be deactivated.", e.name)
	}
	return nil
}

func (b *builder) user(file string, rr *recordReader, idx []int, idCol int, blob *[]byte) {
	f := rr.Fields
	sid := field(f, idx[uSourcedID])
	status := field(f, idx[uStatus])
	active, ok := parseStatus(status)
	if !ok {
		b.rejectUser(file, rr.Line, sid, "The status %q is not active or tobedeleted.", status)
		return
	}
	var role circ.PatronType
	var skip bool
	rawRole := field(f, idx[uRole])
	if r, found := b.roles[string(sid)]; found && len(sid) > 0 {
		role, skip = r.role, r.skip
	} else if b.roles != nil && len(rawRole) == 0 {
		if active {
			b.rejectUser(file, rr.Line, sid, "The user has no role in roles.csv.")
			return
		}
	} else {
		role, skip, ok = parseRole(rawRole)
		if !ok && (active || len(rawRole) > 0) {
			if len(rawRole) == 0 {
				b.rejectUser(file, rr.Line, sid, "The row has no role.")
			} else {
				b.rejectUser(file, rr.Line, sid, "The role %q is not one CircDesk knows.", rawRole)
			}
			return
		}
	}
	if skip {
		b.ro.Skipped++
		if len(sid) > 0 {
			b.skipUsers[string(sid)] = struct{}{}
		}
		return
	}
	if len(sid) == 0 {
		b.reject(file, rr.Line, "The row has no sourcedId.")
		return
	}
	if bytes.IndexFunc(sid, isControl) >= 0 {
		b.reject(file, rr.Line, "The sourcedId %q has control characters in it.", sid)
		return
	}
	if excelDamaged(sid) {
		b.rejectUser(file, rr.Line, sid, "The sourcedId %s was turned into a rounded number by Excel and cannot be repaired; export the file again.", sid)
		return
	}
	if i, dup := b.userIdx[string(sid)]; dup {
		b.reject(file, rr.Line, "The sourcedId %s is already used on line %d.", sid, b.ro.Users[i].Line)
		return
	}
	var id []byte
	switch b.idKind {
	case "sourcedId":
		id = sid
	case "userIds":
		id = userID(field(f, idx[uUserIDs]), b.idType)
	default:
		id = field(f, idx[idCol])
	}
	if len(id) == 0 && active {
		if b.idKind == "userIds" {
			b.rejectUser(file, rr.Line, sid, "The user has no %s id in userIds, the field that holds the card number.", b.idType)
		} else {
			b.rejectUser(file, rr.Line, sid, "The user has no %s, the field that holds the card number.", b.idKind)
		}
		return
	}
	if problem := circ.CodeProblem(string(id)); problem != "" {
		b.rejectUser(file, rr.Line, sid, "The card number %q %s.", id, problem)
		return
	}
	if excelDamaged(id) {
		b.rejectUser(file, rr.Line, sid, "The card number %s was turned into a rounded number by Excel and cannot be repaired; export the file again.", id)
		return
	}
	if len(id) > 0 {
		if i, dup := b.scanIdx[string(id)]; dup {
			b.rejectUser(file, rr.Line, sid, "The card number %s is already used on line %d.", id, b.ro.Users[i].Line)
			return
		}
	}
	first, last := field(f, idx[uGivenName]), field(f, idx[uFamilyName])
	if len(first) == 0 && len(last) == 0 && active {
		b.rejectUser(file, rr.Line, sid, "The user has no name.")
		return
	}
	u := b.newUser(blob, sid, id, first, last)
	u.Grade = grade(field(f, idx[uGrades]))
	u.Role, u.Active, u.File, u.Line = role, active, file, rr.Line
	n := int32(len(b.ro.Users))
	b.ro.Users = append(b.ro.Users, u)
	b.userIdx[u.SourcedID] = n
	if u.ID != "" {
		b.scanIdx[u.ID] = n
	}
}

// newUser makes a User's strings with one allocation: only the fields the
// User keeps are copied out of the row.
func (b *builder) newUser(blob *[]byte, sid, id, first, last []byte) circ.RosterUser {
	buf := append((*blob)[:0], sid...)
	buf = append(buf, id...)
	buf = append(buf, first...)
	buf = append(buf, last...)
	*blob = buf
	s := string(buf)
	a, c, d := len(sid), len(sid)+len(id), len(sid)+len(id)+len(first)
	return circ.RosterUser{SourcedID: s[:a], ID: s[a:c], FirstName: s[c:d], LastName: s[d:]}
}

func (b *builder) rejectUser(file string, line int, sid []byte, format string, args ...any) {
	b.reject(file, line, format, args...)
	if len(sid) > 0 {
		if _, seen := b.rejUsers[string(sid)]; !seen {
			b.rejUsers[string(sid)] = line
		}
	}
}

func (b *builder) classes() error {
	b.classIdx = make(map[string]int32)
	b.rejClasses = make(map[string]int)
	e, ok := b.s.files["classes.csv"]
	if !ok {
		return nil
	}
	b.classesFile = e.name
	unknownSchools := 0
	_, err := b.table(e, classCols, []int{cSourcedID}, true, nil, func(rr *recordReader, idx []int) {
		f := rr.Fields
		sid := field(f, idx[cSourcedID])
		rejectClass := func(format string, args ...any) {
			b.reject(e.name, rr.Line, format, args...)
			if _, seen := b.rejClasses[string(sid)]; !seen && len(sid) > 0 {
				b.rejClasses[string(sid)] = rr.Line
			}
		}
		active, ok := parseStatus(field(f, idx[cStatus]))
		switch {
		case len(sid) == 0:
			b.reject(e.name, rr.Line, "The row has no sourcedId.")
			return
		case !ok:
			rejectClass("The status %q is not active or tobedeleted.", field(f, idx[cStatus]))
			return
		case excelDamaged(sid):
			rejectClass("The sourcedId %s was turned into a rounded number by Excel and cannot be repaired; export the file again.", sid)
			return
		}
		if i, dup := b.classIdx[string(sid)]; dup {
			b.reject(e.name, rr.Line, "The sourcedId %s is already used on line %d.", sid, b.ro.Classes[i].Line)
			return
		}
		name := field(f, idx[cTitle])
		if len(name) == 0 {
			name = field(f, idx[cClassCode])
		}
		if len(name) == 0 && active {
			rejectClass("The class has no title.")
			return
		}
		c := circ.RosterClass{SourcedID: string(sid), Name: string(name), School: string(field(f, idx[cSchool])),
			Active: active, File: e.name, Line: rr.Line}
		if b.orgNames != nil && c.School != "" {
			if n, found := b.orgNames[c.School]; found {
				c.SchoolName = n
			} else {
				unknownSchools++
			}
		}
		b.classIdx[c.SourcedID] = int32(len(b.ro.Classes))
		b.ro.Classes = append(b.ro.Classes, c)
	})
	if unknownSchools > 0 {
		b.warnf("%d classes in %s name a school that is not in orgs.csv.", unknownSchools, e.name)
	}
	return err
}

func (b *builder) enrollments() error {
	e, ok := b.s.files["enrollments.csv"]
	if !ok {
		return nil
	}
	if b.classesFile == "" && b.complete("classes") {
		b.warnf("There is no classes.csv, so the enrollments cannot be checked against it.")
	}
	var est int
	if e.size > 0 {
		est = int(min(e.size/64, 2<<20))
	}
	b.ro.Enrollments = make([]circ.RosterEnrollment, 0, est)
	t := &enrollmentTally{
		seen:            make(map[uint64]int32, est),
		teacher:         make([]int32, len(b.ro.Classes)),
		teacherPrimary:  make([]bool, len(b.ro.Classes)),
		usersComplete:   b.complete("users") && b.usersFile != "",
		classesComplete: b.complete("classes"),
	}
	for i := range t.teacher {
		t.teacher[i] = -1
	}
	_, err := b.table(e, enrollmentCols, []int{eClass, eUser}, true, nil, func(rr *recordReader, idx []int) {
		b.enrollment(e, rr, idx, t)
	})
	for ci, ui := range t.teacher {
		if ui >= 0 {
			u := &b.ro.Users[ui]
			c := &b.ro.Classes[ci]
			c.Teacher = strings.TrimSpace(u.FirstName + " " + u.LastName)
			c.TeacherID = u.SourcedID
		}
	}
	return err
}

// enrollmentTally is what reading enrollments.csv keeps besides its rows:
// the class and user pairs seen, with their lines, and each class's teacher
// so far (the primary teacher enrollment, else the first).
type enrollmentTally struct {
	seen           map[uint64]int32
	teacher        []int32
	teacherPrimary []bool

	usersComplete, classesComplete bool
}

// enrollment reads one row of enrollments.csv: an enrollment, or a reject
// with its reason, or nothing (a guardian's, a role not imported).
func (b *builder) enrollment(e entry, rr *recordReader, idx []int, t *enrollmentTally) {
	f := rr.Fields
	cid, uid := field(f, idx[eClass]), field(f, idx[eUser])
	switch {
	case len(cid) == 0:
		b.reject(e.name, rr.Line, "The row has no classSourcedId.")
		return
	case len(uid) == 0:
		b.reject(e.name, rr.Line, "The row has no userSourcedId.")
		return
	}
	if _, skipped := b.skipUsers[string(uid)]; skipped {
		return // a guardian's enrollment: not imported, like the guardian
	}
	active, ok := parseStatus(field(f, idx[eStatus]))
	if !ok {
		b.reject(e.name, rr.Line, "The status %q is not active or tobedeleted.", field(f, idx[eStatus]))
		return
	}
	en := circ.RosterEnrollment{Active: active, File: e.name, Line: rr.Line}
	ci, cok, ok := b.enrolledClass(e, rr, cid, t.classesComplete, &en)
	if !ok {
		return
	}
	ui, uok, ok := b.enrolledUser(e, rr, uid, t.usersComplete, &en)
	if !ok {
		return
	}
	if en.Role, ok = b.enrollmentRole(e, rr, field(f, idx[eRole]), uok, ui); !ok {
		return
	}
	primary, ok := parseBool(field(f, idx[ePrimary]))
	if !ok {
		b.reject(e.name, rr.Line, "The primary value %q is not true or false.", field(f, idx[ePrimary]))
		return
	}
	en.Primary = primary
	if cok && uok {
		key := uint64(ci)<<32 | uint64(uint32(ui))
		if line, dup := t.seen[key]; dup {
			b.reject(e.name, rr.Line, "User %s is already enrolled in class %s on line %d.", uid, cid, line)
			return
		}
		t.seen[key] = int32(rr.Line)
		if en.Role == circ.Teacher && active && (t.teacher[ci] < 0 || (primary && !t.teacherPrimary[ci])) {
			t.teacher[ci], t.teacherPrimary[ci] = ui, primary
		}
	}
	b.ro.Enrollments = append(b.ro.Enrollments, en)
}

// enrolledClass finds an enrollment's class: in classes.csv (found), else
// left for the station to resolve, unless classes.csv is complete or
// rejected the class (then the row is rejected: not ok).
func (b *builder) enrolledClass(e entry, rr *recordReader, cid []byte, complete bool, en *circ.RosterEnrollment) (ci int32, found, ok bool) {
	ci, found = b.classIdx[string(cid)]
	switch {
	case found:
		en.ClassID = b.ro.Classes[ci].SourcedID
	case b.rejClasses[string(cid)] > 0:
		b.reject(e.name, rr.Line, "The class %s was not imported (line %d of %s).", cid, b.rejClasses[string(cid)], b.classesFile)
		return ci, found, false
	case complete:
		b.reject(e.name, rr.Line, "The class %s is not in classes.csv.", cid)
		return ci, found, false
	default:
		en.ClassID, en.Unresolved = string(cid), true
	}
	return ci, found, true
}

// enrolledUser finds an enrollment's user the way enrolledClass finds its
// class, in users.csv.
func (b *builder) enrolledUser(e entry, rr *recordReader, uid []byte, complete bool, en *circ.RosterEnrollment) (ui int32, found, ok bool) {
	ui, found = b.userIdx[string(uid)]
	switch {
	case found:
		en.UserID = b.ro.Users[ui].SourcedID
	case b.rejUsers[string(uid)] > 0:
		b.reject(e.name, rr.Line, "The user %s was not imported (line %d of %s).", uid, b.rejUsers[string(uid)], b.usersFile)
		return ui, found, false
	case complete:
		b.reject(e.name, rr.Line, "The user %s is not in users.csv.", uid)
		return ui, found, false
	default:
		en.UserID, en.Unresolved = string(uid), true
	}
	return ui, found, true
}

// enrollmentRole is an enrollment's role: its own, else its user's; not ok
// when the row is rejected or its role is one not imported.
func (b *builder) enrollmentRole(e entry, rr *recordReader, rawRole []byte, userFound bool, ui int32) (circ.PatronType, bool) {
	role, skip, ok := parseRole(rawRole)
	switch {
	case skip:
		return role, false
	case len(rawRole) == 0 && userFound:
		return b.ro.Users[ui].Role, true
	case len(rawRole) == 0:
		b.reject(e.name, rr.Line, "The row has no role.")
		return role, false
	case !ok:
		b.reject(e.name, rr.Line, "The role %q is not one CircDesk knows.", rawRole)
		return role, false
	}
	return role, true
}
