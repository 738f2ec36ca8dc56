package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// hello is the kiosk screen of an identified child: a greeting with the
// first name only, how many more books they may take, what to do next, the
// books of this session, the inactivity countdown and "I'm done".
type hello struct {
	greeting  *widget.Label
	canBorrow *widget.Label
	prompt    *widget.Label
	rows      []*bookRow // the session's books, newest first: the first len(rows) of pool
	pool      []*bookRow // every row made; they are reused, never thrown away
	list      *fyne.Container
	bar       *countdownBar
	done      *widget.Button
	box       fyne.CanvasObject

	onDone func()
}

// bookRow is one book of the session: its title and due date in words.
type bookRow struct {
	item  string
	title *widget.Label
	due   *widget.Label
	line  fyne.CanvasObject
}

// bookRowsAhead is how many book rows the Hello screen makes at a time: a
// student's whole limit, so a session rarely needs new ones. Rows are made
// before the kiosk's theme is applied and reused by every session: a row
// made later needs the theme applied again, which Fyne does by caching a
// new set of fonts that it never frees.
const bookRowsAhead = 10

func newBookRow() *bookRow {
	r := &bookRow{title: widget.NewLabel(""), due: widget.NewLabel("")}
	r.title.TextStyle.Bold = true
	r.title.Wrapping = fyne.TextWrapWord
	r.due.Importance = widget.SuccessImportance
	tick := newSymbol(symbolOK, 44)
	r.line = container.NewBorder(nil, nil, container.NewVBox(layout.NewSpacer(), tick, layout.NewSpacer()), r.due, r.title)
	r.line.Hide()
	return r
}

func newHello(onDone func()) *hello {
	h := &hello{onDone: onDone}
	h.build()
	return h
}

func (h *hello) build() {
	h.greeting = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	h.greeting.SizeName = theme.SizeNameHeadingText
	h.canBorrow = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	h.prompt = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	h.prompt.SizeName = theme.SizeNameSubHeadingText
	h.prompt.Importance = widget.HighImportance
	// Every line wraps: a long name or a translation never widens the window.
	for _, l := range []*widget.Label{h.greeting, h.canBorrow, h.prompt} {
		l.Wrapping = fyne.TextWrapWord
	}
	h.list = container.NewVBox()
	h.grow(bookRowsAhead)
	h.bar = newCountdownBar()
	h.done = widget.NewButtonWithIcon(lang.X("hello.done", "I'm done"), theme.ConfirmIcon(), h.onDone0)
	h.done.Importance = widget.HighImportance

	top := container.NewVBox(h.greeting, h.canBorrow, h.prompt)
	bottom := container.NewVBox(
		container.NewCenter(sized(h.done, 360, 96)),
		container.NewPadded(sized(h.bar, 0, 18)),
	)
	h.box = container.NewBorder(top, bottom, nil, nil, container.NewVScroll(container.NewPadded(h.list)))
}

func (h *hello) onDone0() {
	if h.onDone != nil {
		h.onDone()
	}
}

// show fills the screen from s; it reports whether rows were added, so the
// caller can restyle them with the kiosk theme.
func (h *hello) show(s circ.State) bool {
	name := s.Patron.FirstName
	if name == "" {
		// A card lent on before the library server named it.
		h.greeting.SetText(lang.X("hello.greeting.noname", "Hi!"))
	} else {
		h.greeting.SetText(lang.X("hello.greeting", "Hi {{.Name}}!", map[string]any{"Name": name}))
	}
	n := s.Patron.CanBorrow
	switch {
	case s.Mode == circ.ModeRenew:
		// Renewing takes no more books: how many one may borrow is beside the point.
		h.canBorrow.SetText(lang.X("hello.renew", "You can renew the books you have."))
	case n <= 0:
		h.canBorrow.SetText(lang.X("hello.canborrow.none", "You cannot borrow more books right now."))
	default:
		h.canBorrow.SetText(lang.XN("hello.canborrow", "You can borrow {{.Count}} more books.", n, map[string]any{"Count": n}))
	}
	switch {
	case s.Mode == circ.ModeRenew:
		h.prompt.SetText(lang.X("hello.prompt.renew", "Put a book under the scanner to renew it."))
	case n <= 0:
		h.prompt.SetText(lang.X("hello.prompt.done", "Press “I'm done” when you are ready."))
	default:
		h.prompt.SetText(lang.X("hello.prompt", "Put a book under the scanner."))
	}
	return h.setBooks(s.Books)
}

// grow makes n more book rows, hidden.
func (h *hello) grow(n int) {
	for range n {
		r := newBookRow()
		h.pool = append(h.pool, r)
		h.list.Add(r.line)
	}
}

// setBooks shows the session's books, newest first, when they changed. It
// reports whether rows had to be made, so the caller can restyle them with
// the kiosk theme: only a session longer than any before needs that.
func (h *hello) setBooks(books []circ.Outcome) bool {
	if len(books) == len(h.rows) {
		same := true
		for i, b := range books {
			if h.rows[len(h.rows)-1-i].item != b.Item {
				same = false
				break
			}
		}
		if same {
			return false
		}
	}
	added := false
	if need := len(books) - len(h.pool); need > 0 {
		h.grow(max(need, bookRowsAhead))
		added = true
	}
	h.rows = h.pool[:len(books)]
	for i, r := range h.pool {
		if i >= len(books) {
			r.item = ""
			r.line.Hide()
			continue
		}
		b := books[len(books)-1-i]
		r.item = b.Item
		r.title.SetText(b.Title)
		r.due.SetText(dueWords(b.Due))
		r.line.Show()
	}
	h.list.Refresh()
	return added
}
