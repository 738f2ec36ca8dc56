package app

import (
	"time"

	"fyne.io/fyne/v2"
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
	c.table = widget.NewTable(
		func() (int, int) { return len(c.rows), 4 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Truncation = fyne.TextTruncateEllipsis
			l.Importance = widget.MediumImportance
			if id.Row >= len(c.rows) {
				l.SetText("")
				return
			}
			r := c.rows[id.Row]
			if id.Col == 2 && (r.State == circ.CopyOverdue || r.Item == "") {
				l.Importance = widget.DangerImportance
			}
			l.SetText(c.cell(r, id.Col))
		},
	)
	c.table.ShowHeaderRow = true
	c.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	c.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText([]string{lang.X("sets.student", "Student"), lang.X("sets.copy", "Copy"),
			lang.X("sets.state", "Where"), lang.X("sets.due", "Due")}[id.Col])
	}
	for col, w := range []float32{190, 150, 100, 110} {
		c.table.SetColumnWidth(col, w)
	}
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
