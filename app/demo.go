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
// the demo school.
type DemoSample struct{ Label, Code string }

// demoPanel stands in for a barcode scanner on a demo station: each button
// sends its code through the same path as a real scan.
type demoPanel struct {
	buttons []*widget.Button
	box     fyne.CanvasObject
}

func newDemoPanel(samples []DemoSample, scan func(devices.Scan)) *demoPanel {
	p := &demoPanel{}
	title := widget.NewLabelWithStyle(lang.X("demo.title", "Demo scanner"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	hint := widget.NewLabel(lang.X("demo.hint", "Tap a card or a book to scan it."))
	hint.Wrapping = fyne.TextWrapWord
	list := container.NewVBox()
	for _, s := range samples {
		b := widget.NewButtonWithIcon(s.Label, theme.SearchIcon(), func() {
			scan(devices.Scan{Kind: devices.Barcode, Value: s.Code, Raw: []byte(s.Code), Reader: "demo"})
		})
		b.Alignment = widget.ButtonAlignLeading
		p.buttons = append(p.buttons, b)
		list.Add(b)
	}
	p.box = container.NewBorder(container.NewVBox(title, hint), nil, nil, nil, container.NewVScroll(list))
	return p
}
