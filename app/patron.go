package app

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// patronView is the librarian's patron lookup: a card number in, the
// patron's name, standing and loans out, overdue ones marked.
type patronView struct {
	entry    *widget.Entry
	find     *widget.Button
	name     *widget.Label
	standing *widget.Label
	source   *widget.Label // where the cache has the patron from, and how fresh
	holds    *widget.Label // the patron's holds
	message  *widget.Label
	loans    *fyne.Container
	rows     []loanRow
	matches  []*widget.Button // several patrons matched a name
	box      fyne.CanvasObject

	lookup  func(card string) // asks the station; the answer comes to set
	unfocus func()            // gives the keys back to the wedge detector
	now     func() time.Time
}

// loanRow is one loan in the patron view.
type loanRow struct {
	title   *widget.Label
	due     *widget.Label
	overdue bool
}

func newPatronView(lookup func(string), unfocus func(), now func() time.Time) *patronView {
	p := &patronView{lookup: lookup, unfocus: unfocus, now: now}
	p.entry = widget.NewEntry()
	p.entry.SetPlaceHolder(lang.X("patron.card", "Card number or name"))
	p.entry.OnSubmitted = func(string) { p.onFind() }
	p.find = widget.NewButtonWithIcon(lang.X("patron.find", "Find"), theme.SearchIcon(), p.onFind)
	p.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.name.SizeName = theme.SizeNameSubHeadingText
	p.standing = widget.NewLabel("")
	p.standing.Importance = widget.DangerImportance
	p.message = widget.NewLabel("")
	p.source = widget.NewLabel("")
	p.holds = widget.NewLabel("")
	p.holds.Wrapping = fyne.TextWrapWord
	p.loans = container.NewVBox()
	top := container.NewBorder(nil, nil, nil, p.find, p.entry)
	info := container.NewVBox(p.name, p.standing, p.source, p.holds, p.message)
	p.box = container.NewBorder(container.NewVBox(top, info), nil, nil, nil, container.NewVScroll(p.loans))
	setLine(p.name, "")
	setLine(p.standing, "")
	setLine(p.source, "")
	setLine(p.holds, "")
	setLine(p.message, "")
	return p
}

func (p *patronView) onFind() {
	card := p.entry.Text
	if p.unfocus != nil {
		p.unfocus()
	}
	if card == "" {
		return
	}
	p.lookup(card)
}

func (p *patronView) clear() {
	setLine(p.source, "")
	setLine(p.holds, "")
	setLine(p.name, "")
	setLine(p.standing, "")
	setLine(p.message, "")
	p.rows, p.matches = nil, nil
	p.loans.RemoveAll()
	p.box.Refresh()
}

// set shows what st.LookUpPatron answered for what was typed.
func (p *patronView) set(card string, found circ.PatronLookup, err error) {
	p.clear()
	// Lines shown or hidden need their containers laid out again.
	defer p.box.Refresh()
	pat, loans := found.Patron, found.Loans
	switch {
	case errors.Is(err, circ.ErrUnknownPatron), errors.Is(err, circ.ErrNotFound):
		setLine(p.message, lang.X("patron.notfound", "No patron has the card number or name {{.Card}}.", map[string]any{"Card": card}))
		return
	case err == nil && len(found.Matches) > 0:
		p.showMatches(found.Matches)
		return
	case err != nil:
		slog.Warn("look up patron", "err", err)
		setLine(p.message, lang.X("patron.error", "That card could not be looked up. Try again."))
		return
	}
	now := p.now()
	setLine(p.name, lang.X("patron.name", "{{.First}} {{.Last}} ({{.ID}})", map[string]any{"First": pat.FirstName, "Last": pat.LastName, "ID": pat.ID}))
	setLine(p.source, sourceWords(pat.Source, pat.RefreshedAt))
	switch {
	case pat.Blocked:
		setLine(p.standing, lang.X("patron.blocked", "Blocked: {{.Reason}}", map[string]any{"Reason": pat.BlockReason}))
	case pat.Expired(now):
		setLine(p.standing, lang.X("patron.expired", "Card expired {{.Date}}", map[string]any{"Date": dayWords(pat.Expires)}))
	}
	p.showHolds(found.Holds)
	if len(loans) == 0 {
		setLine(p.message, lang.X("patron.noloans", "No books out."))
		return
	}
	setLine(p.message, lang.XN("patron.loans", "{{.Count}} books out", len(loans), map[string]any{"Count": len(loans)}))
	for _, l := range loans {
		r := loanRow{title: widget.NewLabel(l.Title), due: widget.NewLabel(dueWords(l.Due)), overdue: l.Overdue(now)}
		if r.title.Text == "" {
			r.title.SetText(l.Item)
		}
		var icon fyne.CanvasObject = widget.NewIcon(theme.DocumentIcon())
		if r.overdue {
			r.due.SetText(lang.X("patron.overdue", "Overdue: due {{.Date}}", map[string]any{"Date": dayWords(l.Due)}))
			r.due.Importance = widget.DangerImportance
			r.due.TextStyle.Bold = true
			icon = widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon()))
		}
		p.rows = append(p.rows, r)
		p.loans.Add(container.NewBorder(nil, nil, icon, r.due, r.title))
	}
}

// showMatches lists the patrons a name matched; tapping one shows them.
func (p *patronView) showMatches(matches []circ.Patron) {
	setLine(p.message, lang.XN("patron.matches", "{{.Count}} patrons match. Choose one:", len(matches), map[string]any{"Count": len(matches)}))
	p.matches = p.matches[:0]
	for _, m := range matches {
		label := lang.X("patron.match", "{{.First}} {{.Last}} ({{.ID}})", map[string]any{"First": m.FirstName, "Last": m.LastName, "ID": m.ID})
		if m.Homeroom != "" {
			label += " · " + m.Homeroom
		}
		id := m.ID
		b := widget.NewButton(label, func() { p.entry.SetText(id); p.lookup(id) })
		b.Alignment = widget.ButtonAlignLeading
		p.matches = append(p.matches, b)
		p.loans.Add(b)
	}
}

// sourceWords says where the cache has a patron from and, for one learned
// from the library server, when it last answered about them.
func sourceWords(src circ.Source, refreshed time.Time) string {
	when := ""
	if !refreshed.IsZero() {
		when = refreshed.Format("Jan 2 15:04")
	}
	switch {
	case src == circ.SourceServer && when != "":
		return lang.X("patron.source.server_at", "From the library server, last checked {{.When}}", map[string]any{"When": when})
	case src == circ.SourceServer:
		return lang.X("patron.source.server", "From the library server")
	case src == circ.SourceRoster && when != "":
		return lang.X("patron.source.roster_at", "From the school roster; the library server last checked {{.When}}", map[string]any{"When": when})
	case src == circ.SourceRoster:
		return lang.X("patron.source.roster", "From the school roster")
	}
	return ""
}

// showHolds lists the patron's holds, the ones waiting on the shelf marked.
func (p *patronView) showHolds(holds []circ.HoldView) {
	var names []string
	for _, h := range holds {
		t := h.Title
		if t == "" {
			t = h.Item
		}
		if h.Ready {
			t = lang.X("patron.hold.ready", "{{.Title}} (on the hold shelf)", map[string]any{"Title": t})
		}
		names = append(names, t)
	}
	if len(names) == 0 {
		setLine(p.holds, "")
		return
	}
	setLine(p.holds, lang.X("patron.holds", "Holds: {{.Titles}}", map[string]any{"Titles": strings.Join(names, "; ")}))
}
