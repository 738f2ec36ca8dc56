package demoschool

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

var (
	districtStudent = regexp.MustCompile(`^1\d{8}$`)
	districtAdult   = regexp.MustCompile(`^9\d{5,}$`)
)

func TestDistrict(t *testing.T) {
	tests := []struct {
		name           string
		patrons, items int
	}{
		{"a district", 150_000, 100_000},
		{"one school", 900, 8_000},
		{"tiny", 3, 2},
		{"no patrons", 0, 50},
		{"nothing", 0, 0},
	}
	now := DistrictDate()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := District(tt.patrons, tt.items)
			if len(ds.Patrons) != tt.patrons || len(ds.Items) != tt.items {
				t.Fatalf("%d patrons and %d items, want %d and %d", len(ds.Patrons), len(ds.Items), tt.patrons, tt.items)
			}
			checkConsistent(t, ds, now)
			c := classifier(t)
			types := map[circ.PatronType]int{}
			for _, p := range ds.Patrons {
				types[p.Type]++
				re := districtAdult
				if p.Type == circ.Student {
					re = districtStudent
				}
				if !re.MatchString(p.ID) || c.Classify(p.ID) != circ.PatronCode {
					t.Fatalf("%s ID %q has the wrong format", p.Type, p.ID)
				}
				if p.School == "" || p.FirstName == "" || p.LastName == "" {
					t.Fatalf("patron %s is incomplete: %+v", p.ID, p)
				}
			}
			out := map[string]int{}
			for _, l := range ds.Loans {
				out[l.Patron]++
			}
			for _, p := range ds.Patrons {
				if p.Type == circ.Student && out[p.ID] > 10 {
					t.Errorf("student %s has %d items out", p.ID, out[p.ID])
				}
			}
			if tt.patrons >= 10_000 {
				if s := types[circ.Student]; s < tt.patrons*9/10 || types[circ.Teacher] == 0 || types[circ.Staff] == 0 {
					t.Errorf("patron types %v, want mostly students, some teachers and staff", types)
				}
				if n := len(ds.Loans); n < tt.items/12 || n > tt.items/8 {
					t.Errorf("%d loans for %d items, want about a tenth", n, tt.items)
				}
				if len(ds.Holds) == 0 || len(ds.Aliases) == 0 {
					t.Errorf("%d holds and %d aliases, want some", len(ds.Holds), len(ds.Aliases))
				}
			}
		})
	}
}

func TestDistrictIsDeterministic(t *testing.T) {
	a, b := District(5_000, 4_000), District(5_000, 4_000)
	if !reflect.DeepEqual(a, b) {
		t.Error("two districts of the same size differ")
	}
}

func BenchmarkDistrict(b *testing.B) {
	for b.Loop() {
		District(150_000, 100_000)
	}
}
