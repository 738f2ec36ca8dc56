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

// statusBar is always at the bottom of the window: the station's name,
// whether the library server answers, and how many transactions wait to be
// sent. Device and server trouble shows here, never in a dialog.
type statusBar struct {
	station     *widget.Label
	online      *widget.Label
	onlineIcon  *widget.Icon
	pending     *widget.Label
	pendingIcon *widget.Icon
	box         *fyne.Container
}

func newStatusBar() *statusBar {
	b := &statusBar{
		station:     widget.NewLabel(""),
		online:      widget.NewLabel(""),
		onlineIcon:  widget.NewIcon(theme.WarningIcon()),
		pending:     widget.NewLabel(""),
		pendingIcon: widget.NewIcon(theme.UploadIcon()),
	}
	b.station.TextStyle.Bold = true
	b.box = container.NewVBox(widget.NewSeparator(), container.NewHBox(
		widget.NewIcon(theme.ComputerIcon()), b.station,
		layout.NewSpacer(),
		b.onlineIcon, b.online,
		widget.NewSeparator(),
		b.pendingIcon, b.pending,
	))
	b.show(circ.State{})
	return b
}

func (b *statusBar) show(s circ.State) {
	b.station.SetText(lang.X("status.station", "Station {{.Name}}", map[string]any{"Name": s.Station}))
	if s.Online {
		b.online.SetText(lang.X("status.online", "Online"))
		b.online.Importance = widget.SuccessImportance
		b.onlineIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	} else {
		b.online.SetText(lang.X("status.offline", "Offline"))
		b.online.Importance = widget.WarningImportance
		b.onlineIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	}
	b.online.Refresh()
	if s.Pending > 0 {
		b.pending.SetText(lang.XN("status.pending", "{{.Count}} waiting to send", s.Pending, map[string]any{"Count": s.Pending}))
	} else {
		b.pending.SetText(lang.X("status.pending.none", "Nothing waiting to send"))
	}
}
