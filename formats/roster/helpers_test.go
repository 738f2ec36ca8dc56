package roster

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

const (
	manifest11 = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n" +
		"file.academicSessions,absent\nfile.categories,absent\nfile.classes,bulk\nfile.classResources,absent\n" +
		"file.courses,absent\nfile.courseResources,absent\nfile.demographics,absent\nfile.enrollments,bulk\n" +
		"file.lineItems,absent\nfile.orgs,bulk\nfile.resources,absent\nfile.results,absent\nfile.users,bulk\n" +
		"source.systemName,PowerSchool\n"
	orgsHead        = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
	usersHead       = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
	classesHead     = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
	enrollmentsHead = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
)

// userRow writes a 1.1 users.csv row.
func userRow(sid, role, username, given, family, identifier, grades string) string {
	return strings.Join([]string{sid, "", "", "true", "org1", role, username, "", given, family, "", identifier,
		username + "@school.example", "", "555-0100", "", grades, "hunter2"}, ",") + "\n"
}

func classRow(sid, title string) string {
	return sid + ",,," + title + ",05,course1,," + "homeroom,,org1,term1,,,\n"
}

func enrollRow(sid, class, user, role, primary string) string {
	return sid + ",,," + class + ",org1," + user + "," + role + "," + primary + ",,\n"
}

// baseSet is a small good OneRoster 1.1 set: two students, a teacher and a
// parent, one class.
func baseSet() map[string]string {
	return map[string]string{
		"manifest.csv": manifest11,
		"orgs.csv":     orgsHead + "org1,,,Oak Elementary,school,,\n",
		"users.csv": usersHead +
			userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5") +
			userRow("s2", "student", "ben", "Ben", "Ray", "007124", "05") +
			userRow("t1", "teacher", "cruz", "Maria", "Cruz", "T100", "") +
			userRow("p1", "parent", "pat", "Pat", "Lee", "P1", ""),
		"classes.csv": classesHead + classRow("c1", "5B Homeroom"),
		"enrollments.csv": enrollmentsHead +
			enrollRow("e1", "c1", "s1", "student", "false") +
			enrollRow("e2", "c1", "s2", "student", "false") +
			enrollRow("e3", "c1", "t1", "teacher", "true") +
			enrollRow("e4", "c1", "p1", "student", "false"),
	}
}

func writeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func makeZip(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func loadDir(t *testing.T, files map[string]string, opt Options) *circ.Roster {
	t.Helper()
	ro, err := Load(writeDir(t, files), opt)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return ro
}

func userByID(ro *circ.Roster, id string) *circ.RosterUser {
	for i := range ro.Users {
		if ro.Users[i].ID == id {
			return &ro.Users[i]
		}
	}
	return nil
}

func userBySourcedID(ro *circ.Roster, sid string) *circ.RosterUser {
	for i := range ro.Users {
		if ro.Users[i].SourcedID == sid {
			return &ro.Users[i]
		}
	}
	return nil
}

func rejectedRow(ro *circ.Roster, file string, line int) *circ.RosterReject {
	for i := range ro.Rejected {
		if ro.Rejected[i].File == file && ro.Rejected[i].Line == line {
			return &ro.Rejected[i]
		}
	}
	return nil
}

// wantRejected fails unless file:line was rejected with a reason holding
// every one of words.
func wantRejected(t *testing.T, ro *circ.Roster, file string, line int, words ...string) {
	t.Helper()
	r := rejectedRow(ro, file, line)
	if r == nil {
		t.Errorf("%s line %d not rejected; rejected: %+v", file, line, ro.Rejected)
		return
	}
	for _, w := range words {
		if !strings.Contains(r.Reason, w) {
			t.Errorf("%s line %d: reason %q does not say %q", file, line, r.Reason, w)
		}
	}
}

func wantUsers(t *testing.T, ro *circ.Roster, ids ...string) {
	t.Helper()
	var got []string
	for _, u := range ro.Users {
		got = append(got, u.ID)
	}
	if strings.Join(got, " ") != strings.Join(ids, " ") {
		t.Errorf("users %v, want %v", got, ids)
	}
}

func wantWarning(t *testing.T, ro *circ.Roster, words ...string) {
	t.Helper()
	for _, w := range ro.Warnings {
		ok := true
		for _, word := range words {
			ok = ok && strings.Contains(w, word)
		}
		if ok {
			return
		}
	}
	t.Errorf("no warning with %q in %q", words, ro.Warnings)
}

func wantErr(t *testing.T, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one saying %q", words)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
	msg := err.Error()
	if !strings.HasSuffix(msg, ".") || strings.Contains(msg, "\n") || strings.ToUpper(msg[:1]) != msg[:1] {
		t.Errorf("error %q is not one plain sentence", msg)
	}
}

// memSet is a OneRoster set in memory, for fuzzing and for checking which
// files are opened.
func memSet(files map[string]string) *set {
	s := &set{what: "The zip file test.zip", zip: true, files: map[string]entry{}}
	for name, body := range files {
		s.add(entry{name: name, size: int64(len(body)), open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(body)), nil
		}})
	}
	return s
}
