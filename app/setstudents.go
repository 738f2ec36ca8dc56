package app

import (
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// classCopies is the set status of one class, student by student: which
// copy each one has, and whether it is out, overdue or back.
type classCopies struct {
	rows  []circ.ClassCopy
	note  *widget.Label
	table *widget.Table
	now   func() time.Time
}

func newClassCopies(now func() time.Time) *classCopies {
	c := &classCopies{now: now}
	c.note = widget.NewLabel(lang.X("sets.pick_class", "Choose a class above to see its students."))
	header := func(col int) string {
		return []string{lang.X("sets.student", "Student"), lang.X("sets.copy", "Copy"),
			lang.X("sets.state", "Where"), lang.X("sets.due", "Due")}[col]
	}
	c.table = newTable(func() int { return len(c.rows) }, header, []float32{190, 150, 100, 110}, func(l *widget.Label, row, col int) {
		r := c.rows[row]
		if col == 2 && (r.State == circ.CopyOverdue || r.Item == "") {
			l.Importance = widget.DangerImportance
		}
		l.SetText(c.cell(r, col))
	})
	return c
}

func (c *classCopies) cell(r circ.ClassCopy, col int) string {
	switch col {
	case 0:
		return r.Student.FirstName + " " + r.Student.LastName
	case 1:
		return r.Item
	case 2:
		if r.Item == "" {
			return lang.X("sets.no_copy", "No copy")
		}
		return copyStateWords(r.State)
	default:
		if r.Due.IsZero() {
			return ""
		}
		return dateWords(r.Due)
	}
}

// set shows a class's students (nil: no class chosen).
func (c *classCopies) set(rows []circ.ClassCopy, chosen bool) {
	c.rows = rows
	if chosen {
		setLine(c.note, "")
	} else {
		setLine(c.note, lang.X("sets.pick_class", "Choose a class above to see its students."))
	}
	c.table.Refresh()
}
