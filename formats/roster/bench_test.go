package roster

import (
	"archive/zip"
	"bytes"
	"fmt"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// districtZip makes a OneRoster zip of a large district: 150,000 users
// (144,000 students and 6,000 teachers), 6,000 classes and 900,000
// enrollments (six classes per student, one class per teacher's six
// periods).
func districtZip(b *testing.B) []byte {
	const students, teachers, classes = 144_000, 6_000, 6_000
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, fill func(w *bytes.Buffer)) {
		var body bytes.Buffer
		fill(&body)
		w, err := zw.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		w.Write(body.Bytes())
	}
	add("manifest.csv", func(w *bytes.Buffer) { w.WriteString(manifest11) })
	add("orgs.csv", func(w *bytes.Buffer) {
		w.WriteString(orgsHead)
		for i := range 168 {
			fmt.Fprintf(w, "org%d,,,School %d,school,,\n", i, i)
		}
	})
	add("users.csv", func(w *bytes.Buffer) {
		w.WriteString(usersHead)
		for i := range students {
			fmt.Fprintf(w, "S%d,,,true,org%d,student,stu%d,,Given%d,Family%d,,%07d,stu%d@district.example,,,,%d,\n",
				i, i%168, i, i, i, i, i, 1+i%12)
		}
		for i := range teachers {
			fmt.Fprintf(w, "T%d,,,true,org%d,teacher,tea%d,,Teach%d,Er%d,,T%05d,tea%d@district.example,,,,,\n",
				i, i%168, i, i, i, i, i)
		}
	})
	add("classes.csv", func(w *bytes.Buffer) {
		w.WriteString(classesHead)
		for i := range classes {
			fmt.Fprintf(w, "C%d,,,Class %d,05,course%d,,scheduled,,org%d,term1,,,\n", i, i, i%500, i%168)
		}
	})
	add("enrollments.csv", func(w *bytes.Buffer) {
		w.WriteString(enrollmentsHead)
		n := 0
		for i := range students {
			for k := range 6 {
				fmt.Fprintf(w, "E%d,,,C%d,org1,S%d,student,false,,\n", n, (i/144+k*1000)%classes, i)
				n++
			}
		}
		for i := range teachers {
			for k := range 6 {
				fmt.Fprintf(w, "E%d,,,C%d,org1,T%d,teacher,%t,,\n", n, (i+k*1000)%classes, i, k == 0)
				n++
			}
		}
	})
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkReadZipDistrict(b *testing.B) {
	data := districtZip(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var ro *circ.Roster
	for b.Loop() {
		var err error
		ro, err = ReadZip(bytes.NewReader(data), int64(len(data)), Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	if len(ro.Users) != 150_000 || len(ro.Classes) != 6_000 || len(ro.Rejected) != 0 {
		b.Fatalf("%d users, %d classes, %d enrollments, rejected %v", len(ro.Users), len(ro.Classes), len(ro.Enrollments), ro.Rejected[:min(3, len(ro.Rejected))])
	}
	b.ReportMetric(float64(len(ro.Enrollments)), "enrollments")
}
