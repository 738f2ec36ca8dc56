package demoschool

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// seededFile writes ds into a SQLite cache file once; each caller of
// storeOf gets its own copy to change.
func seededFile(t *testing.T, ds circ.Dataset) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.db")
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// storeOf opens a fresh copy of a seeded cache file.
func storeOf(t *testing.T, seed string) *storage.DB {
	t.Helper()
	b, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "circdesk.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// kind is what a sample label says the code is: the text before ": ".
func kind(s Sample) string {
	k, _, _ := strings.Cut(s.Label(), ": ")
	return k
}

// TestSamplesDoWhatTheySay scans every demo scanner code at a desk over the
// demo school and checks the outcome a user would see matches the label.
func TestSamplesDoWhatTheySay(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	days := []time.Time{
		time.Date(2026, time.October, 14, 10, 30, 0, 0, ny),
		time.Date(2026, time.October, 17, 11, 0, 0, 0, ny), // a Saturday
		time.Date(2027, time.January, 4, 7, 45, 0, 0, ny),
		time.Date(2027, time.June, 29, 14, 0, 0, 0, time.UTC),
	}
	tests := []struct {
		kind     string
		patron   bool
		standing circ.Code // Identify's answer for a patron code
		checkout circ.Code // a book on the shelf for a patron, by the first student for a book
	}{
		{kind: "Student", patron: true, checkout: circ.CodeCheckedOut},
		{kind: "Teacher", patron: true, checkout: circ.CodeCheckedOut},
		{kind: "Prox card", patron: true, checkout: circ.CodeCheckedOut},
		{kind: "Blocked card", patron: true, standing: circ.CodePatronBlocked},
		{kind: "Expired card", patron: true, standing: circ.CodeCardExpired},
		{kind: "Overdue books", patron: true, standing: circ.CodeTooManyOverdue},
		{kind: "At book limit", patron: true, checkout: circ.CodeLimitReached},
		{kind: "Book", checkout: circ.CodeCheckedOut},
		{kind: "Book on hold", checkout: circ.CodeOnHoldForOther},
		{kind: "Book on loan", checkout: circ.CodeOnLoanToOther},
		{kind: "Lost book", checkout: circ.CodeNotLoanable},
	}
	c := classifier(t)
	for _, now := range days {
		ds := Generate(now)
		seed := seededFile(t, ds)
		samples := Samples(ds, now)
		byKind := map[string][]Sample{}
		for _, s := range samples {
			byKind[kind(s)] = append(byKind[kind(s)], s)
		}
		want := map[string]int{"Student": 3, "Book": 2}
		for _, tt := range tests {
			if n := max(want[tt.kind], 1); len(byKind[tt.kind]) != n {
				t.Errorf("%s: %d %q samples, want %d", now.Format(time.DateOnly), len(byKind[tt.kind]), tt.kind, n)
			}
		}
		if len(byKind["Student"]) == 0 || len(byKind["Book"]) == 0 {
			t.Fatalf("no student or book sample: %v", samples)
		}
		student, book := byKind["Student"][0], byKind["Book"][0]
		for _, tt := range tests {
			for _, s := range byKind[tt.kind] {
				t.Run(now.Format(time.DateOnly)+"/"+s.Label(), func(t *testing.T) {
					ctx := context.Background()
					desk := &circ.Desk{Store: storeOf(t, seed), Policy: circ.DefaultPolicy(), Clock: fixedClock(now), Station: "demo"}
					if got := c.Classify(s.Code) == circ.PatronCode; got != tt.patron {
						t.Fatalf("code %s classified as patron %v, want %v", s.Code, got, tt.patron)
					}
					cardCode, bookCode := student.Code, s.Code
					if tt.patron {
						cardCode, bookCode = s.Code, book.Code
					}
					p, view, standing, err := desk.Identify(ctx, cardCode)
					if err != nil {
						t.Fatalf("identify %s: %v", cardCode, err)
					}
					if tt.patron {
						if standing != tt.standing {
							t.Fatalf("card %s: standing %q, want %q", s.Code, standing, tt.standing)
						}
						if !strings.Contains(s.Label(), view.FirstName) {
							t.Errorf("label %q does not name %s", s.Label(), view.FirstName)
						}
						if tt.standing != "" {
							return
						}
					}
					o, err := desk.Checkout(ctx, p, bookCode)
					if err != nil {
						t.Fatalf("checkout %s: %v", bookCode, err)
					}
					if o.Code != tt.checkout {
						t.Fatalf("%s checking out %s: %q, want %q", cardCode, bookCode, o.Code, tt.checkout)
					}
					if !tt.patron && !strings.HasSuffix(s.Label(), shorten(o.Title)) {
						t.Errorf("label %q does not name the book %q", s.Label(), o.Title)
					}
				})
			}
		}
	}
}

func TestSampleLabels(t *testing.T) {
	now := time.Date(2026, time.October, 14, 10, 30, 0, 0, time.UTC)
	ds := Generate(now)
	samples := Samples(ds, now)
	if !reflect.DeepEqual(samples, Samples(Generate(now), now)) {
		t.Error("the samples of the same day differ")
	}
	if len(samples) < 12 || len(samples) > 16 {
		t.Errorf("%d samples, want about 12", len(samples))
	}
	lastNames := map[string]string{}
	for _, p := range ds.Patrons {
		lastNames[p.ID] = p.LastName
	}
	for _, a := range ds.Aliases {
		lastNames[a.Alias] = lastNames[a.Patron]
	}
	codes := map[string]bool{}
	for _, s := range samples {
		if codes[s.Code] {
			t.Errorf("code %s is on the panel twice", s.Code)
		}
		codes[s.Code] = true
		if n := len([]rune(s.Label())); n > 44 {
			t.Errorf("label %q is %d characters; keep it short", s.Label(), n)
		}
		if strings.Contains(s.Label(), s.Code) {
			t.Errorf("label %q shows the code", s.Label())
		}
		// A student is named by first name and homeroom only.
		if last, ok := lastNames[s.Code]; ok && kind(s) != "Teacher" && strings.Contains(s.Label(), " "+last+" ") {
			t.Errorf("label %q shows a last name", s.Label())
		}
	}
}

func TestSamplesOfAnEmptyDataset(t *testing.T) {
	if got := Samples(circ.Dataset{}, time.Now()); len(got) != 0 {
		t.Errorf("samples of nothing: %v", got)
	}
}
