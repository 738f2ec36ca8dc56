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
	invTab     *container.TabItem // nil without Options.Inventories
	tabs       *container.AppTabs
	box        fyne.CanvasObject
	// scanLine says where scans go while this side shows: "Scans go to
	// the kiosk when it is showing.", or what check-in at the desk did.
	scanLine    *widget.Label
	head        *fyne.Container // the mode row and scanLine
	deskCheckin bool            // scans check books in at the desk now
	deskLast    *circ.Outcome   // the outcome scanLine shows, if any
	// unbuilt are the tabs whose screens are made the first time they are
	// shown: a kiosk that never opens them does not carry them.
	unbuilt map[*container.TabItem]func()

	setMode func(circ.Mode)
}

func newLibrarian(u *UI) *librarian {
	l := &librarian{setMode: func(m circ.Mode) {
		u.lock.touch()
		u.onSetMode(m)
	}}
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
	l.unbuilt = map[*container.TabItem]func(){}
	if u.sets != nil {
		l.setsTab = l.lazyTab(lang.X("tab.sets", "Book sets"), theme.ListIcon(), func() fyne.CanvasObject {
			l.sets = newSetsView(u.setsActions(), func() time.Time { return u.clock() })
			return l.sets.box
		})
	}
	if u.rosters != nil {
		l.rosterTab = l.lazyTab(lang.X("tab.roster", "Roster"), theme.AccountIcon(), func() fyne.CanvasObject {
			l.roster = newRosterView(u.importRoster, u.chooseRoster)
			return l.roster.box
		})
	}
	if u.inventories.Service != nil {
		l.invTab = l.lazyTab(lang.X("tab.inventory", "Inventory"), theme.StorageIcon(), func() fyne.CanvasObject {
			u.inventory = newInventoryView(u.inventoryActions())
			u.loadInventories("")
			return u.inventory.box
		})
	}
	l.tabs.OnSelected = func(*container.TabItem) {
		u.lock.touch()
		u.unfocus()
		if build := l.unbuilt[l.tabs.Selected()]; build != nil {
			delete(l.unbuilt, l.tabs.Selected())
			build()
		}
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
		u.followScans()
	}
	l.scanLine = widget.NewLabel("")
	l.scanLine.Wrapping = fyne.TextWrapWord
	l.scanLine.Hide()
	modeRow := container.NewHBox(widget.NewLabelWithStyle(lang.X("mode.label", "Mode:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), l.mode)
	l.head = container.NewVBox(modeRow, l.scanLine, widget.NewSeparator())
	l.box = container.NewBorder(l.head, nil, nil, nil, l.tabs)
	return l
}

// lazyTab appends a tab whose screen build makes the first time the tab
// is shown.
func (l *librarian) lazyTab(title string, icon fyne.Resource, build func() fyne.CanvasObject) *container.TabItem {
	holder := container.NewStack()
	item := container.NewTabItemWithIcon(title, icon, holder)
	l.unbuilt[item] = func() {
		holder.Objects = []fyne.CanvasObject{build()}
		holder.Refresh()
	}
	l.tabs.Append(item)
	return item
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
func (l *librarian) show(m circ.Mode) {
	if label, ok := l.labels[m]; ok && l.mode.Selected != label {
		l.syncing = true
		l.mode.SetSelected(label)
		l.syncing = false
	}
}

// showDeskCheckin shows what check-in at the desk made of the latest scan:
// "Returned: Ocean Secrets. Hold shelf: Sam", or why not.
func (l *librarian) showDeskCheckin(last *circ.Outcome) {
	if !l.deskCheckin || last == nil || last.Action != circ.Checkin {
		return
	}
	if l.deskLast != nil && sameOutcome(*l.deskLast, *last) {
		return
	}
	o := *last
	l.deskLast = &o
	words, imp := deskWords(o)
	l.scanLine.Importance = imp
	l.setScanLine(words)
}

// setScanLine shows words under the mode row ("" hides the line).
func (l *librarian) setScanLine(words string) {
	shown := l.scanLine.Visible()
	setLine(l.scanLine, words)
	if shown != l.scanLine.Visible() {
		l.head.Refresh() // the line came or went: lay the top out again
	}
}

// deskWords is the librarian's line for a check-in outcome.
func deskWords(o circ.Outcome) (string, widget.Importance) {
	if !o.OK {
		return clip(o.Title+": "+codeText(o.Code, nil), maxScreenWords), widget.DangerImportance
	}
	words := lang.X("returns.returned", "Returned: {{.Title}}", map[string]any{"Title": o.Title})
	imp := widget.SuccessImportance
	if d := codeDetail(o); d != "" {
		words += " " + d
		imp = widget.WarningImportance
	}
	if o.Code == circ.CodeHoldShelf || o.HoldFor != "" {
		words += " " + lang.X("returns.hold.desk", "Hold shelf: {{.Name}}.", map[string]any{"Name": o.HoldFor})
		imp = widget.WarningImportance
	}
	return words, imp
}

// codeDetail is the sentence a check-in outcome adds to "Returned:", "" when
// none (a plain return).
func codeDetail(o circ.Outcome) string {
	switch o.Code {
	case circ.CodeLostFound, circ.CodeNotOnLoan:
		return codeText(o.Code, nil)
	}
	return ""
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
