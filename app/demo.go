package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/devices"
)

// DemoSample is one code the demo scanner panel offers: a card or a book of
// the demo school. Kind is one of the demo school's sample kinds ("student",
// "book_on_hold", …); the panel words it, followed by Name.
type DemoSample struct{ Kind, Name, Code string }

// label is the button text of a sample: "Student: Maya (2-Kim)".
func (s DemoSample) label() string {
	data := map[string]any{"Name": s.Name}
	switch s.Kind {
	case "student":
		return lang.X("demo.student", "Student: {{.Name}}", data)
	case "teacher":
		return lang.X("demo.teacher", "Teacher: {{.Name}}", data)
	case "blocked_card":
		return lang.X("demo.blocked_card", "Blocked card: {{.Name}}", data)
	case "expired_card":
		return lang.X("demo.expired_card", "Expired card: {{.Name}}", data)
	case "overdue_books":
		return lang.X("demo.overdue_books", "Overdue books: {{.Name}}", data)
	case "at_book_limit":
		return lang.X("demo.at_book_limit", "At book limit: {{.Name}}", data)
	case "prox_card":
		return lang.X("demo.prox_card", "Prox card: {{.Name}}", data)
	case "book":
		return lang.X("demo.book", "Book: {{.Name}}", data)
	case "book_on_hold":
		return lang.X("demo.book_on_hold", "Book on hold: {{.Name}}", data)
	case "book_on_loan":
		return lang.X("demo.book_on_loan", "Book on loan: {{.Name}}", data)
	case "lost_book":
		return lang.X("demo.lost_book", "Lost book: {{.Name}}", data)
	case "pad_book":
		return lang.X("demo.pad_book", "On the RFID pad: {{.Name}}", data)
	}
	return s.Name
}

// demoPanel stands in for a barcode scanner on a demo station: each button
// sends its code through the same path as a real scan, or, for a book with
// RFID tags, puts the tags on the demo's simulated pad.
type demoPanel struct {
	buttons []*widget.Button
	box     fyne.CanvasObject
}

func newDemoPanel(samples []DemoSample, scan func(devices.Scan), pad func(string)) *demoPanel {
	p := &demoPanel{}
	title := widget.NewLabelWithStyle(lang.X("demo.title", "Demo scanner"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	hint := widget.NewLabel(lang.X("demo.hint", "Tap a card or a book to scan it."))
	hint.Wrapping = fyne.TextWrapWord
	list := container.NewVBox()
	for _, s := range samples {
		b := widget.NewButtonWithIcon(s.label(), theme.SearchIcon(), func() {
			if s.Kind == "pad_book" && pad != nil {
				go pad(s.Code) // a real pad is not the UI's to wait on
				return
			}
			scan(devices.Scan{Kind: devices.Barcode, Value: s.Code, Raw: []byte(s.Code), Reader: "demo"})
		})
		b.Alignment = widget.ButtonAlignLeading
		p.buttons = append(p.buttons, b)
		list.Add(b)
	}
	p.box = container.NewBorder(container.NewVBox(title, hint), nil, nil, nil, container.NewVScroll(list))
	return p
}
