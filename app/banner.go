package app

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"

	"github.com/circdesk/circdesk/circ"
)

// How long an outcome banner stays: 3 s, as the kiosk's design says, a
// refusal too (it stays in the session's list of books below).
const (
	bannerOK      = 3 * time.Second
	bannerRefused = 3 * time.Second
)

// banner is the outcome banner over the checkout screens: green "Got it!"
// and the title, or red with the reason and what to do. It hides itself.
type banner struct {
	card  *outcomeCard
	shade *canvas.Rectangle
	box   *fyne.Container
	gen   int // which banner is up; a timer only hides its own

	later func(time.Duration, func()) // runs a func on the UI goroutine after a delay
}

func newBanner(later func(time.Duration, func())) *banner {
	b := &banner{card: newOutcomeCard(), later: later}
	// A veil over the screen below, so the banner is the one thing to read.
	b.shade = canvas.NewRectangle(color.NRGBA{R: kioskBack.R, G: kioskBack.G, B: kioskBack.B, A: 0xd8})
	b.box = container.NewStack(b.shade, container.NewVBox(
		layout.NewSpacer(),
		container.New(layout.NewCustomPaddedLayout(0, 0, 48, 48), b.card.box),
		layout.NewSpacer(),
	))
	b.box.Hide()
	return b
}

// show puts o up; data fills the message templates.
func (b *banner) show(o circ.Outcome, data map[string]any) {
	d := bannerOK
	switch {
	case o.OK:
		head := lang.X("banner.ok", "Got it!")
		if o.Code == circ.CodeRenewed {
			head = lang.X("banner.renewed", "Renewed!")
		}
		detail := ""
		if !o.Due.IsZero() {
			detail = dueWords(o.Due)
		}
		b.card.set(symbolOK, head, o.Title, detail)
		// A doubt that did not stop the checkout (the tag kept its
		// security, a part is missing): an amber line in the green card,
		// up as long as a refusal so it can be read.
		if w := warningText(o, false); w != "" {
			b.card.setWarning(w)
			d = bannerRefused
		}
	case o.Code == circ.CodeWaitingForParts:
		// Not a refusal: the child puts the other parts on the pad.
		head, detail := waitingWords(o.Parts)
		b.card.set(symbolWarn, head, o.Title, detail)
		d = bannerRefused
	default:
		head := lang.X("banner.refused", "Not this one")
		if patronRefusal(o.Code) {
			head = lang.X("banner.card", "Sorry!")
		}
		b.card.set(symbolStop, head, o.Title, codeText(o.Code, data))
		// A refusal from the library server: its own words, below ours.
		// An accepted scan never shows them (a child needs no "Checked out OK").
		b.card.setScreen(screenWords(o))
		d = bannerRefused
	}
	b.box.Show()
	b.box.Refresh()
	b.gen++
	gen := b.gen
	b.later(d, func() {
		if b.gen == gen {
			b.hide()
		}
	})
}

func (b *banner) hide() {
	b.gen++
	b.box.Hide()
}

// up reports whether a banner is showing.
func (b *banner) up() bool { return b.box.Visible() }
