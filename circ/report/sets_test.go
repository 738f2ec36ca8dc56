package report

import (
	"fmt"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// The teacher's list: who has which copy, when it was due, whether late.
func TestMissingCopies(t *testing.T) {
	now := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	set := circ.BookSet{Name: "Hatchet", Copies: make([]circ.SetCopy, 25)}
	out := []circ.SetCopy{
		{Item: "31047000100010", Title: "Hatchet", HolderName: "Maya Lopez", Loan: &circ.Loan{Due: now.AddDate(0, 0, -2)}},
		{Item: "31047000100028", Title: "Hatchet", HolderName: "Sam Okafor", Loan: &circ.Loan{Due: now.AddDate(0, 0, 5)}},
		{Item: "31047000100036", Title: "Hatchet", HolderName: "Ana Ruiz"}, // no loan in the cache
	}
	d := MissingCopies(set, out, now)
	if d.Title != "Missing copies: Hatchet" || d.Subtitle != "3 of 25 copies are still out." || !d.Made.Equal(now) {
		t.Errorf("document %q / %q / %v", d.Title, d.Subtitle, d.Made)
	}
	want := [][]string{
		{"Maya Lopez", "31047000100010", "Hatchet", "Tue Dec 8, 2026", "yes"},
		{"Sam Okafor", "31047000100028", "Hatchet", "Tue Dec 15, 2026", "no"},
		{"Ana Ruiz", "31047000100036", "Hatchet", "", "no"},
	}
	if len(d.Sections) != 1 || fmt.Sprint(d.Sections[0].Rows) != fmt.Sprint(want) || d.Sections[0].Empty != "Every copy is back." {
		t.Errorf("sections %q; want one table of %q", d.Sections, want)
	}
}
