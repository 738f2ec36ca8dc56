package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// recentReturns is how many returned titles the Returns screen lists.
const recentReturns = 5

// returns is the check-in screen: "Returned: <title>", a large "Hold shelf:
// Sam" card when someone waits for the book, and a flag on a book that was
// marked lost.
type returns struct {
	prompt  *widget.Label // the heading
	how     *widget.Label // what to do
	picture *cardPicture  // a book under the scanner, until the first return
	result  *outcomeCard
	hold    *outcomeCard
	recent  *widget.Label
	titles  []string // newest first
	box     *fyne.Container
}

func newReturns() *returns {
	r := &returns{result: newOutcomeCard(), hold: newOutcomeCard()}
	// A short heading that never leaves a lone word on a line, and the
	// instruction below it, as on the checkout screens.
	r.prompt = widget.NewLabelWithStyle(lang.X("returns.heading", "Returning books"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.prompt.SizeName = theme.SizeNameHeadingText
	r.prompt.Wrapping = fyne.TextWrapWord
	r.how = widget.NewLabelWithStyle(lang.X("returns.prompt", "Put a book under the scanner."), fyne.TextAlignCenter, fyne.TextStyle{})
	r.how.SizeName = theme.SizeNameSubHeadingText
	r.how.Wrapping = fyne.TextWrapWord
	r.picture = newBookPicture()
	// One line, cut with an ellipsis: the newest titles first.
	r.recent = widget.NewLabel("")
	r.recent.Truncation = fyne.TextTruncateEllipsis
	r.result.box.Hide()
	r.hold.box.Hide()
	// The cards scroll if a long title and a hold ever need more height
	// than the screen has: the window never grows past it.
	cards := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(8, 8, 48, 48), container.NewVBox(r.result.box, r.hold.box)))
	r.box = container.NewBorder(container.NewVBox(r.prompt, r.how), container.NewPadded(r.recent), nil, nil,
		container.NewStack(r.picture, cards))
	return r
}

// show announces a new check-in outcome.
func (r *returns) show(o circ.Outcome) {
	// Cards shown or hidden need the screen laid out again.
	defer r.box.Refresh()
	r.hold.box.Hide()
	r.picture.Hide()
	if !o.OK {
		r.result.set(symbolStop, lang.X("banner.refused", "Not this one"), o.Title, codeText(o.Code, nil))
		r.result.setScreen(screenWords(o))
		r.result.box.Show()
		return
	}
	detail := ""
	kind := symbolOK
	switch o.Code {
	case circ.CodeLostFound:
		kind = symbolStop
		detail = codeText(o.Code, nil)
	case circ.CodeNotOnLoan:
		detail = codeText(o.Code, nil)
	}
	// As the checkout's "Got it!": the headline, then the book's title large.
	r.result.set(kind, lang.X("returns.returned.head", "Returned!"), o.Title, detail)
	r.result.setWarning(warningText(o, true))
	r.result.box.Show()
	if o.Code == circ.CodeHoldShelf || (o.Code == circ.CodeLostFound && o.HoldFor != "") {
		head := lang.X("returns.hold.noname", "Hold shelf")
		if o.HoldFor != "" {
			head = lang.X("returns.hold", "Hold shelf: {{.Name}}", map[string]any{"Name": o.HoldFor})
		}
		r.hold.set(symbolHold, head, "", lang.X("returns.hold.detail", "Put this book on the hold shelf."))
		r.hold.box.Show()
	}
	r.titles = append([]string{o.Title}, r.titles...)
	if len(r.titles) > recentReturns {
		r.titles = r.titles[:recentReturns]
	}
	r.recent.SetText(lang.X("returns.recent", "Just returned: {{.Titles}}", map[string]any{"Titles": strings.Join(r.titles, " · ")}))
}

// clear forgets the last outcome, as after a mode switch.
func (r *returns) clear() {
	r.result.box.Hide()
	r.hold.box.Hide()
	r.picture.Show()
	r.titles = nil
	r.recent.SetText("")
	r.box.Refresh()
}
