package roster

import (
	"bytes"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// checkRoster holds whatever the input: every rejected row names its file
// and line, and every kept reference points at something kept.
func checkRoster(t *testing.T, ro *circ.Roster) {
	t.Helper()
	for _, r := range ro.Rejected {
		if r.File == "" || r.Line < 1 || r.Reason == "" {
			t.Fatalf("rejected row without a file, line or reason: %+v", r)
		}
	}
	users := map[string]bool{}
	for _, u := range ro.Users {
		if u.SourcedID == "" || u.Line < 1 || (u.Active && u.ID == "") {
			t.Fatalf("user %+v", u)
		}
		users[u.SourcedID] = true
	}
	classes := map[string]bool{}
	for _, c := range ro.Classes {
		classes[c.SourcedID] = true
	}
	for _, e := range ro.Enrollments {
		if !e.Unresolved && (!users[e.UserID] || !classes[e.ClassID]) {
			t.Fatalf("enrollment %+v refers to what is not in the roster", e)
		}
	}
}

func FuzzReadPlain(f *testing.F) {
	f.Add([]byte("Student ID,First Name,Last Name,Grade,Homeroom,Teacher\n1,Ann,Lee,5,5B,Ms Cruz\n"))
	f.Add([]byte("\ufeffid;first;last\r\n1;\"Zo\xeb\";M\xfa\xf1oz\r\n"))
	f.Add([]byte("id,first,last\n\"1,Ann,Lee\n2,\"Ben\nRay\",x\n1.2E+5,a,b\n"))
	f.Add([]byte("id,first,last,role\r1,a,b,teacher\r2,c,d,parent\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ro, err := ReadPlain(bytes.NewReader(data), "f.csv", Options{})
		if err != nil {
			if msg := err.Error(); !strings.HasSuffix(msg, ".") {
				t.Fatalf("error %q is not a sentence", msg)
			}
			return
		}
		checkRoster(t, ro)
		for _, r := range ro.Rejected {
			if r.File != "f.csv" {
				t.Fatalf("rejected %+v", r)
			}
		}
	})
}

func FuzzUsersCSV(f *testing.F) {
	base := baseSet()
	f.Add([]byte(base["users.csv"]))
	f.Add([]byte("\ufeffSourceID,Role,GivenName,FamilyName,Identifier,grade\r\ns1,student,\"Ann\nMarie\",Lee,007123,K\r\ns2,Teacher,B,\"R, Jr.\",1.2E+11,\r\n"))
	f.Add([]byte(usersHead + "s1,,,,,student,a,\"{LDAP:x},{Fed:y}\",Ann,O\"Brien,,007,,,,,5,\n\"s2,,,,,student\n"))
	f.Add([]byte(usersHead + userRow("s1", "student", "ann", "Zo\xeb", "Lee", "1", "5") + userRow("s1", "guardian", "x", "y", "z", "1", "")))
	f.Fuzz(func(t *testing.T, data []byte) {
		files := baseSet()
		files["users.csv"] = string(data)
		ro, err := readSet(memSet(files), Options{})
		if err != nil {
			if msg := err.Error(); !strings.HasSuffix(msg, ".") {
				t.Fatalf("error %q is not a sentence", msg)
			}
			return
		}
		checkRoster(t, ro)
	})
}

func FuzzManifest(f *testing.F) {
	f.Add([]byte(manifest11))
	f.Add([]byte("\ufeffpropertyName,value\r\noneroster.version,1.2\r\nfile.users,delta\r\nfile.roles,bulk\r\n"))
	f.Add([]byte("propertyName,value\nfile.users,absent\nfile.classes,sometimes\n"))
	f.Add([]byte("key\n\"oneroster.version"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files := baseSet()
		files["manifest.csv"] = string(data)
		ro, err := readSet(memSet(files), Options{})
		if err != nil {
			t.Fatalf("a bad manifest made the set unusable: %v", err)
		}
		checkRoster(t, ro)
		if len(ro.Users) != 3 {
			t.Fatalf("the manifest changed the users: %+v", ro.Users)
		}
	})
}
