package storage_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/formats/roster"
	"github.com/circdesk/circdesk/storage"
)

// districtRoster writes a OneRoster 1.1 folder of a large district:
// 144,000 students and 6,000 teachers, 6,000 classes, six classes each
// (900,000 enrollments).
func districtRoster(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	const students, teachers, classes = 144_000, 6_000, 6_000
	write := func(name, head string, rows func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		w.WriteString(head)
		rows(w)
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	write("manifest.csv", "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\nfile.classes,bulk\nfile.enrollments,bulk\n", func(*bufio.Writer) {})
	write("users.csv", "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n", func(w *bufio.Writer) {
		for i := range students {
			fmt.Fprintf(w, "S%d,,,true,org%d,student,stu%d,,Given%d,Family%d,,%07d,,,,,%02d,\n", i, i%168, i, i, i, i, 1+i%12)
		}
		for i := range teachers {
			fmt.Fprintf(w, "T%d,,,true,org%d,teacher,tea%d,,Teach%d,Er%d,,T%05d,,,,,,\n", i, i%168, i, i, i, i)
		}
	})
	write("classes.csv", "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n", func(w *bufio.Writer) {
		for i := range classes {
			fmt.Fprintf(w, "C%d,,,Class %d,05,course%d,,scheduled,,org%d,term1,,,\n", i, i, i%500, i%168)
		}
	})
	write("enrollments.csv", "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n", func(w *bufio.Writer) {
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
	return dir
}

// BenchmarkRosterImport reads a district's roster and applies it to an
// empty cache, and then again to the cache it filled (a nightly re-import
// with nothing changed): the file parsed, the import decided, staged and
// applied. It reports the longest time one transaction of the import held
// the writer, per step.
func BenchmarkRosterImport(b *testing.B) {
	dir := districtRoster(b)
	ctx := context.Background()
	for _, again := range []bool{false, true} {
		name := "fresh"
		if again {
			name = "again"
		}
		b.Run(name, func(b *testing.B) {
			var res circ.RosterImport
			var took time.Duration
			holds := map[string]time.Duration{}
			measure := false
			defer storage.ObserveImports(func(tx storage.ImportTx) {
				if measure {
					holds[tx.Step] = max(holds[tx.Step], tx.Hold)
				}
			})()
			for b.Loop() {
				b.StopTimer()
				db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "circdesk.db"))
				if err != nil {
					b.Fatal(err)
				}
				if again {
					r, err := roster.Load(dir, roster.Options{})
					if err != nil {
						b.Fatal(err)
					}
					if _, err := db.ImportRoster(ctx, r, circ.RosterOptions{Full: true}); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				measure = true
				start := time.Now()
				r, err := roster.Load(dir, roster.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if res, err = db.ImportRoster(ctx, r, circ.RosterOptions{Full: true}); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
				b.StopTimer()
				measure = false
				db.Close()
				b.StartTimer()
			}
			if !again && (res.Added != 150_000 || res.Enrollments != 900_000) {
				b.Fatalf("import %+v", res)
			}
			b.ReportMetric(took.Seconds()/float64(b.N), "s/import")
			reportHolds(b, holds)
		})
	}
}
