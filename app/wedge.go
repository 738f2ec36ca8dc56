package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// guardEvery is how many countdown ticks pass between focus checks.
const guardEvery = 5

// captureWedge listens for keyboard-wedge scanners: they type a code and
// Enter into the window. Keys reach the canvas only when no entry has the
// focus, so a librarian typing in the Patron search is never taken for a
// scan; the detector tells a scanner's burst from a person's typing.
func (u *UI) captureWedge() {
	c := u.win.Canvas()
	c.SetOnTypedRune(func(r rune) { u.wedge.Rune(r, u.clock()) })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			if sc, ok := u.wedge.Enter(u.clock()); ok {
				u.routeScan(sc)
			}
		case fyne.KeyEscape:
			u.wedge.Reset()
			dismissTop(c)
		case fyne.KeyTab:
			u.wedge.Reset()
		}
	})
}

// dismissTop closes the canvas's top overlay, as a tap beside it does: an
// open dropdown closes, a dialog (which no tap beside closes) stays.
func dismissTop(c fyne.Canvas) {
	if t, ok := c.Overlays().Top().(fyne.Tappable); ok {
		t.Tapped(&fyne.PointEvent{})
	}
}

// guardFocus gives the keys back to the wedge detector when a button or
// other control took the focus (a Tab pressed on a keyboard moves it there,
// and a focused button swallows a scanner's digits). Only a text entry,
// where the librarian types, may keep it.
func (u *UI) guardFocus() {
	c := u.win.Canvas()
	f := c.Focused()
	if f == nil || c.Overlays().Top() != nil {
		return // nothing to give back, or a dropdown or dialog is open and has it
	}
	switch f.(type) {
	case *widget.Entry, *widget.SelectEntry:
		if u.librarianShown() {
			return
		}
	}
	c.Unfocus()
}
