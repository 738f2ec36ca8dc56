package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// outcomeCard shows one outcome on the kiosk: a symbol and words on a tinted
// panel. Green "Got it!", red "Not this one", amber "Hold shelf".
type outcomeCard struct {
	kind     symbolKind
	bg       *canvas.Rectangle
	symbol   *symbol
	headline *widget.Label
	title    *widget.Label
	detail   *widget.Label
	// screen is the library server's own words, below the reason: italic,
	// and never smaller than the kiosk's body text.
	screen *widget.Label
	// warning is a doubt about an accepted scan ("Security not cleared"):
	// an amber panel with a "!" symbol inside the card, hidden when none.
	warning    *widget.Label
	warnSymbol *symbol
	warnBox    *fyne.Container
	box        *fyne.Container
}

func newOutcomeCard() *outcomeCard {
	c := &outcomeCard{
		bg:         canvas.NewRectangle(okTint),
		symbol:     newSymbol(symbolOK, 112),
		headline:   widget.NewLabel(""),
		title:      widget.NewLabel(""),
		detail:     widget.NewLabel(""),
		screen:     widget.NewLabel(""),
		warning:    widget.NewLabel(""),
		warnSymbol: newSymbol(symbolWarn, 56),
	}
	c.bg.CornerRadius = 24
	c.bg.StrokeWidth = 4
	c.headline.SizeName = theme.SizeNameHeadingText
	c.headline.TextStyle.Bold = true
	// "Returned: <title>" is a headline: it wraps like every line here, or
	// a long title makes the window wider than the screen.
	c.headline.Wrapping = fyne.TextWrapWord
	c.title.SizeName = theme.SizeNameSubHeadingText
	c.title.Wrapping = fyne.TextWrapWord
	c.detail.Wrapping = fyne.TextWrapWord
	c.screen.Wrapping = fyne.TextWrapWord
	c.screen.TextStyle.Italic = true
	c.warning.Wrapping = fyne.TextWrapWord
	c.warning.TextStyle.Bold = true
	warnBack := canvas.NewRectangle(holdTint)
	warnBack.CornerRadius = 16
	warnBack.StrokeWidth = 3
	warnBack.StrokeColor = holdColor
	c.warnBox = container.NewStack(warnBack, container.New(layout.NewCustomPaddedLayout(8, 8, 12, 12),
		container.NewBorder(nil, nil, container.NewVBox(layout.NewSpacer(), c.warnSymbol, layout.NewSpacer()), nil, c.warning)))
	c.warnBox.Hide()
	words := container.NewVBox(c.headline, c.title, c.detail, c.screen, c.warnBox)
	body := container.NewBorder(nil, nil, container.NewVBox(layout.NewSpacer(), c.symbol, layout.NewSpacer()), nil, words)
	c.box = container.NewStack(c.bg, container.New(layout.NewCustomPaddedLayout(24, 24, 32, 32), body))
	return c
}

// set shows an outcome: its kind picks symbol and colours; empty lines are
// hidden, and so are the server's words until setScreen.
func (c *outcomeCard) set(kind symbolKind, headline, title, detail string) {
	c.kind = kind
	c.symbol.setKind(kind)
	switch kind {
	case symbolOK:
		c.bg.FillColor, c.bg.StrokeColor = okTint, okColor
		c.headline.Importance = widget.SuccessImportance
	case symbolStop:
		c.bg.FillColor, c.bg.StrokeColor = refusedTint, refusedColor
		c.headline.Importance = widget.DangerImportance
	case symbolHold:
		c.bg.FillColor, c.bg.StrokeColor = holdTint, holdColor
		c.headline.Importance = widget.WarningImportance
	case symbolWarn:
		// Amber, but the words in ink: amber text on amber is hard to read.
		c.bg.FillColor, c.bg.StrokeColor = holdTint, holdColor
		c.headline.Importance = widget.MediumImportance
	}
	c.bg.Refresh()
	setLine(c.headline, headline)
	setLine(c.title, title)
	setLine(c.detail, detail)
	setLine(c.screen, "")
	c.setWarning("")
}

// setScreen shows the library server's own words below the reason ("" hides them).
func (c *outcomeCard) setScreen(words string) { setLine(c.screen, words) }

// setWarning shows a doubt about an accepted scan in the amber panel (""
// hides it).
func (c *outcomeCard) setWarning(words string) {
	setLine(c.warning, words)
	if words == "" {
		c.warnBox.Hide()
	} else {
		c.warnBox.Show()
	}
}

// setLine sets a label's text and hides it when there is none.
func setLine(l *widget.Label, text string) {
	l.Text = text
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
	l.Refresh()
}
