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
	pin    func(pin string)    // sends a PIN to the station
	cancel func()              // tells the station the PIN will not come
	// pinMode: the station asked the PIN of the number typed.
	pinMode bool
	now     func() time.Time
	// touched is when the pad was opened or a key tapped; waiting: a
	// number typed on it was sent and its answer has not come yet.
	touched time.Time
	waiting bool
}

func newWelcome(submit func(string), pin func(string), cancel func(), now func() time.Time) *welcome {
	w := &welcome{submit: submit, pin: pin, cancel: cancel, now: now}
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
	w.pad.onKey = func() { w.touched = w.now() }
	w.pad.box.Hide()
	w.box = container.NewStack(w.start, w.pad.box)
}

// onNoCard opens the number pad.
func (w *welcome) onNoCard() {
	w.touched = w.now()
	w.pad.clear()
	w.start.Hide()
	w.pad.box.Show()
}

// onBack closes the number pad.
func (w *welcome) onBack() {
	w.forgetPIN()
	w.reset()
}

// forgetPIN tells the station a PIN it waits for will not come.
func (w *welcome) forgetPIN() {
	if w.pinMode && w.cancel != nil {
		w.cancel()
	}
}

// askPIN turns the open pad into the PIN pad: the station holds the
// patron of the number typed until their PIN is right.
func (w *welcome) askPIN() {
	w.touched = w.now()
	w.waiting = false
	w.pinMode = true
	w.pad.setPIN(true)
	w.pad.say("")
	w.start.Hide()
	w.pad.box.Show()
}

// onNumber sends a typed number. The pad stays open, cleared, until the
// station answers: a number not found is typed again there.
func (w *welcome) onNumber(n string) {
	w.touched = w.now()
	w.waiting = true
	if w.pinMode {
		w.pin(n)
		return
	}
	w.submit(n)
}

// answer takes the outcome of a scan while Welcome shows and reports
// whether the pad showed it itself: a typed number that is not a card
// here. Any other answer closes the pad (the banner says it).
func (w *welcome) answer(o circ.Outcome) bool {
	if !w.waiting {
		return false
	}
	switch o.Code {
	case circ.CodeWrongPIN:
		w.waiting = false
		w.pad.clear()
		w.pad.say(codeText(o.Code, nil))
		return true
	case circ.CodePatronNotFound, circ.CodeNoPatron, circ.CodeItemNotFound:
		w.waiting = false
		w.pad.clear()
		w.pad.say(lang.X("pad.not_found", "That number was not found. Check it and type it again."))
		return true
	}
	w.reset()
	return false
}

// checkIdle closes the pad, forgetting its digits, when it was left
// untouched for the session timeout: nothing of one child stays for the
// next.
func (w *welcome) checkIdle(now time.Time, timeout time.Duration) {
	if timeout <= 0 {
		timeout = circ.DefaultTimeout
	}
	if w.pad.box.Visible() && now.Sub(w.touched) >= timeout {
		w.forgetPIN()
		w.reset()
	}
}

// reset shows the card picture again and forgets any typed digits.
func (w *welcome) reset() {
	w.waiting = false
	if w.pinMode {
		w.pinMode = false
		w.pad.setPIN(false)
	}
	w.pad.say("")
	w.pad.clear()
	w.pad.box.Hide()
	w.start.Show()
}
