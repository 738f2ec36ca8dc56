package app

import (
	"errors"
	"log/slog"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// The columns of the set copies table.
const (
	colCopy = iota
	colCopyTitle
	colCopyState
	colCopyWho
	colCopyDue
	copyColumns
)

// setsView is the librarian's Book sets tab: pick a set and see where
// every copy is; hand it out (to a teacher, or to a class one copy per
// student) and take it back by scanning; make new sets; export the
// teacher's missing copies.
type setsView struct {
	pick    *widget.Select
	names   []string
	refresh *widget.Button
	summary *widget.Label

	table    *widget.Table
	copies   []circ.SetCopy
	students *classCopies
	views    *container.AppTabs

	teacher *widget.Entry
	class   *widget.Select
	classes []circ.Class
	inOrder *widget.Check
	start   *widget.Button
	returns *widget.Button
	stop    *widget.Button
	csv     *widget.Button
	pdf     *widget.Button

	handout *handoutPanel

	newName  *widget.Entry
	newTitle *widget.Entry
	byTitle  *widget.Button
	byScans  *widget.Button
	save     *widget.Button
	scanned  []string

	note *widget.Label
	box  fyne.CanvasObject

	now func() time.Time
	act setsActions
}

// setsActions are what the tab asks of the UI (which asks circ, off the UI goroutine).
type setsActions struct {
	load        func(set string)
	loadClass   func(set, class string)
	startOut    func(set, teacher, class string, inOrder bool)
	startReturn func(set string)
	startRun    func()
	stopJob     func()
	create      func(name, title string, items []string)
	export      func(set, format string)
	unfocus     func()
}

// toTeacher is the class picker's first choice: the whole set to the teacher.
func toTeacher() string { return lang.X("sets.to_teacher", "Whole set to the teacher") }

func newSetsView(act setsActions, now func() time.Time) *setsView {
	v := &setsView{act: act, now: now}
	v.pick = widget.NewSelect(nil, func(name string) { v.act.load(name) })
	v.pick.PlaceHolder = lang.X("sets.pick", "Choose a book set")
	v.refresh = widget.NewButtonWithIcon(lang.X("sets.refresh", "Refresh"), theme.ViewRefreshIcon(), func() { v.act.load(v.pick.Selected) })
	v.summary = widget.NewLabel("")
	v.table = newTable(func() int { return len(v.copies) }, copyHeader, []float32{140, 180, 90, 150, 130}, func(l *widget.Label, row, col int) {
		if col == colCopyState && v.copies[row].State(v.now()) == circ.CopyOverdue {
			l.Importance = widget.DangerImportance
		}
		l.SetText(v.cell(row, col))
	})

	v.teacher = widget.NewEntry()
	v.teacher.SetPlaceHolder(lang.X("sets.teacher", "Teacher's card number"))
	v.class = widget.NewSelect([]string{toTeacher()}, nil)
	v.class.SetSelected(toTeacher())
	v.class.OnChanged = func(string) { v.act.loadClass(v.pick.Selected, v.classID()) }
	v.inOrder = widget.NewCheck(lang.X("sets.in_order", "In roster order, no cards"), nil)
	v.start = widget.NewButtonWithIcon(lang.X("sets.hand_out", "Hand out"), theme.UploadIcon(), v.onStart)
	v.start.Importance = widget.HighImportance
	v.returns = widget.NewButtonWithIcon(lang.X("sets.take_back", "Take back"), theme.DownloadIcon(), func() {
		if v.pick.Selected != "" {
			v.act.startReturn(v.pick.Selected)
		}
	})
	v.stop = widget.NewButtonWithIcon(lang.X("sets.stop", "Finish"), theme.MediaStopIcon(), func() { v.act.stopJob() })
	v.stop.Disable()
	v.csv = widget.NewButtonWithIcon(lang.X("sets.missing_csv", "Missing copies (CSV)"), theme.DocumentSaveIcon(), func() { v.act.export(v.pick.Selected, "csv") })
	v.pdf = widget.NewButtonWithIcon(lang.X("sets.missing_pdf", "Missing copies (PDF)"), theme.DocumentPrintIcon(), func() { v.act.export(v.pick.Selected, "pdf") })
	v.handout = newHandoutPanel()

	v.newName = widget.NewEntry()
	v.newName.SetPlaceHolder(lang.X("sets.new_name", "New set's name"))
	v.newTitle = widget.NewEntry()
	v.newTitle.SetPlaceHolder(lang.X("sets.new_title", "Title (every copy not in a set)"))
	v.byTitle = widget.NewButtonWithIcon(lang.X("sets.by_title", "Make from title"), theme.ContentAddIcon(), func() {
		v.act.create(v.newName.Text, v.newTitle.Text, nil)
	})
	v.byScans = widget.NewButtonWithIcon(lang.X("sets.by_scans", "Scan its copies"), theme.ContentAddIcon(), func() {
		v.scanned = nil
		v.act.startRun()
	})
	v.save = widget.NewButtonWithIcon(lang.X("sets.save", "Save set"), theme.DocumentSaveIcon(), func() {
		v.act.create(v.newName.Text, "", v.scanned)
	})
	v.save.Disable()
	v.note = widget.NewLabel("")
	v.note.Wrapping = fyne.TextWrapWord
	setLine(v.note, "")

	top := container.NewBorder(nil, nil, nil, container.NewHBox(v.refresh, v.summary), v.pick)
	handOut := container.NewVBox(
		widget.NewLabelWithStyle(lang.X("sets.hand_out_heading", "Hand out or take back"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, v.teacher, v.class),
		v.inOrder,
		container.NewHBox(v.start, v.returns, v.stop),
		container.NewHBox(v.csv, v.pdf),
		v.note, // "Saved: …" and the other answers, where the buttons are
	)
	create := container.NewVBox(
		widget.NewLabelWithStyle(lang.X("sets.new_heading", "New book set"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.newName, v.newTitle, container.NewHBox(v.byTitle, v.byScans, v.save),
	)
	side := container.NewVBox(handOut, widget.NewSeparator(), v.handout.box, widget.NewSeparator(), create)
	v.students = newClassCopies(now)
	v.views = container.NewAppTabs(
		container.NewTabItem(lang.X("sets.by_copy", "By copy"), v.table),
		container.NewTabItem(lang.X("sets.by_student", "By student"), container.NewBorder(v.students.note, nil, nil, nil, v.students.table)),
	)
	split := container.NewHSplit(v.views, container.NewVScroll(side))
	split.Offset = 0.55
	v.box = container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, split)
	return v
}

func copyHeader(col int) string {
	switch col {
	case colCopy:
		return lang.X("sets.copy", "Copy")
	case colCopyTitle:
		return lang.X("sets.title", "Title")
	case colCopyState:
		return lang.X("sets.state", "Where")
	case colCopyWho:
		return lang.X("sets.who", "Who has it")
	default:
		return lang.X("sets.due", "Due")
	}
}

func (v *setsView) cell(row, col int) string {
	if row < 0 || row >= len(v.copies) {
		return ""
	}
	c := v.copies[row]
	switch col {
	case colCopy:
		return c.Item
	case colCopyTitle:
		return c.Title
	case colCopyState:
		return copyStateWords(c.State(v.now()))
	case colCopyWho:
		if c.Loan != nil || c.State(v.now()) == circ.CopyReturned {
			return c.HolderName
		}
		return ""
	default:
		if c.Loan != nil {
			return dateWords(c.Loan.Due)
		}
		return ""
	}
}

func copyStateWords(s circ.CopyState) string {
	switch s {
	case circ.CopyOut:
		return lang.X("sets.out", "Out")
	case circ.CopyOverdue:
		return lang.X("sets.overdue", "Overdue")
	case circ.CopyReturned:
		return lang.X("sets.returned", "Returned")
	default:
		return lang.X("sets.on_shelf", "On the shelf")
	}
}

func (v *setsView) onStart() {
	if v.pick.Selected == "" {
		v.say(lang.X("sets.need_set", "Choose a book set first."))
		return
	}
	if strings.TrimSpace(v.teacher.Text) == "" {
		v.say(lang.X("sets.need_teacher", "Type or scan the teacher's card number first."))
		return
	}
	v.act.startOut(v.pick.Selected, strings.TrimSpace(v.teacher.Text), v.classID(), v.inOrder.Checked)
}

// classID is the chosen class's id, "" for the whole set to the teacher.
func (v *setsView) classID() string {
	for _, c := range v.classes {
		if classLabel(c) == v.class.Selected {
			return c.ID
		}
	}
	return ""
}

func classLabel(c circ.Class) string {
	if c.Teacher == "" {
		return c.Name
	}
	return c.Name + " · " + c.Teacher
}

// say shows a note under the tab's controls ("" hides it).
func (v *setsView) say(s string) { setLine(v.note, s) }

// setNames fills the set picker, keeping the choice when it still exists.
func (v *setsView) setNames(sums []circ.SetSummary, err error) {
	if err != nil {
		slog.Warn("list book sets", "err", err)
		v.say(lang.X("sets.error", "The book sets could not be loaded. Try Refresh."))
		return
	}
	v.names = v.names[:0]
	for _, s := range sums {
		v.names = append(v.names, s.Name)
	}
	v.pick.Options = v.names
	v.pick.Refresh()
}

// setClasses fills the class picker.
func (v *setsView) setClasses(classes []circ.Class) {
	v.classes = classes
	opts := []string{toTeacher()}
	for _, c := range classes {
		opts = append(opts, classLabel(c))
	}
	v.class.Options = opts
	v.class.Refresh()
}

// setSet shows one set's copies.
func (v *setsView) setSet(s circ.BookSet, err error) {
	if err != nil {
		slog.Warn("load book set", "err", err)
		v.say(lang.X("sets.error", "The book sets could not be loaded. Try Refresh."))
		return
	}
	v.copies = s.Copies
	out, late := 0, 0
	for _, c := range s.Copies {
		switch c.State(v.now()) {
		case circ.CopyOut:
			out++
		case circ.CopyOverdue:
			out++
			late++
		}
	}
	v.summary.SetText(lang.X("sets.summary", "{{.Copies}} copies · {{.Out}} out · {{.Late}} overdue",
		map[string]any{"Copies": len(s.Copies), "Out": out, "Late": late}))
	v.table.Refresh()
}

// running switches the buttons while a handout, a return or a scan run
// takes the station's scans.
func (v *setsView) running(on bool) {
	for _, b := range []*widget.Button{v.start, v.returns, v.byTitle, v.byScans} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if on {
		v.stop.Enable()
	} else {
		v.stop.Disable()
		v.handout.finished()
	}
}

// replaced is told when another tab's job took the station's scans.
func (v *setsView) replaced() {
	v.running(false)
	v.handout.box.Hide()
	v.say(lang.X("sets.replaced", "The handout stopped: another job took the scanner."))
}

// scannedSoFar shows a scan run for a new set.
func (v *setsView) scannedSoFar(codes []string) {
	v.scanned = codes
	if len(codes) > 0 {
		v.save.Enable()
	}
	v.say(lang.X("sets.scanned", "{{.Count}} copies scanned for the new set. Save it when every copy is in.", map[string]any{"Count": len(codes)}))
}

// exported says where a report was written.
func (v *setsView) exported(path string, err error) {
	if err != nil {
		v.say(setsError(err, ""))
		return
	}
	v.say(lang.X("sets.exported", "Saved: {{.Path}}", map[string]any{"Path": path}))
}

// setsError is the sentence for what went wrong with a book set; card is
// the teacher's card number, when one was asked for.
func setsError(err error, card string) string {
	var conflict *circ.SetConflict
	var unknown *circ.UnknownItems
	switch {
	case errors.Is(err, circ.ErrUnknownPatron):
		return lang.X("sets.no_teacher", "No patron has the card number {{.Card}}.", map[string]any{"Card": card})
	case errors.Is(err, circ.ErrSetExists):
		return lang.X("sets.exists", "There is already a book set with that name.")
	case errors.Is(err, circ.ErrNoSet):
		return lang.X("sets.no_set", "That book set is not here any more. Try Refresh.")
	case errors.As(err, &conflict):
		items := make([]string, 0, len(conflict.Items))
		for it := range conflict.Items {
			items = append(items, it)
		}
		sort.Strings(items)
		return lang.X("sets.conflict", "These copies belong to another book set already: {{.Items}}", map[string]any{"Items": strings.Join(items, ", ")})
	case errors.As(err, &unknown):
		return lang.X("sets.unknown_items", "These barcodes are not in the catalog: {{.Items}}", map[string]any{"Items": strings.Join(unknown.Items, ", ")})
	case errors.Is(err, circ.ErrNoClassRoster), errors.Is(err, circ.ErrNotFound):
		return lang.X("sets.no_class", "That class is not on the roster. Import the roster, then try again.")
	}
	return lang.X("sets.failed", "That did not work: {{.Error}}", map[string]any{"Error": errorWords(err)})
}
