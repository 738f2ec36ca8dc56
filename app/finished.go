package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// finished is the "All done" summary that shows after "I'm done" or the
// countdown, until the station goes back to Welcome.
type finished struct {
	symbol  *symbol
	title   *widget.Label
	summary *widget.Label
	box     fyne.CanvasObject
}

func newFinished() *finished {
	f := &finished{symbol: newSymbol(symbolOK, 160)}
	f.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	f.title.SizeName = theme.SizeNameHeadingText
	f.title.Wrapping = fyne.TextWrapWord
	f.summary = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	f.summary.SizeName = theme.SizeNameSubHeadingText
	f.summary.Wrapping = fyne.TextWrapWord
	f.box = container.NewVBox(
		layout.NewSpacer(),
		container.NewCenter(f.symbol),
		f.title,
		f.summary,
		layout.NewSpacer(),
	)
	return f
}

// show writes "All done, Maya!" and "3 books, due December 15.".
func (f *finished) show(s circ.State) {
	name := s.Patron.FirstName
	f.title.SetText(lang.X("finished.title", "All done, {{.Name}}!", map[string]any{"Name": name}))
	f.summary.SetText(summary(s.Books))
}

// summary counts the session's books and says when they are due: one date
// when they share it, otherwise the first one.
func summary(books []circ.Outcome) string {
	n := len(books)
	if n == 0 {
		return lang.X("finished.none", "See you next time!")
	}
	var first time.Time
	same := true
	for i, b := range books {
		if dateWords(b.Due) != dateWords(books[0].Due) {
			same = false
		}
		if i == 0 || b.Due.Before(first) {
			first = b.Due
		}
	}
	data := map[string]any{"Count": n, "Date": dateWords(first)}
	if same {
		return lang.XN("finished.summary", "{{.Count}} books, due {{.Date}}.", n, data)
	}
	return lang.XN("finished.summary.mixed", "{{.Count}} books, the first one due {{.Date}}.", n, data)
}
