package app

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// scanTarget is where a scan goes: to what is on screen.
type scanTarget int32

const (
	// toStation: the kiosk is showing, or a librarian view that hands
	// scans to the station (a book-set handout or an inventory running on
	// its tab, or check-in at the desk).
	toStation scanTarget = iota
	// toDevices: the Devices tab's test area shows the scan and nothing
	// else happens: it never lends a book.
	toDevices
	// toNobody: a librarian view that takes no scans is showing; it says
	// "Scans go to the kiosk when it is showing."
	toNobody
	// toLock: the librarian's PIN pad is showing; a staff badge opens
	// the views, any other scan is refused there.
	toLock
)

// scanTarget decides where a scan goes now (on the UI goroutine).
func (u *UI) scanTarget() scanTarget {
	if u.lock.shown() {
		return toLock
	}
	if !u.librarianShown() {
		return toStation
	}
	l := u.librarian
	sel := l.tabs.Selected()
	job := u.running.job != nil || u.state.Job
	switch {
	case l.devicesShown():
		return toDevices
	case job && sel != nil && (sel == l.setsTab || sel == l.invTab):
		return toStation // the handout or the inventory takes it
	case !job && u.mode() == circ.ModeCheckin:
		return toStation // check-in at the desk
	}
	return toNobody
}

// mode is the station's mode, or the one just asked for.
func (u *UI) mode() circ.Mode {
	if u.wantMode != "" {
		return u.wantMode
	}
	return u.state.Mode
}

// followScans records where scans go now, for the readers' goroutines
// (ScansToStation), and shows the librarian's line about it. Called on the
// UI goroutine whenever a tab, the mode or a job changes.
func (u *UI) followScans() {
	t := u.scanTarget()
	u.route.Store(int32(t))
	l := u.librarian
	switch {
	case t == toNobody:
		l.scanLine.Importance = widget.MediumImportance
		l.setScanLine(lang.X("route.kiosk", "Scans go to the kiosk when it is showing."))
	case t == toStation && u.librarianShown() && !(u.running.job != nil || u.state.Job):
		if !l.deskCheckin {
			// What the kiosk showed last is not the desk's to report.
			l.deskLast = u.state.Last
			l.scanLine.Importance = widget.MediumImportance
			l.setScanLine(lang.X("route.desk", "Check-in at the desk: scan a book to return it."))
		}
		l.deskCheckin = true
		return
	default:
		l.setScanLine("")
	}
	l.deskCheckin = false
}

// ScansToStation reports whether a reader's scan should go to the station
// now: false while a librarian view that takes no scans, or the Devices
// tab (which shows them through Devices.Listen), is showing. Safe from any
// goroutine; nil (no window yet): true, the kiosk comes first.
func (u *UI) ScansToStation() bool {
	return u == nil || scanTarget(u.route.Load()) == toStation
}

// ReaderScan takes a reader's scan that did not go to the station
// (ScansToStation was false): while the librarian's PIN pad shows, a
// staff badge opens the views and any other card is refused there, as
// from a keyboard-wedge scanner. Elsewhere it goes nowhere (the Devices
// tab hears it through Devices.Listen). Safe from any goroutine.
func (u *UI) ReaderScan(sc devices.Scan) {
	if u == nil {
		return // no window yet: no PIN pad either
	}
	u.do(func() {
		if u.scanTarget() == toLock {
			u.lock.onBadge(sc)
		}
	})
}

// routeScan sends a scan from the window (the keyboard wedge, the number
// pad, the demo panel) to what is on screen.
func (u *UI) routeScan(sc devices.Scan) {
	switch u.scanTarget() {
	case toStation:
		u.submit(sc)
	case toDevices:
		if v := u.librarian.devices; v != nil {
			v.addScan(sc)
		}
	case toLock:
		u.lock.onBadge(sc)
	}
}
