package app

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// The columns of the Exceptions table.
const (
	exColTime = iota
	exColProblem
	exColAction
	exColItem
	exColPatron
	exColMessage
	exColStatus
	exColumns
)

// exceptionsView is the librarian's list of what the library server
// refused (or changed) on replay: newest first, filtered by open or all and
// by problem, sortable by any column. A selected open exception can be sent
// again (Retry: safe, it only queues the transaction) or closed with a note
// (Resolve: confirmed in a dialog that repeats the note).
type exceptionsView struct {
	rows     []circ.Exception // as shown: filtered by the station, sorted here
	selected int64            // the selected exception's ID, 0 for none
	sortCol  int
	sortAsc  bool

	refresh *widget.Button
	show    *widget.Select // open only / all
	code    *widget.Select // every problem, or one
	codes   map[string]circ.ExceptionCode
	table   *widget.Table
	retry   *widget.Button
	note    *widget.Entry
	resolve *widget.Button
	message *widget.Label // what became of the last action
	empty   *widget.Label // "No exceptions to show."
	box     fyne.CanvasObject

	load      func()                              // asks the station; the answer comes to set
	retryFn   func(id int64)                      // asks the station to retry; the answer comes to done
	resolveFn func(id int64, note string)         // asks the station to resolve; the answer comes to done
	confirm   func(title, text string, ok func()) // a confirmation dialog
	unfocus   func()
}

func newExceptionsView(load func(), retry func(int64), resolve func(int64, string), confirm func(string, string, func()), unfocus func()) *exceptionsView {
	x := &exceptionsView{load: load, retryFn: retry, resolveFn: resolve, confirm: confirm, unfocus: unfocus, sortCol: exColTime}
	x.refresh = widget.NewButtonWithIcon(lang.X("exceptions.refresh", "Refresh"), theme.ViewRefreshIcon(), func() { x.load() })

	open, all := lang.X("exceptions.show.open", "Open only"), lang.X("exceptions.show.all", "All")
	x.show = widget.NewSelect([]string{open, all}, func(string) { x.load() })
	x.show.Selected = open

	anyCode := lang.X("exceptions.code.any", "Every problem")
	x.codes = map[string]circ.ExceptionCode{anyCode: ""}
	options := []string{anyCode}
	for _, c := range exceptionCodes {
		w := exceptionWords(c)
		x.codes[w] = c
		options = append(options, w)
	}
	x.code = widget.NewSelect(options, func(string) { x.load() })
	x.code.Selected = anyCode

	x.table = widget.NewTable(
		func() (int, int) { return len(x.rows), exColumns },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Truncation = fyne.TextTruncateEllipsis
			l.Importance = widget.MediumImportance
			if id.Col == exColStatus && id.Row < len(x.rows) && x.rows[id.Row].Resolved.IsZero() {
				l.Importance = widget.WarningImportance
			}
			l.SetText(x.cell(id.Row, id.Col))
		},
	)
	x.table.ShowHeaderRow = true
	x.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	x.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		b.SetText(x.header(id.Col))
		b.SetIcon(nil)
		if id.Col == x.sortCol {
			b.SetIcon(theme.MenuDropDownIcon())
			if x.sortAsc {
				b.SetIcon(theme.MenuDropUpIcon())
			}
		}
		col := id.Col
		b.OnTapped = func() { x.sortBy(col) }
	}
	for col, w := range []float32{130, 280, 100, 150, 100, 320, 200} {
		x.table.SetColumnWidth(col, w)
	}
	x.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(x.rows) {
			x.selected = x.rows[id.Row].ID
		}
		x.updateButtons()
	}

	x.retry = widget.NewButtonWithIcon(lang.X("exceptions.retry", "Retry"), theme.MediaReplayIcon(), x.onRetry)
	x.note = widget.NewEntry()
	x.note.SetPlaceHolder(lang.X("exceptions.note", "Note: what you did about it"))
	x.note.OnSubmitted = func(string) { x.onResolve() }
	x.resolve = widget.NewButtonWithIcon(lang.X("exceptions.resolve", "Resolve"), theme.ConfirmIcon(), x.onResolve)
	x.message = widget.NewLabel("")
	x.message.Wrapping = fyne.TextWrapWord

	x.empty = widget.NewLabel(lang.X("exceptions.empty", "No exceptions to show."))
	top := container.NewHBox(x.refresh, sized(x.show, 160, 0), sized(x.code, 340, 0), x.empty)
	actions := container.NewBorder(nil, nil, x.retry, x.resolve, x.note)
	bottom := container.NewVBox(widget.NewSeparator(), actions, x.message)
	x.box = container.NewBorder(top, bottom, nil, nil, x.table)
	setLine(x.message, lang.X("exceptions.pick", "Pick an exception to retry or resolve it."))
	x.updateButtons()
	return x
}

// filter is what the librarian asked to see.
func (x *exceptionsView) filter() circ.ExceptionFilter {
	return circ.ExceptionFilter{Open: x.show.SelectedIndex() != 1, Code: x.codes[x.code.Selected]}
}

// set shows what st.Exceptions answered (newest first).
func (x *exceptionsView) set(rows []circ.Exception, err error) {
	if err != nil {
		slog.Warn("load exceptions", "err", err)
		x.say(lang.X("exceptions.error", "The exceptions could not be loaded. Try Refresh."), true)
		return
	}
	x.rows = slices.Clone(rows)
	x.sort()
	x.table.UnselectAll()
	if i := x.rowOf(x.selected); i >= 0 {
		x.table.Select(widget.TableCellID{Row: i, Col: exColProblem})
	} else {
		x.selected = 0
	}
	if len(x.rows) == 0 {
		x.empty.Show()
	} else {
		x.empty.Hide()
	}
	x.updateButtons()
	x.table.Refresh()
}

// done takes the answer to a retry or a resolve.
func (x *exceptionsView) done(err error, ok string) {
	if err != nil {
		x.say(lang.X("exceptions.failed", "That did not work: {{.Error}}", map[string]any{"Error": errorWords(err)}), true)
		return
	}
	x.say(ok, false)
}

func (x *exceptionsView) say(text string, bad bool) {
	x.message.Importance = widget.MediumImportance
	if bad {
		x.message.Importance = widget.DangerImportance
	}
	setLine(x.message, text)
	x.box.Refresh()
}

// current is the selected exception, if it is still listed.
func (x *exceptionsView) current() (circ.Exception, bool) {
	i := x.rowOf(x.selected)
	if i < 0 {
		return circ.Exception{}, false
	}
	return x.rows[i], true
}

func (x *exceptionsView) rowOf(id int64) int {
	if id == 0 {
		return -1
	}
	return slices.IndexFunc(x.rows, func(e circ.Exception) bool { return e.ID == id })
}

func (x *exceptionsView) updateButtons() {
	e, ok := x.current()
	if ok && e.Resolved.IsZero() {
		x.retry.Enable()
		x.resolve.Enable()
	} else {
		x.retry.Disable()
		x.resolve.Disable()
	}
}

// onRetry sends the selected exception's transaction again. It is safe:
// the transaction only goes back in the queue, so it needs no confirmation.
func (x *exceptionsView) onRetry() {
	e, ok := x.current()
	if !ok || !e.Resolved.IsZero() {
		return
	}
	x.retryFn(e.ID)
}

// onResolve closes the selected exception with the note, after the
// librarian confirms; a note is required.
func (x *exceptionsView) onResolve() {
	e, ok := x.current()
	if !ok || !e.Resolved.IsZero() {
		return
	}
	note := strings.TrimSpace(x.note.Text)
	if note == "" {
		x.say(lang.X("exceptions.needsnote", "Write in the note what you did about it, then press Resolve."), true)
		return
	}
	if x.unfocus != nil {
		x.unfocus()
	}
	text := lang.X("exceptions.confirm.text", "{{.Problem}}: {{.Action}} of {{.Item}} for patron {{.Patron}}.\nNote: {{.Note}}", map[string]any{
		"Problem": exceptionWords(e.Code), "Action": actionWords(e.Txn.Action), "Item": e.Txn.Item, "Patron": patronID(e.Txn.Patron), "Note": note,
	})
	x.confirm(lang.X("exceptions.confirm.title", "Resolve this exception?"), text, func() {
		x.note.SetText("")
		x.resolveFn(e.ID, note)
	})
}

func (x *exceptionsView) sortBy(col int) {
	if col == x.sortCol {
		x.sortAsc = !x.sortAsc
	} else {
		x.sortCol, x.sortAsc = col, col != exColTime
	}
	x.sort()
	x.table.UnselectAll()
	if i := x.rowOf(x.selected); i >= 0 {
		x.table.Select(widget.TableCellID{Row: i, Col: exColProblem})
	}
	x.table.Refresh()
}

// sort orders the rows by the chosen column; the station's order (newest
// first) breaks ties.
func (x *exceptionsView) sort() {
	key := func(e circ.Exception) string {
		if x.sortCol == exColTime {
			return e.At.UTC().Format("2006-01-02T15:04:05.000000000")
		}
		return x.text(e, x.sortCol)
	}
	slices.SortStableFunc(x.rows, func(a, b circ.Exception) int {
		c := cmp.Compare(key(a), key(b))
		if c == 0 {
			return cmp.Compare(b.ID, a.ID)
		}
		if !x.sortAsc {
			c = -c
		}
		return c
	})
}

func (x *exceptionsView) header(col int) string {
	switch col {
	case exColTime:
		return lang.X("exceptions.time", "Time")
	case exColProblem:
		return lang.X("exceptions.problem", "Problem")
	case exColAction:
		return lang.X("exceptions.action", "Action")
	case exColItem:
		return lang.X("exceptions.item", "Item")
	case exColPatron:
		return lang.X("exceptions.patron", "Patron")
	case exColMessage:
		return lang.X("exceptions.message", "Library's message")
	default:
		return lang.X("exceptions.status", "Status")
	}
}

// cell is the text of one cell of the table.
func (x *exceptionsView) cell(row, col int) string {
	if row < 0 || row >= len(x.rows) {
		return ""
	}
	return x.text(x.rows[row], col)
}

func (x *exceptionsView) text(e circ.Exception, col int) string {
	switch col {
	case exColTime:
		return e.At.Format("Jan 2 15:04:05")
	case exColProblem:
		return exceptionWords(e.Code)
	case exColAction:
		return actionWords(e.Txn.Action)
	case exColItem:
		if e.Title != "" {
			return e.Title + " (" + e.Txn.Item + ")"
		}
		return e.Txn.Item
	case exColPatron:
		if e.PatronName != "" {
			return e.PatronName
		}
		return patronID(e.Txn.Patron)
	case exColMessage:
		return e.Message
	default:
		if e.Resolved.IsZero() {
			return lang.X("exceptions.open", "Open")
		}
		return lang.X("exceptions.resolved", "Resolved: {{.Note}}", map[string]any{"Note": e.Note})
	}
}

// patronID is a journal row's patron, "—" for a check-in (nobody).
func patronID(id string) string {
	if id == "" {
		return "—"
	}
	return id
}

// loadExceptions asks for the exceptions the librarian's filter selects,
// and counts the open ones for the status bar; the latest request wins.
func (u *UI) loadExceptions() {
	if u.st == nil {
		return
	}
	f := u.librarian.exceptions.filter()
	var rows []circ.Exception
	open := -1
	u.bg.start(task{what: "list the exceptions", latest: "exceptions", work: func(ctx context.Context) (err error) {
		rows, err = u.st.Exceptions(ctx, f)
		switch {
		case err != nil:
		case f == circ.ExceptionFilter{Open: true}:
			open = len(rows)
		default:
			if o, oerr := u.st.Exceptions(ctx, circ.ExceptionFilter{Open: true}); oerr == nil {
				open = len(o)
			} else {
				slog.Warn("count the open exceptions", "err", oerr)
			}
		}
		return err
	}, apply: func(err error) {
		u.librarian.exceptions.set(rows, err)
		if open >= 0 && u.librarianShown() {
			u.status.showExceptions(open)
		}
	}})
}

// retryException sends an exception's transaction to the library server again.
func (u *UI) retryException(id int64) {
	u.exceptionAction(func(ctx context.Context) error { return u.st.RetryException(ctx, id) },
		lang.X("exceptions.retried", "Sent again: it goes to the library server with the next replay."))
}

// resolveException closes an exception with the librarian's note.
func (u *UI) resolveException(id int64, note string) {
	u.exceptionAction(func(ctx context.Context) error { return u.st.ResolveException(ctx, id, note) },
		lang.X("exceptions.resolvedok", "Resolved."))
}

// exceptionAction runs a retry or a resolve off the UI goroutine, then
// tells the librarian and reloads the list.
func (u *UI) exceptionAction(fn func(context.Context) error, ok string) {
	if u.st == nil {
		return
	}
	u.bg.start(task{what: "act on an exception", work: fn, apply: func(err error) {
		u.librarian.exceptions.done(err, ok)
		u.loadExceptions()
	}})
}

// confirmDialog asks the librarian to confirm an action; ok runs on Resolve.
func (u *UI) confirmDialog(title, text string, ok func()) {
	u.confirmAction(title, text, lang.X("exceptions.resolve", "Resolve"), ok)
}

// confirmAction asks the librarian to confirm an action; ok runs when they
// press the button labelled confirm.
func (u *UI) confirmAction(title, text, confirm string, ok func()) {
	d := dialog.NewConfirm(title, text, func(yes bool) {
		if yes {
			ok()
		}
	}, u.win)
	d.SetConfirmText(confirm)
	d.SetDismissText(lang.X("exceptions.cancel", "Cancel"))
	d.Show()
}
