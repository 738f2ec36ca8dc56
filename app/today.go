package app

import (
	"log/slog"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// The columns of the Today table.
const (
	colTime = iota
	colAction
	colItem
	colPatron
	colResult
	todayColumns
)

// today is the librarian's list of today's transactions, newest first.
type today struct {
	rows    []circ.JournalEntry // newest first
	table   *widget.Table
	refresh *widget.Button
	note    *widget.Label
	box     fyne.CanvasObject

	load func() // asks the station for today's journal; the answer comes to set
}

func newToday(load func()) *today {
	t := &today{load: load}
	t.refresh = widget.NewButtonWithIcon(lang.X("today.refresh", "Refresh"), theme.ViewRefreshIcon(), t.onRefresh)
	t.note = widget.NewLabel(lang.X("today.empty", "Nothing yet today."))
	t.table = newTable(func() int { return len(t.rows) }, t.header, []float32{100, 110, 260, 110, 300}, func(l *widget.Label, row, col int) {
		if r := t.rows[row]; col == colResult && (!r.OK || r.Sync == circ.SyncException || r.Sync == circ.Undone) {
			l.Importance = widget.DangerImportance
		}
		l.SetText(t.cell(row, col))
	})
	t.box = container.NewBorder(container.NewHBox(t.refresh, t.note), nil, nil, nil, t.table)
	return t
}

func (t *today) onRefresh() { t.load() }

// set shows the journal rows st.Today returned (oldest first).
func (t *today) set(rows []circ.JournalEntry, err error) {
	if err != nil {
		slog.Warn("load today's transactions", "err", err)
		t.note.SetText(lang.X("today.error", "The list could not be loaded. Try Refresh."))
		t.note.Show()
		return
	}
	t.rows = slices.Clone(rows)
	slices.Reverse(t.rows)
	if len(t.rows) == 0 {
		t.note.SetText(lang.X("today.empty", "Nothing yet today."))
		t.note.Show()
	} else {
		t.note.Hide()
	}
	t.table.Refresh()
}

func (t *today) header(col int) string {
	switch col {
	case colTime:
		return lang.X("today.time", "Time")
	case colAction:
		return lang.X("today.action", "Action")
	case colItem:
		return lang.X("today.item", "Item")
	case colPatron:
		return lang.X("today.patron", "Patron")
	default:
		return lang.X("today.result", "Result")
	}
}

// cell is the text of one cell of the table.
func (t *today) cell(row, col int) string {
	if row < 0 || row >= len(t.rows) {
		return ""
	}
	x := t.rows[row]
	switch col {
	case colTime:
		return x.At.Format("15:04:05")
	case colAction:
		return actionWords(x.Action)
	case colItem:
		switch {
		case x.Title != "":
			return x.Title
		case x.Item == "":
			return "—" // a card refused before any book
		}
		return x.Item
	case colPatron:
		if x.PatronName != "" {
			return x.PatronName
		}
		return x.Patron
	default:
		data := map[string]any{"Result": resultText(x.Code)}
		switch {
		case x.OK && (x.Sync == circ.SyncException || x.Sync == circ.Undone):
			// Decided here, then refused by the library server.
			return lang.X("today.library_refused", "Refused by the library server: {{.Result}}", data)
		case x.OK:
			return lang.X("today.ok", "OK: {{.Result}}", data)
		}
		return lang.X("today.refused", "Refused: {{.Result}}", data)
	}
}

func actionWords(a circ.Action) string {
	switch a {
	case circ.Checkout:
		return lang.X("action.checkout", "Checkout")
	case circ.Checkin:
		return lang.X("action.checkin", "Check-in")
	case circ.Renew:
		return lang.X("action.renew", "Renew")
	}
	return string(a)
}
