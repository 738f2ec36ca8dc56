package roster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/circdesk/circdesk/circ"
)

func readPlain(t *testing.T, body string, opt Options) *circ.Roster {
	t.Helper()
	ro, err := ReadPlain(strings.NewReader(body), "students.csv", opt)
	if err != nil {
		t.Fatalf("ReadPlain: %v", err)
	}
	return ro
}

func TestPlainDefaults(t *testing.T) {
	ro := readPlain(t, "Student ID,First Name,Last Name,Grade,Homeroom,Teacher,Birth Date\n"+
		"00412,Ann,Lee,5,5B,Ms Cruz,2014-03-02\n"+
		"00413,Ben,Ray,5,5B,Ms Cruz,2014-01-01\n"+
		"00414,Cy,Oak,K,KA,Mr Park,2019-05-05\n"+
		"00415,Dee,Fox,1,,,2018-01-01\n", Options{})
	if ro.Format != circ.PlainCSV || ro.Bulk || ro.Version != "" {
		t.Errorf("format %s bulk %v version %q", ro.Format, ro.Bulk, ro.Version)
	}
	wantUsers(t, ro, "00412", "00413", "00414", "00415")
	ann := *userByID(ro, "00412")
	if want := (circ.RosterUser{SourcedID: "00412", ID: "00412", FirstName: "Ann", LastName: "Lee", Grade: "05", Role: circ.Student, Active: true, File: "students.csv", Line: 2}); ann != want {
		t.Errorf("Ann %+v, want %+v", ann, want)
	}
	if g := userByID(ro, "00414").Grade; g != "KG" {
		t.Errorf("grade %q", g)
	}
	if len(ro.Classes) != 2 {
		t.Fatalf("classes %+v", ro.Classes)
	}
	c := ro.Classes[0]
	if c.SourcedID != "homeroom:5B" || c.Name != "5B" || c.Teacher != "Ms Cruz" || c.Line != 2 {
		t.Errorf("class %+v", c)
	}
	if len(ro.Enrollments) != 3 || ro.Enrollments[1] != (circ.RosterEnrollment{ClassID: "homeroom:5B", UserID: "00413", Role: circ.Student, Active: true, File: "students.csv", Line: 3}) {
		t.Errorf("enrollments %+v", ro.Enrollments)
	}
	if strings.Contains(strings.Join([]string{ann.FirstName, ann.LastName, ann.Grade}, ""), "2014") {
		t.Error("birth date kept")
	}
}

func TestPlainFaults(t *testing.T) {
	latin, _ := charmap.Windows1252.NewEncoder().String("id,first,last,grade\r\n1,Zoë,Muñoz,3\r\n2,José,Núñez,4\r\n")
	tests := []struct {
		name  string
		body  string
		opt   Options
		check func(t *testing.T, ro *circ.Roster)
	}{
		{"missing and duplicated ids", "student id,first name,last name\n1,Ann,Lee\n,Ben,Ray\n1,Cy,Oak\n2,,\n3,Dee,Fox\n", Options{},
			func(t *testing.T, ro *circ.Roster) {
				wantUsers(t, ro, "1", "3")
				wantRejected(t, ro, "students.csv", 3, "no student id")
				wantRejected(t, ro, "students.csv", 4, "student id 1", "already used on line 2")
				wantRejected(t, ro, "students.csv", 5, "no name")
			}},
		{"Latin-1 and CRLF", latin, Options{}, func(t *testing.T, ro *circ.Roster) {
			if u := userByID(ro, "1"); u.FirstName != "Zoë" || u.LastName != "Muñoz" || u.Grade != "03" {
				t.Errorf("Zoë %+v", u)
			}
			if u := userByID(ro, "2"); u.FirstName != "José" || u.LastName != "Núñez" || u.Line != 3 {
				t.Errorf("José %+v", u)
			}
			wantWarning(t, ro, "Windows-1252")
		}},
		{"BOM, semicolons and quotes", "\ufeffID;First;Last;Homeroom\n7;\"Lee; Ann\";\"Smith\nJones\";4A\n8;Ben;Ray;4A\n", Options{},
			func(t *testing.T, ro *circ.Roster) {
				if u := userByID(ro, "7"); u == nil || u.FirstName != "Lee; Ann" || u.LastName != "Smith Jones" {
					t.Errorf("user 7: %+v", u)
				}
				if u := userByID(ro, "8"); u == nil || u.Line != 4 {
					t.Errorf("user 8: %+v", u)
				}
			}},
		{"Excel damage and ragged rows", "id,first,last,grade\n1.23457E+11,Ann,Lee,5\n2,Ben,Ray,5,extra\n3,Cy,Oak\n4,Dee,Fox,0\n", Options{},
			func(t *testing.T, ro *circ.Roster) {
				wantUsers(t, ro, "4")
				wantRejected(t, ro, "students.csv", 2, "1.23457E+11", "Excel")
				wantRejected(t, ro, "students.csv", 3, "5 values", "4 columns")
				wantRejected(t, ro, "students.csv", 4, "3 values")
			}},
		{"roles and teachers", "id,first,last,homeroom,teacher,role\n1,Ann,Lee,3C,,student\n90,Maria,Cruz,3C,,Teacher\n91,Pat,Lee,,,guardian\n2,Ben,Ray,3C,Mr Oak,\n92,Kim,Park,,,wizard\n", Options{},
			func(t *testing.T, ro *circ.Roster) {
				wantUsers(t, ro, "1", "90", "2")
				if ro.Skipped != 1 {
					t.Errorf("skipped %d", ro.Skipped)
				}
				wantRejected(t, ro, "students.csv", 6, "wizard")
				c := ro.Classes[0]
				if c.TeacherID != "90" || c.Teacher != "Maria Cruz" {
					t.Errorf("class %+v", c)
				}
				wantWarning(t, ro, "more than one teacher", "3C")
			}},
		{"long line", "id,first,last\n1,Ann,Lee\n2,Ben," + strings.Repeat("y", 1<<20) + "\n3,Cy,Oak\n", Options{},
			func(t *testing.T, ro *circ.Roster) {
				wantUsers(t, ro, "1", "3")
				wantRejected(t, ro, "students.csv", 3, "Line 3 is longer than 64 KB")
			}},
		{"mapping", "Student Number,Given,Family,Yr,HR,Tutor\n0042,Ann,Lee,7,7X,Mr Oak\n", Options{Map: &Mapping{ID: "student number", FirstName: "Given", LastName: "Family", Grade: "Yr", Homeroom: "HR", Teacher: "Tutor"}},
			func(t *testing.T, ro *circ.Roster) {
				if u := userByID(ro, "0042"); u == nil || u.FirstName != "Ann" || u.Grade != "07" {
					t.Errorf("user %+v", u)
				}
				if len(ro.Classes) != 1 || ro.Classes[0].Teacher != "Mr Oak" {
					t.Errorf("classes %+v", ro.Classes)
				}
			}},
		{"header only", "id,first,last\n", Options{}, func(t *testing.T, ro *circ.Roster) {
			if len(ro.Users) != 0 || len(ro.Rejected) != 0 {
				t.Errorf("%+v", ro)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, readPlain(t, tt.body, tt.opt))
		})
	}
}

func TestPlainFileFaults(t *testing.T) {
	tests := []struct {
		name, body string
		opt        Options
		words      []string
	}{
		{"no id column", "name,first,last\n", Options{}, []string{"students.csv has no student id column"}},
		{"mapped column missing", "id,first,last\n", Options{Map: &Mapping{ID: "Student Number"}}, []string{`no column named "Student Number"`, "mapping"}},
		{"a OneRoster users.csv", usersHead, Options{}, []string{"looks like a OneRoster users.csv"}},
		{"empty", "", Options{}, []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPlain(strings.NewReader(tt.body), "students.csv", tt.opt)
			wantErr(t, err, tt.words...)
		})
	}
}

func TestLoadPlain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "students.csv")
	os.WriteFile(path, []byte("id,first,last\n1,Ann,Lee\n"), 0o644)
	ro, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ro.Format != circ.PlainCSV {
		t.Errorf("format %s", ro.Format)
	}
	wantUsers(t, ro, "1")
	_, err = Load(path, Options{MaxFileBytes: 10})
	wantErr(t, err, "larger than 10 bytes")
}

func TestLoadMapping(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "map.toml")
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	m, err := LoadMapping(write("id = \"Student Number\"\nfirst_name = \"First\"\nlast_name = \"Last\"\nhomeroom = \"HR\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if *m != (Mapping{ID: "Student Number", FirstName: "First", LastName: "Last", Homeroom: "HR"}) {
		t.Errorf("mapping %+v", *m)
	}
	_, err = LoadMapping(write("id = \"x\"\nfirstname = \"First\"\n"))
	wantErr(t, err, `unknown key "firstname"`)
	_, err = LoadMapping(write("id = \n"))
	wantErr(t, err, "not valid TOML", "line 1")
	_, err = LoadMapping(write("id = 7\n"))
	wantErr(t, err, "map.toml")
	_, err = LoadMapping(filepath.Join(dir, "none.toml"))
	wantErr(t, err, "There is no mapping file")
}

func TestPlainTabs(t *testing.T) {
	ro := readPlain(t, "id\tfirst\tlast\tgrade\n1\t\tLee\t3\n2\tBen\tRay\t\n", Options{})
	if u := userByID(ro, "1"); u == nil || u.FirstName != "" || u.LastName != "Lee" || u.Grade != "03" {
		t.Errorf("user 1: %+v", u)
	}
	if u := userByID(ro, "2"); u == nil || u.FirstName != "Ben" {
		t.Errorf("user 2: %+v", u)
	}
}

// A row rejected with a usable id leaves its person on the roster (Held),
// so a full import does not take them for gone.
func TestPlainRejectedRowsAreHeld(t *testing.T) {
	ro := readPlain(t, "Student ID,First Name,Last Name,Role\n00412,Ann,Lee,student\n00413,,,student\n00414,Cy,Oak,janitor\n,No,Id,student\n", Options{})
	wantUsers(t, ro, "00412")
	if strings.Join(ro.Held, ",") != "00413,00414" {
		t.Errorf("held %v, want the rows without a name or with an odd role, not the one without an id", ro.Held)
	}
}
