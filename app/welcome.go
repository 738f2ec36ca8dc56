package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// welcome is the first kiosk screen: "Scan your library card", a picture of
// a card under the scanner, and the way to type a student number instead.
type welcome struct {
	title   *widget.Label
	picture *cardPicture
	noCard  *widget.Button
	pad     *numberPad
	start   *fyne.Container // title, picture and the "No card?" button
	box     *fyne.Container // start or pad

	submit func(number string) // sends a typed number to the station as a scan
}

func newWelcome(submit func(string)) *welcome {
	w := &welcome{submit: submit}
	w.build()
	return w
}

func (w *welcome) build() {
	w.title = widget.NewLabelWithStyle(lang.X("welcome.title", "Scan your library card"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	w.title.SizeName = theme.SizeNameHeadingText
	w.title.Wrapping = fyne.TextWrapWord
	w.picture = newCardPicture()
	w.noCard = widget.NewButtonWithIcon(lang.X("welcome.nocard", "No card? Type your student number"), theme.AccountIcon(), w.onNoCard)
	w.noCard.Importance = widget.MediumImportance
	w.start = container.NewVBox(
		layout.NewSpacer(),
		w.title,
		sized(w.picture, 480, 360),
		layout.NewSpacer(),
		container.NewCenter(sized(w.noCard, 0, touchHeight)),
		layout.NewSpacer(),
	)
	w.pad = newNumberPad(w.onNumber, w.onBack)
	w.pad.box.Hide()
	w.box = container.NewStack(w.start, w.pad.box)
}

// onNoCard opens the number pad.
func (w *welcome) onNoCard() {
	w.pad.clear()
	w.start.Hide()
	w.pad.box.Show()
}

// onBack closes the number pad.
func (w *welcome) onBack() { w.reset() }

func (w *welcome) onNumber(n string) {
	w.reset()
	w.submit(n)
}

// reset shows the card picture again and forgets any typed digits.
func (w *welcome) reset() {
	w.pad.clear()
	w.pad.box.Hide()
	w.start.Show()
}
