package report

import (
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// MissingCopies is the teacher's list of a set's copies still out: who has
// which copy, and when it was due.
func MissingCopies(set circ.BookSet, out []circ.SetCopy, now time.Time) Document {
	rows := make([][]string, len(out))
	for i, c := range out {
		due, late := "", "no"
		if c.Loan != nil {
			due = c.Loan.Due.Format("Mon Jan 2, 2006")
			if c.Loan.Overdue(now) {
				late = "yes"
			}
		}
		rows[i] = []string{c.HolderName, c.Item, c.Title, due, late}
	}
	return Document{
		Title:    "Missing copies: " + set.Name,
		Subtitle: fmt.Sprintf("%d of %d copies are still out.", len(out), len(set.Copies)),
		Made:     now,
		Sections: []Section{{
			Columns: []string{"Student", "Copy", "Title", "Due", "Overdue"},
			Rows:    rows,
			Empty:   "Every copy is back.",
		}},
	}
}
