package roster

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/circdesk/circdesk/circ"
)

func TestGoodSet(t *testing.T) {
	ro := loadDir(t, baseSet(), Options{})
	if ro.Format != circ.OneRoster || ro.Version != "1.1" || !ro.Bulk {
		t.Errorf("format %s version %q bulk %v, want oneroster 1.1 bulk", ro.Format, ro.Version, ro.Bulk)
	}
	wantUsers(t, ro, "007123", "007124", "T100")
	if ro.Skipped != 1 {
		t.Errorf("skipped %d, want the parent", ro.Skipped)
	}
	if len(ro.Rejected) != 0 || len(ro.Warnings) != 0 {
		t.Errorf("rejected %v warnings %v, want none", ro.Rejected, ro.Warnings)
	}
	ann := userByID(ro, "007123")
	want := circ.RosterUser{SourcedID: "s1", ID: "007123", FirstName: "Ann", LastName: "Lee", Grade: "05", Role: circ.Student, Active: true, File: "users.csv", Line: 2}
	if *ann != want {
		t.Errorf("Ann is %+v, want %+v", *ann, want)
	}
	if r := userByID(ro, "T100").Role; r != circ.Teacher {
		t.Errorf("teacher's role %s", r)
	}
	if len(ro.Classes) != 1 {
		t.Fatalf("classes %+v", ro.Classes)
	}
	c := ro.Classes[0]
	if c.Name != "5B Homeroom" || c.Teacher != "Maria Cruz" || c.TeacherID != "t1" || c.School != "org1" || c.SchoolName != "Oak Elementary" || !c.Active {
		t.Errorf("class %+v", c)
	}
	if len(ro.Enrollments) != 3 {
		t.Fatalf("enrollments %+v, want 3 (the parent's left out)", ro.Enrollments)
	}
	e := ro.Enrollments[2]
	if e.UserID != "t1" || e.ClassID != "c1" || e.Role != circ.Teacher || !e.Primary || !e.Active || e.Unresolved || e.Line != 4 {
		t.Errorf("teacher enrollment %+v", e)
	}
}

// A librarian's roster keeps what circulation needs and nothing else.
func TestDataMinimisation(t *testing.T) {
	files := baseSet()
	files["demographics.csv"] = "sourcedId,status,dateLastModified,birthDate,sex\ns1,,,2014-03-02,female\n"
	files["users.csv"] = "sourcedId,role,givenName,familyName,identifier,email,phone,password,birthDate,metadata.address\n" +
		"s1,student,Ann,Lee,007123,ann@school.example,555-0100,hunter2,2014-03-02,12 Elm St\n"
	s := memSet(files)
	s.files["demographics.csv"] = entry{name: "demographics.csv", open: func() (io.ReadCloser, error) {
		t.Error("demographics.csv was opened")
		return nil, io.EOF
	}}
	ro, err := readSet(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantUsers(t, ro, "007123")
	dump := fmt.Sprintf("%+v", *ro)
	for _, private := range []string{"ann@school.example", "555-0100", "hunter2", "2014-03-02", "Elm"} {
		if strings.Contains(dump, private) {
			t.Errorf("the roster keeps %q", private)
		}
	}
}

func TestRowFaults(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(f map[string]string)
		opt   Options
		check func(t *testing.T, ro *circ.Roster)
	}{
		{"missing ids", func(f map[string]string) {
			f["users.csv"] = usersHead + userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5") +
				userRow("s2", "student", "ben", "Ben", "Ray", "", "5") +
				userRow("", "student", "cy", "Cy", "Oak", "007125", "5")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123")
			wantRejected(t, ro, "users.csv", 3, "no identifier", "card number")
			wantRejected(t, ro, "users.csv", 4, "no sourcedId")
			wantRejected(t, ro, "enrollments.csv", 3, "s2", "not imported", "line 3 of users.csv")
		}},
		{"duplicated sourcedId", func(f map[string]string) {
			f["users.csv"] += userRow("s1", "student", "dee", "Dee", "Fox", "007999", "4")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007124", "T100")
			wantRejected(t, ro, "users.csv", 6, "sourcedId s1", "already used on line 2")
		}},
		{"duplicated scan id", func(f map[string]string) {
			f["users.csv"] += userRow("s9", "student", "dee", "Dee", "Fox", "007124", "4")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007124", "T100")
			wantRejected(t, ro, "users.csv", 6, "card number 007124", "already used on line 3")
		}},
		{"duplicated class and enrollment", func(f map[string]string) {
			f["classes.csv"] += classRow("c1", "Another")
			f["enrollments.csv"] += enrollRow("e9", "c1", "s1", "student", "false")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantRejected(t, ro, "classes.csv", 3, "sourcedId c1", "line 2")
			wantRejected(t, ro, "enrollments.csv", 6, "s1", "already enrolled", "c1", "line 2")
			if len(ro.Classes) != 1 || len(ro.Enrollments) != 3 {
				t.Errorf("%d classes, %d enrollments", len(ro.Classes), len(ro.Enrollments))
			}
		}},
		{"dangling references", func(f map[string]string) {
			f["enrollments.csv"] += enrollRow("e8", "c404", "s1", "student", "false") +
				enrollRow("e9", "c1", "s404", "student", "false")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantRejected(t, ro, "enrollments.csv", 6, "class c404", "not in classes.csv")
			wantRejected(t, ro, "enrollments.csv", 7, "user s404", "not in users.csv")
			if len(ro.Enrollments) != 3 {
				t.Errorf("%d enrollments", len(ro.Enrollments))
			}
		}},
		{"ragged rows", func(f map[string]string) {
			f["users.csv"] = usersHead + userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5") +
				strings.Replace(userRow("s2", "student", "ben", "Ben", "Ray, Jr.", "007124", "5"), "Ray, Jr.", "Ray, Jr.", 1) +
				"s3,,,true,org1,student\n" +
				userRow("s4", "student", "dee", "Dee", "Fox", "007126", "5")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007126")
			wantRejected(t, ro, "users.csv", 3, "19 values", "18 columns", "quotes")
			wantRejected(t, ro, "users.csv", 4, "6 values", "18 columns")
		}},
		{"stray quotes", func(f map[string]string) {
			f["users.csv"] = usersHead + userRow("s1", "student", "ann", "Ann", `O"Brien`, "007123", "5") +
				userRow("s2", "student", "ben", `"Ben`, "Ray", "007124", "5") +
				userRow("s3", "student", "cy", "Cy", `"Oak"e"`, "007125", "5") +
				userRow("s4", "student", "dee", "Dee", "Fox", "007126", "5")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007125", "007126")
			if n := userByID(ro, "007123").LastName; n != `O"Brien` {
				t.Errorf("last name %q", n)
			}
			if n := userByID(ro, "007125").LastName; n != `Oak"e` {
				t.Errorf("last name %q", n)
			}
			wantRejected(t, ro, "users.csv", 3, "Line 3", "quote that is never closed")
			if u := userByID(ro, "007126"); u == nil || u.Line != 5 {
				t.Errorf("the row after the stray quote: %+v", u)
			}
			wantWarning(t, ro, "users.csv", "stray quote", "line 2")
		}},
		{"quoted commas and newlines", func(f map[string]string) {
			f["users.csv"] = usersHead + userRow("s1", "student", "ann", `"Ann ""Annie"""`, `"Lee, Jr."`, "007123", `"5,6"`) +
				userRow("s2", "student", "ben", "\"Ben\nThomas\"", "Ray", "007124", "5") +
				userRow("s3", "student", "cy", "Cy", "Oak", "007125", "5")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007124", "007125")
			ann := userByID(ro, "007123")
			if ann.FirstName != `Ann "Annie"` || ann.LastName != "Lee, Jr." || ann.Grade != "05" {
				t.Errorf("Ann %+v", ann)
			}
			if ben := userByID(ro, "007124"); ben.FirstName != "Ben Thomas" || ben.Line != 3 {
				t.Errorf("Ben %+v", ben)
			}
			if cy := userByID(ro, "007125"); cy.Line != 5 {
				t.Errorf("Cy on line %d, want 5 (Ben's row takes two lines)", cy.Line)
			}
		}},
		{"BOM on every file", func(f map[string]string) {
			for name, body := range f {
				f[name] = "\ufeff" + body
			}
			f["manifest.csv"] = strings.Replace(f["manifest.csv"], "oneroster.version,1.1", "oneroster.version,1.2", 1)
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			if ro.Version != "1.2" {
				t.Errorf("version %q: the manifest behind a BOM was not read", ro.Version)
			}
			wantUsers(t, ro, "007123", "007124", "T100")
			if len(ro.Enrollments) != 3 || ro.Classes[0].Teacher != "Maria Cruz" {
				t.Errorf("enrollments %d, class %+v", len(ro.Enrollments), ro.Classes)
			}
		}},
		{"Windows-1252", func(f map[string]string) {
			body := usersHead + userRow("s1", "student", "zoe", "Zoë", "Muñoz", "007123", "5") +
				userRow("s2", "student", "ben", "Ben", "Ray", "007124", "5")
			latin, _ := charmap.Windows1252.NewEncoder().String(body)
			f["users.csv"] = latin
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			if z := userByID(ro, "007123"); z == nil || z.FirstName != "Zoë" || z.LastName != "Muñoz" {
				t.Errorf("Zoë is %+v", z)
			}
			wantWarning(t, ro, "users.csv", "Windows-1252")
		}},
		{"CRLF, LF and CR", func(f map[string]string) {
			f["users.csv"] = strings.ReplaceAll(f["users.csv"], "\n", "\r\n")
			f["classes.csv"] = strings.ReplaceAll(f["classes.csv"], "\n", "\r")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007124", "T100")
			if u := userByID(ro, "T100"); u.Line != 4 || u.LastName != "Cruz" {
				t.Errorf("teacher %+v", u)
			}
			if len(ro.Classes) != 1 || ro.Classes[0].Name != "5B Homeroom" || len(ro.Enrollments) != 3 {
				t.Errorf("classes %+v", ro.Classes)
			}
		}},
		{"Excel damage", func(f map[string]string) {
			f["users.csv"] = usersHead + userRow("s1", "student", "ann", "Ann", "Lee", "1.23E+11", "5") +
				userRow("s2", "student", "ben", "Ben", "Ray", "007124", "K") +
				userRow("s3", "student", "cy", "Cy", "Oak", "007125", "0") +
				userRow("s4", "student", "dee", "Dee", "Fox", "007126", "12") +
				userRow("s5", "student", "eve", "Eve", "Ng", "007127", "pk")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007124", "007125", "007126", "007127")
			wantRejected(t, ro, "users.csv", 2, "1.23E+11", "Excel")
			for id, g := range map[string]string{"007124": "KG", "007125": "KG", "007126": "12", "007127": "PK"} {
				if got := userByID(ro, id).Grade; got != g {
					t.Errorf("%s grade %q, want %q", id, got, g)
				}
			}
		}},
		{"booleans", func(f map[string]string) {
			f["enrollments.csv"] = enrollmentsHead + enrollRow("e1", "c1", "s1", "student", "FALSE") +
				enrollRow("e2", "c1", "s2", "student", "maybe") +
				enrollRow("e3", "c1", "t1", "teacher", "TRUE")
			f["classes.csv"] += classRow("c2", "Art")
			f["enrollments.csv"] += enrollRow("e4", "c2", "t1", "teacher", "yes") + enrollRow("e5", "c2", "s1", "student", "0")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantRejected(t, ro, "enrollments.csv", 3, "maybe", "true or false")
			if len(ro.Enrollments) != 4 || !ro.Enrollments[1].Primary || !ro.Enrollments[2].Primary || ro.Enrollments[3].Primary {
				t.Errorf("enrollments %+v", ro.Enrollments)
			}
		}},
		{"status in any case", func(f map[string]string) {
			f["users.csv"] = strings.Replace(usersHead, "enabledUser", "EnabledUser", 1) +
				strings.Replace(userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5"), "s1,,", "s1,Active,", 1) +
				strings.Replace(userRow("s2", "student", "ben", "Ben", "Ray", "007124", "5"), "s2,,", "s2,ToBeDeleted,", 1) +
				strings.Replace(userRow("s3", "student", "cy", "Cy", "Oak", "007125", "5"), "s3,,", "s3,INACTIVE,", 1) +
				strings.Replace(userRow("s4", "student", "dee", "Dee", "Fox", "007126", "5"), "s4,,", "s4,gone,", 1) +
				"s5,tobedeleted,2024-01-02,,,,,,,,,,,,,,,\n"
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007124", "007125", "")
			if !userByID(ro, "007123").Active || userByID(ro, "007124").Active || userByID(ro, "007125").Active {
				t.Errorf("users %+v", ro.Users)
			}
			if u := userBySourcedID(ro, "s5"); u == nil || u.Active {
				t.Errorf("a bare tobedeleted row: %+v", u)
			}
			wantRejected(t, ro, "users.csv", 5, `"gone"`)
		}},
		{"header aliases by name", func(f map[string]string) {
			// oat-sa style: enabledUser before status, userId, agents,
			// orgSourcedIDs, sourceID, grade, ext_ and metadata. columns.
			f["users.csv"] = "SourceID,enabledUser,status,orgSourcedIDs,Role,ext_tao_x,userName,userId,GivenName,FamilyName,metadata.jp.kana,Identifier,agents,grade\n" +
				"s1,TRUE,active,org1,student,x,ann,{LDAP:ann1},Ann,Lee,アン,007123,,5\n" +
				"t1,TRUE,active,org1,Teacher,x,cruz,,Maria,Cruz,,T100,,\n"
			f["enrollments.csv"] = "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role,status,primary\n" +
				"e1,c1,org1,s1,student,active,false\ne3,c1,org1,t1,teacher,active,true\n"
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "T100")
			if u := userByID(ro, "007123"); u.FirstName != "Ann" || u.Grade != "05" || u.SourcedID != "s1" {
				t.Errorf("Ann %+v", u)
			}
			if len(ro.Enrollments) != 2 || ro.Classes[0].Teacher != "Maria Cruz" {
				t.Errorf("enrollments %+v classes %+v", ro.Enrollments, ro.Classes)
			}
		}},
		{"header-only files", func(f map[string]string) {
			f["classes.csv"] = classesHead
			f["enrollments.csv"] = enrollmentsHead
			f["courses.csv"] = "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\n"
			f["manifest.csv"] = strings.Replace(f["manifest.csv"], "file.courses,absent", "file.courses,bulk", 1)
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007124", "T100")
			if len(ro.Classes) != 0 || len(ro.Enrollments) != 0 || len(ro.Rejected) != 0 || len(ro.Warnings) != 0 {
				t.Errorf("classes %v enrollments %v rejected %v warnings %v", ro.Classes, ro.Enrollments, ro.Rejected, ro.Warnings)
			}
		}},
		{"header-only users is not a full list", func(f map[string]string) {
			f["users.csv"] = usersHead
			f["enrollments.csv"] = enrollmentsHead
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			if ro.Bulk || len(ro.Users) != 0 {
				t.Errorf("bulk %v users %v", ro.Bulk, ro.Users)
			}
			wantWarning(t, ro, "users.csv has no rows", "nobody will be deactivated")
		}},
		{"manifest and files disagree", func(f map[string]string) {
			f["demographics.csv"] = "sourcedId,status,dateLastModified,birthDate\n"
			f["manifest.csv"] = strings.Replace(f["manifest.csv"], "file.results,absent", "file.results,bulk", 1)
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "007124", "T100")
			wantWarning(t, ro, "results.csv", "bulk", "not there")
			wantWarning(t, ro, "demographics.csv", "absent")
		}},
		{"delta set", func(f map[string]string) {
			f["manifest.csv"] = strings.NewReplacer("file.users,bulk", "file.users,delta", "file.classes,bulk", "file.classes,absent",
				"file.enrollments,bulk", "file.enrollments,delta").Replace(f["manifest.csv"])
			delete(f, "classes.csv")
			f["enrollments.csv"] = enrollmentsHead + enrollRow("e1", "c7", "s1", "student", "false") + enrollRow("e2", "c7", "s77", "student", "false")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			if ro.Bulk {
				t.Error("a delta users file is taken as a full list")
			}
			if len(ro.Enrollments) != 2 || !ro.Enrollments[0].Unresolved || ro.Enrollments[1].UserID != "s77" {
				t.Errorf("enrollments %+v", ro.Enrollments)
			}
			if len(ro.Rejected) != 0 {
				t.Errorf("rejected %v", ro.Rejected)
			}
		}},
		{"no manifest", func(f map[string]string) {
			delete(f, "manifest.csv")
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			if ro.Version != "1.1" || !ro.Bulk {
				t.Errorf("version %q bulk %v", ro.Version, ro.Bulk)
			}
			wantUsers(t, ro, "007123", "007124", "T100")
			wantWarning(t, ro, "no manifest.csv", "1.1")
		}},
		{"1.2 with roles.csv", func(f map[string]string) {
			f["manifest.csv"] = strings.Replace(f["manifest.csv"], "oneroster.version,1.1", "oneroster.version,1.2", 1) + "file.roles,bulk\nfile.userProfiles,absent\n"
			f["users.csv"] = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\n" +
				"s1,,,true,ann,,Ann,Lee,,007123,,,,,5,,,,,,org1,\n" +
				"t1,,,true,cruz,,Maria,Cruz,,T100,,,,,,,,,,,org1,\n" +
				"x1,,,true,kim,,Kim,Park,,S200,,,,,,,,,,,org1,\n" +
				"g1,,,true,pat,,Pat,Lee,,P1,,,,,,,,,,,org1,\n" +
				"n1,,,true,nobody,,No,Role,,N1,,,,,,,,,,,org1,\n"
			f["roles.csv"] = "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n" +
				"r1,,,s1,primary,student,,,org1,\n" +
				"r2,,,t1,secondary,guardian,,,org1,\n" +
				"r3,,,t1,primary,teacher,,,org1,\n" +
				"r4,,,x1,primary,siteAdministrator,,,org1,\n" +
				"r5,,,g1,primary,guardian,,,org1,\n"
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			if ro.Version != "1.2" {
				t.Errorf("version %q", ro.Version)
			}
			wantUsers(t, ro, "007123", "T100", "S200")
			for id, r := range map[string]circ.PatronType{"007123": circ.Student, "T100": circ.Teacher, "S200": circ.Staff} {
				if got := userByID(ro, id).Role; got != r {
					t.Errorf("%s role %s, want %s", id, got, r)
				}
			}
			wantRejected(t, ro, "users.csv", 6, "no role in roles.csv")
			if ro.Skipped != 1 {
				t.Errorf("skipped %d", ro.Skipped)
			}
		}},
		{"1.2 hybrid export without roles.csv", func(f map[string]string) {
			f["manifest.csv"] = strings.Replace(f["manifest.csv"], "oneroster.version,1.1", "oneroster.version,1.2", 1)
			f["users.csv"] = strings.Replace(usersHead, "password", "password,preferredGivenName,primaryOrgSourcedId", 1) +
				strings.Replace(userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5"), "hunter2", "hunter2,Annie,org1", 1) +
				strings.Replace(userRow("t1", "districtAdministrator", "cruz", "Maria", "Cruz", "T100", ""), "hunter2", "hunter2,,org1", 1)
			f["enrollments.csv"] = enrollmentsHead
		}, Options{}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "007123", "T100")
			if userByID(ro, "T100").Role != circ.Staff {
				t.Errorf("role %s", userByID(ro, "T100").Role)
			}
		}},
		{"id field sourcedId", nil, Options{IDField: "sourcedId"}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "s1", "s2", "t1")
		}},
		{"id field username", nil, Options{IDField: "username"}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "ann", "ben", "cruz")
		}},
		{"id field userIds", func(f map[string]string) {
			f["users.csv"] = strings.Replace(f["users.csv"], "student,ann,,", `student,ann,"{Fed:9}, {LDAP:ann01}",`, 1)
		}, Options{IDField: "userIds:ldap"}, func(t *testing.T, ro *circ.Roster) {
			wantUsers(t, ro, "ann01")
			wantRejected(t, ro, "users.csv", 3, "no ldap id in userIds")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := baseSet()
			if tt.edit != nil {
				tt.edit(files)
			}
			ro := loadDir(t, files, tt.opt)
			tt.check(t, ro)
			for _, r := range ro.Rejected {
				if r.File == "" || r.Line < 1 || !strings.HasSuffix(r.Reason, ".") {
					t.Errorf("rejected row %+v lacks a file, line or sentence", r)
				}
			}
		})
	}
}

// A 10 MB line is one rejected row: the rows after it are read, and the
// reader does not hold the line in memory.
func TestLongLine(t *testing.T) {
	files := baseSet()
	long := strings.Replace(userRow("s9", "student", "x", "X", strings.Repeat("x", 10<<20), "0099", "5"), "", "", 1)
	files["users.csv"] = usersHead + userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5") +
		userRow("s2", "student", "ben", "Ben", "Ray", "007124", "5") +
		userRow("t1", "teacher", "cruz", "Maria", "Cruz", "T100", "") + long +
		userRow("s3", "student", "cy", "Cy", "Oak", "007125", "5")
	dir := writeDir(t, files)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ro, err := Load(dir, Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	wantUsers(t, ro, "007123", "007124", "T100", "007125")
	wantRejected(t, ro, "users.csv", 5, "Line 5 is longer than 64 KB")
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Errorf("reading a file with a 10 MB line allocated %d MB", got>>20)
	}
}

// A quoted field that never closes costs only its own line.
func TestUnclosedQuoteAtEnd(t *testing.T) {
	files := baseSet()
	files["users.csv"] = usersHead + userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5") +
		userRow("s2", "student", "ben", `"Ben`, "Ray", "007124", "5")
	ro := loadDir(t, files, Options{})
	wantUsers(t, ro, "007123")
	wantRejected(t, ro, "users.csv", 3, "never closed")
}

func TestFileFaults(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(f map[string]string)
		opt   Options
		words []string
	}{
		{"no users.csv", func(f map[string]string) { delete(f, "users.csv") }, Options{}, []string{"no users.csv"}},
		{"users.csv without sourcedId", func(f map[string]string) {
			f["users.csv"] = strings.Replace(f["users.csv"], "sourcedId,", "id,", 1)
		}, Options{}, []string{"users.csv has no sourcedId column"}},
		{"users.csv without identifier", func(f map[string]string) {
			f["users.csv"] = strings.Replace(f["users.csv"], ",identifier,", ",studentNumber,", 1)
		}, Options{}, []string{"users.csv has no identifier column", "card numbers"}},
		{"users.csv without role", func(f map[string]string) {
			f["users.csv"] = strings.Replace(f["users.csv"], ",role,", ",kind,", 1)
		}, Options{}, []string{"no role column", "roles.csv"}},
		{"empty users.csv", func(f map[string]string) { f["users.csv"] = "" }, Options{}, []string{"users.csv is empty"}},
		{"enrollments.csv without userSourcedId", func(f map[string]string) {
			f["enrollments.csv"] = strings.Replace(f["enrollments.csv"], "userSourcedId", "person", 1)
		}, Options{}, []string{"enrollments.csv has no userSourcedId column"}},
		{"UTF-16", func(f map[string]string) { f["users.csv"] = "\xff\xfes\x00" }, Options{}, []string{"UTF-16"}},
		{"file over the limit", nil, Options{MaxFileBytes: 500}, []string{"larger than 500 bytes"}},
		{"bad id field", nil, Options{IDField: "email"}, []string{"email", "identifier, sourcedId, username or userIds:TYPE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := baseSet()
			if tt.edit != nil {
				tt.edit(files)
			}
			_, err := Load(writeDir(t, files), tt.opt)
			wantErr(t, err, tt.words...)
		})
	}
}

func TestFolderWithEnclosingFolder(t *testing.T) {
	files := map[string]string{}
	for n, b := range baseSet() {
		files["export/"+n] = b
	}
	files[".hidden/users.csv"] = "junk"
	ro := loadDir(t, files, Options{})
	wantUsers(t, ro, "007123", "007124", "T100")
}

func TestLoadUsersCSVPath(t *testing.T) {
	dir := writeDir(t, baseSet())
	ro, err := Load(dir+"/users.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ro.Format != circ.OneRoster || len(ro.Classes) != 1 {
		t.Errorf("users.csv read as %s with classes %v", ro.Format, ro.Classes)
	}
}

// A user whose row is rejected is Held: still on the roster.
func TestRejectedUsersAreHeld(t *testing.T) {
	files := baseSet()
	files["users.csv"] = usersHead + userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5") +
		userRow("s2", "student", "ben", "Ben", "Ray", "", "05") + // no card number
		userRow("t1", "teacher", "cruz", "Maria", "Cruz", "T100", "")
	ro := loadDir(t, files, Options{})
	wantUsers(t, ro, "007123", "T100")
	if strings.Join(ro.Held, ",") != "s2" {
		t.Errorf("held %v, want s2", ro.Held)
	}
}
