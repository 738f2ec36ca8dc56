package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// maxReason caps the offline reason in the status bar: it is an error
// message, and the bar has one line.
const maxReason = 60

// statusBar is always at the bottom of the window: the station's name,
// whether the library server answers (and why not), how many transactions
// wait to be sent and, for the librarian, how many exceptions wait for
// them. Device and server trouble shows here, never in a dialog.
type statusBar struct {
	station     *widget.Label
	online      *widget.Label
	onlineIcon  *widget.Icon
	pending     *widget.Label
	pendingIcon *widget.Icon
	exceptions  *widget.Label
	exIcon      *widget.Icon
	exBox       *fyne.Container // the exceptions count and its separator; librarian only
	librarian   bool            // the librarian's views show: the technical reasons too
	readers     *widget.Label
	readersIcon *widget.Icon
	readersBox  *fyne.Container // the readers' state and its separator; hidden with no readers
	plain       *widget.Label
	plainBox    *fyne.Container // "Not encrypted" and its separator; shown for plain TCP over the network
	box         *fyne.Container
}

func newStatusBar() *statusBar {
	b := &statusBar{
		station:     widget.NewLabel(""),
		online:      widget.NewLabel(""),
		onlineIcon:  widget.NewIcon(theme.WarningIcon()),
		pending:     widget.NewLabel(""),
		pendingIcon: widget.NewIcon(theme.UploadIcon()),
		exceptions:  widget.NewLabel(""),
		exIcon:      widget.NewIcon(theme.InfoIcon()),
		readers:     widget.NewLabel(""),
		readersIcon: widget.NewIcon(theme.InfoIcon()),
		plain:       widget.NewLabel(""),
	}
	b.station.TextStyle.Bold = true
	// The station's name takes the room the rest leaves, cut with an
	// ellipsis: a long name never widens the window.
	b.station.Truncation = fyne.TextTruncateEllipsis
	b.exBox = container.NewHBox(b.exIcon, b.exceptions, widget.NewSeparator())
	b.exBox.Hide()
	b.readersBox = container.NewHBox(b.readersIcon, b.readers, widget.NewSeparator())
	b.readersBox.Hide()
	b.plainBox = container.NewHBox(widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), b.plain, widget.NewSeparator())
	b.plainBox.Hide()
	b.box = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil,
		widget.NewIcon(theme.ComputerIcon()),
		container.NewHBox(
			b.exBox,
			b.readersBox,
			b.plainBox,
			b.onlineIcon, b.online,
			widget.NewSeparator(),
			b.pendingIcon, b.pending,
		),
		b.station,
	))
	b.show(circ.State{}, circ.LinkState{})
	return b
}

// show applies a station state and what the station knows of its library
// server.
func (b *statusBar) show(s circ.State, link circ.LinkState) {
	b.station.SetText(lang.X("status.station", "Station {{.Name}}", map[string]any{"Name": s.Station}))
	switch {
	case !link.Configured:
		b.online.SetText(lang.X("status.noserver", "No library server"))
		b.online.Importance = widget.MediumImportance
		b.onlineIcon.SetResource(theme.InfoIcon())
	case s.Online:
		b.online.SetText(lang.X("status.online", "Online"))
		b.online.Importance = widget.SuccessImportance
		b.onlineIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	default:
		switch {
		case !b.librarian:
			// The kiosk: plain words for a child, never an address.
			b.online.SetText(lang.X("status.offline.kiosk", "Offline: your books are still saved"))
		case link.Reason != "":
			b.online.SetText(lang.X("status.offline.reason", "Offline: {{.Reason}}", map[string]any{"Reason": clip(link.Reason, maxReason)}))
		default:
			b.online.SetText(lang.X("status.offline", "Offline"))
		}
		b.online.Importance = widget.WarningImportance
		b.onlineIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	}
	b.online.Refresh()
	b.showPlain(link.Configured && link.Unencrypted)
	if s.Pending > 0 {
		b.pending.SetText(lang.XN("status.pending", "{{.Count}} waiting to send", s.Pending, map[string]any{"Count": s.Pending}))
	} else {
		b.pending.SetText(lang.X("status.pending.none", "Nothing waiting to send"))
	}
}

// showExceptions shows the count of open exceptions; n < 0 hides it (the
// kiosk is up, where nobody counts them).
func (b *statusBar) showExceptions(n int) {
	switch {
	case n < 0:
		b.exBox.Hide()
		b.box.Refresh()
		return
	case n == 0:
		b.exceptions.SetText(lang.X("status.exceptions.none", "No exceptions"))
		b.exceptions.Importance = widget.MediumImportance
		b.exIcon.SetResource(theme.InfoIcon())
	default:
		b.exceptions.SetText(lang.XN("status.exceptions", "{{.Count}} exceptions to check", n, map[string]any{"Count": n}))
		b.exceptions.Importance = widget.WarningImportance
		b.exIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	}
	b.exceptions.Refresh()
	if !b.exBox.Visible() {
		// Shown again, the count needs the bar laid out again.
		b.exBox.Show()
		b.box.Refresh()
	}
}

// showReaders shows whether the station's readers work: "Readers OK", or
// the first one in trouble ("Card reader: reconnecting"), always with an
// icon. With no readers configured it shows nothing. An unplugged reader
// is said here and only here: never in a dialog at the kiosk.
func (b *statusBar) showReaders(states []devices.ReaderState) {
	if len(states) == 0 {
		if b.readersBox.Visible() {
			b.readersBox.Hide()
			b.box.Refresh()
		}
		return
	}
	var trouble []devices.ReaderState
	for _, s := range states {
		if s.Status != devices.Connected {
			trouble = append(trouble, s)
		}
	}
	if len(trouble) == 0 {
		b.readers.SetText(lang.X("status.readers.ok", "Readers OK"))
		b.readers.Importance = widget.SuccessImportance
		b.readersIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	} else {
		first := trouble[0]
		text := readerStatusShort(first)
		if n := len(trouble) - 1; n > 0 {
			text = lang.XN("status.readers.more", "{{.First}} (and {{.Count}} more)", n, map[string]any{"First": text, "Count": n})
		}
		b.readers.SetText(text)
		b.readers.Importance = statusImportance(first.Status)
		b.readersIcon.SetResource(statusIcon(first.Status))
	}
	b.readers.Refresh()
	if !b.readersBox.Visible() {
		b.readersBox.Show()
		b.box.Refresh()
	}
}

// showPlain shows "Not encrypted" while the station talks to its library
// server in the clear over the network (a server added with --insecure).
func (b *statusBar) showPlain(plain bool) {
	if plain == b.plainBox.Visible() {
		return
	}
	if plain {
		b.plain.SetText(lang.X("status.unencrypted", "Not encrypted"))
		b.plain.Importance = widget.WarningImportance
		b.plainBox.Show()
	} else {
		b.plainBox.Hide()
	}
	b.box.Refresh()
}
