package app

import (
	"errors"
	"log/slog"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// rosterView is the librarian's Roster tab: import the school's roster
// (a OneRoster folder or zip, or a CSV), and see the last import, its
// counts and the rows it could not take, and the classes.
type rosterView struct {
	path    *widget.Entry
	full    *widget.Check
	dry     *widget.Check
	force   *widget.Check // shown when a full import was held back
	run     *widget.Button
	last    *widget.Label
	note    *widget.Label
	rejects []circ.RosterReject
	table   *widget.Table
	classes *widget.Label
	box     fyne.CanvasObject

	importRoster func(path string, full, dry, force bool)
}

func newRosterView(importRoster func(path string, full, dry, force bool), choose func(set func(string))) *rosterView {
	v := &rosterView{importRoster: importRoster}
	v.path = widget.NewEntry()
	v.path.SetPlaceHolder(lang.X("roster.path", "OneRoster folder or zip, or a CSV file"))
	pickFile := widget.NewButtonWithIcon(lang.X("roster.choose", "Choose…"), theme.FolderOpenIcon(), func() {
		choose(func(p string) { v.path.SetText(p) })
	})
	v.full = widget.NewCheck(lang.X("roster.full", "Complete roster: make people it lacks inactive"), nil)
	v.dry = widget.NewCheck(lang.X("roster.dry", "Only count what would change"), nil)
	v.force = widget.NewCheck(lang.X("roster.force", "Import anyway"), nil)
	v.force.Hide()
	v.run = widget.NewButtonWithIcon(lang.X("roster.import", "Import"), theme.UploadIcon(), func() {
		if v.path.Text == "" {
			setLine(v.note, lang.X("roster.need_path", "Choose the roster to import first."))
			return
		}
		v.run.Disable()
		setLine(v.note, lang.X("roster.working", "Importing…"))
		v.importRoster(v.path.Text, v.full.Checked, v.dry.Checked, v.force.Visible() && v.force.Checked)
	})
	v.run.Importance = widget.HighImportance
	v.last = widget.NewLabel(lang.X("roster.never", "No roster has been imported yet."))
	v.last.Wrapping = fyne.TextWrapWord
	v.note = widget.NewLabel("")
	v.note.Wrapping = fyne.TextWrapWord
	setLine(v.note, "")
	header := func(col int) string {
		return []string{lang.X("roster.file", "File"), lang.X("roster.line", "Line"), lang.X("roster.reason", "Why it was not imported")}[col]
	}
	v.table = newTable(func() int { return len(v.rejects) }, header, []float32{160, 60, 700}, func(l *widget.Label, row, col int) {
		r := v.rejects[row]
		l.SetText([]string{r.File, strconv.Itoa(r.Line), r.Reason}[col])
	})
	v.classes = widget.NewLabel("")
	v.classes.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, pickFile, v.path),
		container.NewHBox(v.full, v.dry, v.force, v.run),
		v.note, widget.NewSeparator(), v.last, v.classes,
	)
	v.box = container.NewBorder(top, nil, nil, nil, v.table)
	return v
}

// showImports shows the latest import (imports newest first) and the classes.
func (v *rosterView) showImports(imports []circ.RosterImport, classes []circ.Class, err error) {
	if err != nil {
		slog.Warn("load roster imports", "err", err)
		setLine(v.note, lang.X("roster.error", "The roster could not be loaded."))
		return
	}
	if len(imports) > 0 {
		v.showResult(imports[0])
	}
	students := 0
	for _, c := range classes {
		students += c.Students
	}
	v.classes.SetText(lang.X("roster.classes", "{{.Classes}} classes, {{.Students}} enrollments of students.",
		map[string]any{"Classes": len(classes), "Students": students}))
}

// showResult shows what an import did (or, for a dry run, would do).
func (v *rosterView) showResult(r circ.RosterImport) {
	data := map[string]any{
		"Date": dateWords(r.At) + " " + r.At.Format("15:04"), "Source": r.Source, "Added": r.Added, "Updated": r.Updated, "Adopted": r.Adopted,
		"Inactive": r.Deactivated, "Classes": r.Classes, "Rejected": len(r.Rejected),
	}
	data["RejectedRows"] = lang.XN("roster.rows", "{{.Count}} rows", len(r.Rejected), map[string]any{"Count": len(r.Rejected)})
	if r.DryRun {
		v.last.SetText(lang.X("roster.dry_result", "A dry run of {{.Source}} would add {{.Added}}, update {{.Updated}}, find {{.Adopted}} already here and make {{.Inactive}} inactive; {{.Classes}} classes; {{.RejectedRows}} would not be imported. Nothing was changed.", data))
	} else {
		v.last.SetText(lang.X("roster.last", "Last import {{.Date}} from {{.Source}}: {{.Added}} added, {{.Updated}} updated, {{.Adopted}} already here, {{.Inactive}} made inactive; {{.Classes}} classes; {{.RejectedRows}} not imported.", data))
	}
	v.rejects = r.Rejected
	v.table.Refresh()
}

// imported shows the end of an import.
func (v *rosterView) imported(r circ.RosterImport, err error) {
	v.run.Enable()
	var mass *circ.MassDeactivation
	if errors.As(err, &mass) {
		setLine(v.note, lang.X("roster.mass", "This complete roster would make {{.Gone}} of the {{.Active}} students and staff inactive, which looks like an incomplete export; nothing was changed. If it is right, tick “Import anyway” and import again.",
			map[string]any{"Gone": mass.Gone, "Active": mass.Active}))
		v.force.SetChecked(false)
		v.force.Show()
		return
	}
	if err != nil {
		setLine(v.note, errorWords(err))
		return
	}
	v.force.SetChecked(false)
	v.force.Hide()
	setLine(v.note, "")
	v.showResult(r)
}
