package app

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// handoutPanel shows a running handout or return: the counts large enough
// to read from across the desk, the latest scan in colour, who is next,
// and what is missing or needs a look.
type handoutPanel struct {
	counts  *canvas.Text
	last    *widget.Label
	waiting *widget.Label
	missing *widget.Label
	flagged *widget.Label
	without *widget.Label
	passed  *widget.Label
	box     *fyne.Container
}

func newHandoutPanel() *handoutPanel {
	p := &handoutPanel{}
	p.counts = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	p.counts.TextSize = 30
	p.counts.TextStyle.Bold = true
	p.last = widget.NewLabel("")
	p.last.TextStyle.Bold = true
	p.last.Wrapping = fyne.TextWrapWord
	p.waiting = widget.NewLabel("")
	p.waiting.Importance = widget.HighImportance
	p.missing = widget.NewLabel("")
	p.missing.Wrapping = fyne.TextWrapWord
	p.flagged = widget.NewLabel("")
	p.flagged.Wrapping = fyne.TextWrapWord
	p.flagged.Importance = widget.WarningImportance
	p.without = widget.NewLabel("")
	p.without.Wrapping = fyne.TextWrapWord
	p.passed = widget.NewLabel("")
	p.passed.Wrapping = fyne.TextWrapWord
	p.passed.Importance = widget.WarningImportance
	p.box = container.NewVBox(p.counts, p.last, p.waiting, p.passed, p.missing, p.flagged, p.without)
	p.box.Hide()
	return p
}

// showHandout shows a handout's state.
func (p *handoutPanel) showHandout(s circ.HandoutState) {
	p.box.Show()
	p.counts.Text = lang.X("handout.counts", "{{.Read}} of {{.Expected}} read · {{.Lent}} out",
		map[string]any{"Read": s.Read, "Expected": s.Expected, "Lent": s.Lent})
	p.counts.Color = theme.Color(theme.ColorNameForeground)
	if s.Expected > 0 && s.Read >= s.Expected {
		p.counts.Color = color.NRGBA{R: 0x1b, G: 0x8a, B: 0x3a, A: 0xff}
	}
	p.counts.Refresh()
	p.showLast(s.Last)
	if s.Student != "" {
		setLine(p.waiting, lang.X("handout.next", "Now {{.Name}}'s copy.", map[string]any{"Name": s.Student}))
	} else if s.Class != "" {
		setLine(p.waiting, lang.X("handout.scan_student", "Scan a student's card, then their copy."))
	} else {
		setLine(p.waiting, lang.X("handout.to_teacher", "Every copy goes to {{.Name}}, due {{.Date}}.", map[string]any{"Name": s.Teacher, "Date": dateWords(s.Due)}))
	}
	setLine(p.missing, listLine(lang.X("handout.missing", "Not read yet"), s.Missing))
	var flags []string
	for _, f := range s.Flagged {
		flags = append(flags, handoutWords(f))
	}
	setLine(p.flagged, listLines(lang.X("handout.flagged", "Look at these"), flags))
	setLine(p.without, listLine(lang.X("handout.without", "No copy yet"), s.WithoutCopy))
	var passed []string
	for _, c := range s.CannotBorrow {
		passed = append(passed, lang.X("handout.cannot_borrow", "{{.Name}} cannot borrow ({{.Why}}): no copy",
			map[string]any{"Name": c.Student, "Why": strings.ToLower(resultText(c.Code))}))
	}
	setLine(p.passed, strings.Join(passed, "\n"))
}

// finished clears who is next: the handout is over.
func (p *handoutPanel) finished() { setLine(p.waiting, "") }

// showReturn shows a set return's state.
func (p *handoutPanel) showReturn(s circ.SetReturnState) {
	p.box.Show()
	p.counts.Text = lang.X("handout.returned", "{{.Count}} back", map[string]any{"Count": s.Returned})
	if s.NotOut > 0 {
		p.counts.Text += " · " + lang.XN("handout.not_out", "{{.Count}} were not out", s.NotOut, map[string]any{"Count": s.NotOut})
	}
	p.counts.Color = theme.Color(theme.ColorNameForeground)
	p.counts.Refresh()
	p.showLast(s.Last)
	setLine(p.waiting, lang.X("handout.scan_returns", "Scan the copies coming back, or lay them on the pad."))
	setLine(p.missing, "")
	setLine(p.flagged, "")
	setLine(p.without, "")
	setLine(p.passed, "")
}

func (p *handoutPanel) showLast(l *circ.HandoutScan) {
	if l == nil {
		setLine(p.last, "")
		return
	}
	p.last.Importance = widget.SuccessImportance
	if !l.OK || l.Duplicate || l.SecurityFailed {
		p.last.Importance = widget.DangerImportance
	}
	setLine(p.last, handoutWords(*l))
}

// handoutWords says what one scan did: "31234… Hatchet → Maya Lopez: Checked out".
func handoutWords(s circ.HandoutScan) string {
	what := s.Item
	if s.Title != "" {
		what += " " + s.Title
	}
	if s.Student != "" {
		what += " → " + s.Student
	}
	result := resultText(s.Code)
	switch {
	case s.Duplicate:
		result = lang.X("handout.duplicate", "Scanned twice")
	case s.OtherSet != "":
		result = lang.X("handout.other_set", "Copy of the set {{.Set}}", map[string]any{"Set": s.OtherSet})
	case s.SecurityFailed:
		result = resultText(circ.CodeSecurityNotCleared)
	}
	if what == "" {
		return result
	}
	return strings.TrimSpace(what) + ": " + result
}

// listLine writes "Heading (3): a, b, c", or "" for an empty list.
// listLines is a heading and its items one a line, for things to act on.
func listLines(heading string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	return heading + " (" + strconv.Itoa(len(items)) + "):\n• " + strings.Join(items, "\n• ")
}

func listLine(heading string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	const most = 40
	shown := items
	more := ""
	if len(shown) > most {
		shown = shown[:most]
		more = " …"
	}
	return heading + " (" + strconv.Itoa(len(items)) + "): " + strings.Join(shown, ", ") + more
}
