package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

// rosterImports counts the roster imports the data directory records.
func rosterImports(t *testing.T, dir string) int {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.RosterImports(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestImportsThatBringNothingFail: a roster or shelf list with a header and
// no rows, or whose every row is rejected, exits non-zero with one sentence
// and records nothing.
func TestImportsThatBringNothingFail(t *testing.T) {
	dir := t.TempDir()
	files := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"roster header only", []string{"roster", "import", write("students.csv", "Student ID,First Name,Last Name,Grade\n")}, "no rows"},
		{"roster header only, dry run", []string{"roster", "import", "--dry-run", write("students.csv", "Student ID,First Name,Last Name,Grade\n")}, "no rows"},
		{"roster every row rejected", []string{"roster", "import", write("bad.csv", "Student ID,First Name,Last Name,Grade\n,Ann,Lee,5\n,Ben,Ray,5\n")}, "every row"},
		{"shelf list header only", []string{"shelflist", "import", write("shelf.csv", "Barcode,Title\n")}, "no rows"},
		{"shelf list every row rejected", []string{"shelflist", "import", write("shelf2.csv", "Barcode,Title\n,A book\n,Another\n")}, "every row"},
	} {
		code, _, stderr := circctl(t, dir, tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.says) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: exit %d, stderr %q; want one line saying %q", tc.name, code, stderr, tc.says)
		}
	}
	if n := rosterImports(t, dir); n != 0 {
		t.Errorf("%d roster imports recorded, want none", n)
	}
	_, out, _ := circctl(t, dir, "status", "--json")
	if st := decode[map[string]int](t, out); st["patrons"] != 0 || st["items"] != 0 {
		t.Errorf("after imports that brought nothing: %v", st)
	}
}
