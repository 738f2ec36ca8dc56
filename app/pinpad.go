package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxPINDigits is the longest librarian PIN.
const maxPINDigits = 12

// pinPad is the librarian's PIN pad: digits, Erase and OK, the typed PIN
// shown as dots, a line saying what to do and a line saying what went
// wrong.
type pinPad struct {
	digits  string
	title   *widget.Label
	display *widget.Label
	message *widget.Label
	keys    map[string]*widget.Button // "0"…"9", "erase", "ok"
	box     *fyne.Container

	onOK func(pin string)
}

func newPINPad(onOK func(string)) *pinPad {
	p := &pinPad{onOK: onOK, keys: map[string]*widget.Button{}}
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.title.SizeName = theme.SizeNameSubHeadingText
	p.title.Wrapping = fyne.TextWrapWord
	p.display = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	p.display.SizeName = theme.SizeNameHeadingText
	p.message = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	grid := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		grid.Add(p.key(d))
	}
	erase := widget.NewButtonWithIcon(lang.X("pin.erase", "Erase"), theme.NavigateBackIcon(), p.onErase)
	ok := widget.NewButtonWithIcon(lang.X("pin.ok", "OK"), theme.ConfirmIcon(), p.onOK0)
	ok.Importance = widget.HighImportance
	p.keys["erase"], p.keys["ok"] = erase, ok
	grid.Add(sized(erase, 0, touchHeight))
	grid.Add(p.key("0"))
	grid.Add(sized(ok, 0, touchHeight))
	pad := container.NewVBox(p.title, p.display, grid, p.message)
	p.box = container.NewCenter(sized(pad, 360, 0))
	p.update()
	return p
}

func (p *pinPad) key(d string) fyne.CanvasObject {
	b := widget.NewButton(d, func() { p.onDigit(d) })
	p.keys[d] = b
	return sized(b, 100, touchHeight)
}

func (p *pinPad) onDigit(d string) {
	if len(p.digits) < maxPINDigits {
		p.digits += d
	}
	p.update()
}

func (p *pinPad) onErase() {
	if p.digits != "" {
		p.digits = p.digits[:len(p.digits)-1]
	}
	p.update()
}

func (p *pinPad) onOK0() {
	pin := p.digits
	if pin == "" {
		return
	}
	p.clear()
	p.onOK(pin)
}

// clear forgets the typed digits.
func (p *pinPad) clear() {
	p.digits = ""
	p.update()
}

// ask shows what to do and what went wrong ("" for nothing), with the
// digits cleared.
func (p *pinPad) ask(title, message string) {
	p.clear()
	p.title.SetText(title)
	setLine(p.message, message)
	p.box.Refresh() // the message line came or went: lay the pad out again
}

// busy disables the pad while a PIN is being checked.
func (p *pinPad) busy(b bool) {
	for _, k := range p.keys {
		if b {
			k.Disable()
		} else {
			k.Enable()
		}
	}
	if !b {
		p.update()
	}
}

func (p *pinPad) update() {
	p.display.SetText(strings.Repeat("•", len(p.digits)))
	if p.digits == "" {
		p.keys["ok"].Disable()
		p.keys["erase"].Disable()
	} else {
		p.keys["ok"].Enable()
		p.keys["erase"].Enable()
	}
}
