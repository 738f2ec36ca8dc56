package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxDigits is the longest number the pad takes (a 14-digit card barcode).
const maxDigits = 14

// numberPad is the big on-screen pad a child types a student number on:
// digits 0–9, Erase, OK, and Back to the card picture. The display is a
// label, not an entry, so a barcode scanner's keys still reach the wedge
// detector while the pad is open.
type numberPad struct {
	digits  string
	title   *widget.Label
	display *widget.Label
	message *widget.Label             // what went wrong with the last number, hidden when nothing
	keys    map[string]*widget.Button // "0"…"9", "erase", "ok"
	back    *widget.Button
	box     *fyne.Container

	// hidden shows the digits as dots (a PIN).
	hidden bool

	onOK   func(number string)
	onBack func()
	// onKey, when set, is told of every key tapped.
	onKey func()
}

func newNumberPad(onOK func(string), onBack func()) *numberPad {
	p := &numberPad{onOK: onOK, onBack: onBack, keys: map[string]*widget.Button{}}
	p.build()
	return p
}

func (p *numberPad) build() {
	p.title = widget.NewLabelWithStyle(lang.X("pad.title", "Type your student number"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.title.SizeName = theme.SizeNameHeadingText
	p.display = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	p.display.SizeName = theme.SizeNameHeadingText
	p.message = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Hide()
	screen := canvas.NewRectangle(white)
	screen.CornerRadius, screen.StrokeWidth, screen.StrokeColor = 14, 3, cardEdge

	grid := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		grid.Add(p.key(d))
	}
	erase := widget.NewButtonWithIcon(lang.X("pad.erase", "Erase"), theme.NavigateBackIcon(), p.onErase)
	p.keys["erase"] = erase
	ok := widget.NewButtonWithIcon(lang.X("pad.ok", "OK"), theme.ConfirmIcon(), p.onOK0)
	ok.Importance = widget.HighImportance
	p.keys["ok"] = ok
	grid.Add(sized(erase, 0, touchHeight))
	grid.Add(p.key("0"))
	grid.Add(sized(ok, 0, touchHeight))

	p.back = widget.NewButtonWithIcon(lang.X("pad.back", "Back"), theme.NavigateBackIcon(), p.onBack0)
	p.back.Importance = widget.LowImportance

	pad := container.NewVBox(
		p.title,
		sized(container.NewStack(screen, p.display), 0, 84),
		p.message,
		grid,
		container.NewCenter(sized(p.back, 0, touchHeight)),
	)
	p.box = container.NewCenter(sized(pad, 480, 0))
	p.update()
}

func (p *numberPad) key(d string) fyne.CanvasObject {
	b := widget.NewButton(d, func() { p.onDigit(d) })
	p.keys[d] = b
	return sized(b, 120, 80)
}

func (p *numberPad) onDigit(d string) {
	p.touched()
	if len(p.digits) < maxDigits {
		p.digits += d
	}
	p.update()
}

func (p *numberPad) onErase() {
	p.touched()
	if p.digits != "" {
		p.digits = p.digits[:len(p.digits)-1]
	}
	p.update()
}

func (p *numberPad) onOK0() {
	n := p.digits
	if n == "" {
		return
	}
	p.clear()
	if p.onOK != nil {
		p.onOK(n)
	}
}

func (p *numberPad) onBack0() {
	p.clear()
	if p.onBack != nil {
		p.onBack()
	}
}

func (p *numberPad) touched() {
	if p.onKey != nil {
		p.onKey()
	}
}

// say shows what went wrong with the last number ("": nothing).
func (p *numberPad) say(message string) {
	shown := p.message.Visible()
	setLine(p.message, message)
	if shown != p.message.Visible() {
		p.box.Refresh() // the line came or went: lay the pad out again
	}
}

// clear forgets the typed number.
func (p *numberPad) clear() {
	p.digits = ""
	p.update()
}

// setPIN switches the pad between a student number and a hidden PIN.
func (p *numberPad) setPIN(on bool) {
	p.hidden = on
	if on {
		p.title.SetText(lang.X("pad.pin_title", "Now type your PIN"))
	} else {
		p.title.SetText(lang.X("pad.title", "Type your student number"))
	}
	p.clear()
}

func (p *numberPad) update() {
	if p.hidden {
		p.display.SetText(strings.Repeat("●", len(p.digits)))
	} else {
		p.display.SetText(p.digits)
	}
	if p.digits != "" && p.message.Visible() {
		p.say("") // the child types again
	}
	if p.digits == "" {
		p.keys["ok"].Disable()
		p.keys["erase"].Disable()
	} else {
		p.keys["ok"].Enable()
		p.keys["erase"].Enable()
	}
}
