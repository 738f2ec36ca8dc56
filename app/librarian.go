package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
)

// librarian is the librarian's side of the station: the mode switch and
// the Today, Patron and Exceptions tabs. Denser than the kiosk.
type librarian struct {
	mode       *widget.RadioGroup
	labels     map[circ.Mode]string
	syncing    bool // the radio is being set from a station state
	today      *today
	patron     *patronView
	exceptions *exceptionsView
	devices    *devicesView // nil without Options.Devices
	devTab     *container.TabItem
	sets       *setsView // nil without Options.Sets
	setsTab    *container.TabItem
	roster     *rosterView // nil without Options.Rosters
	rosterTab  *container.TabItem
	tabs       *container.AppTabs
	box        fyne.CanvasObject

	setMode func(circ.Mode)
}

func newLibrarian(u *UI) *librarian {
	l := &librarian{setMode: u.onSetMode}
	l.labels = map[circ.Mode]string{
		circ.ModeCheckout: lang.X("mode.checkout", "Checkout"),
		circ.ModeCheckin:  lang.X("mode.checkin", "Check-in"),
		circ.ModeRenew:    lang.X("mode.renew", "Renew"),
	}
	l.mode = widget.NewRadioGroup([]string{l.labels[circ.ModeCheckout], l.labels[circ.ModeCheckin], l.labels[circ.ModeRenew]}, l.onMode)
	l.mode.Horizontal = true
	l.mode.Required = true
	l.syncing = true
	l.mode.SetSelected(l.labels[circ.ModeCheckout])
	l.syncing = false
	l.today = newToday(u.loadToday)
	l.patron = newPatronView(u.findPatron, u.unfocus, func() time.Time { return u.clock() })
	l.exceptions = newExceptionsView(u.loadExceptions, u.retryException, u.resolveException, u.confirmDialog, u.unfocus)
	l.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.X("tab.today", "Today"), theme.HistoryIcon(), l.today.box),
		container.NewTabItemWithIcon(lang.X("tab.patron", "Patron"), theme.AccountIcon(), l.patron.box),
		container.NewTabItemWithIcon(lang.X("tab.exceptions", "Exceptions"), theme.WarningIcon(), l.exceptions.box),
	)
	if u.dev != nil {
		l.devices = newDevicesView(u.loadPorts, u.saveReaders, u.confirmAction)
		l.devTab = container.NewTabItemWithIcon(lang.X("tab.devices", "Devices"), theme.ComputerIcon(), l.devices.box)
		l.tabs.Append(l.devTab)
	}
	if u.sets != nil {
		l.sets = newSetsView(u.setsActions(), func() time.Time { return u.clock() })
		l.setsTab = container.NewTabItemWithIcon(lang.X("tab.sets", "Book sets"), theme.ListIcon(), l.sets.box)
		l.tabs.Append(l.setsTab)
	}
	if u.rosters != nil {
		l.roster = newRosterView(u.importRoster, u.chooseRoster)
		l.rosterTab = container.NewTabItemWithIcon(lang.X("tab.roster", "Roster"), theme.AccountIcon(), l.roster.box)
		l.tabs.Append(l.rosterTab)
	}
	if u.inventories.Service != nil {
		u.inventory = newInventoryView(u.inventoryActions())
		l.tabs.Append(container.NewTabItemWithIcon(lang.X("tab.inventory", "Inventory"), theme.StorageIcon(), u.inventory.box))
		u.loadInventories("")
	}
	l.tabs.OnSelected = func(*container.TabItem) {
		u.unfocus()
		switch sel := l.tabs.Selected(); {
		case sel == nil:
		case sel == l.setsTab:
			u.loadSet(l.sets.pick.Selected)
		case sel == l.rosterTab:
			u.loadRoster()
		}
		switch l.tabs.SelectedIndex() {
		case tabToday:
			u.loadToday()
		case tabExceptions:
			u.loadExceptions()
		}
		u.followDevicesTab()
	}
	modeRow := container.NewHBox(widget.NewLabelWithStyle(lang.X("mode.label", "Mode:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), l.mode)
	l.box = container.NewBorder(container.NewVBox(modeRow, widget.NewSeparator()), nil, nil, nil, l.tabs)
	return l
}

func (l *librarian) onMode(label string) {
	if l.syncing {
		return
	}
	for m, s := range l.labels {
		if s == label {
			l.setMode(m)
		}
	}
}

// show follows the station's mode.
func (l *librarian) show(s circ.State) {
	if label, ok := l.labels[s.Mode]; ok && l.mode.Selected != label {
		l.syncing = true
		l.mode.SetSelected(label)
		l.syncing = false
	}
}

// The librarian's tabs, in order.
const (
	tabToday = iota
	tabPatron
	tabExceptions
	tabDevices // only with Options.Devices
)

// todayShown reports whether the Today list is on screen.
func (l *librarian) todayShown() bool { return l.tabs.SelectedIndex() == tabToday }

// devicesShown reports whether the Devices tab is the librarian's tab now.
func (l *librarian) devicesShown() bool {
	return l.devTab != nil && l.tabs.Selected() == l.devTab
}
