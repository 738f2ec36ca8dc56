package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// newTable is a read-only list as a table: a bold header row, the columns
// at the given widths, one truncated label per cell. fill sets a cell's
// text and may raise its importance (it starts medium for every cell).
func newTable(rows func() int, header func(col int) string, widths []float32, fill func(l *widget.Label, row, col int)) *widget.Table {
	t := widget.NewTable(
		func() (int, int) { return rows(), len(widths) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Truncation = fyne.TextTruncateEllipsis
			l.Importance = widget.MediumImportance
			if id.Row >= rows() {
				l.SetText("")
				return
			}
			fill(l, id.Row, id.Col)
		},
	)
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(header(id.Col)) }
	for col, w := range widths {
		t.SetColumnWidth(col, w)
	}
	return t
}
