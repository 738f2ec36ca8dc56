package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/circdesk/circdesk/circ"
)

// kiosk is the children's side of the station, in the large kiosk theme:
// the checkout screens, or the returns screen in check-in mode.
type kiosk struct {
	checkout *checkout
	returns  *returns
	mode     circ.Mode
	last     *circ.Outcome // the outcome shown last, to tell a new one from a repeat
	frame    *themeFrame   // the kiosk theme over the screens
}

func newKiosk(u *UI) *kiosk {
	k := &kiosk{checkout: newCheckout(u), returns: newReturns(), mode: circ.ModeCheckout}
	k.returns.box.Hide()
	// The kiosk paints its own light background whatever the app's theme.
	back := canvas.NewRectangle(kioskBack)
	k.frame = newThemeFrame(container.NewStack(back, k.checkout.box, k.returns.box), newKioskTheme())
	return k
}

func (k *kiosk) object() fyne.CanvasObject { return k.frame }

// show applies a station state.
func (k *kiosk) show(s circ.State) {
	fresh := k.fresh(s.Last)
	if s.Mode != k.mode {
		k.mode = s.Mode
		k.returns.clear()
		k.checkout.banner.hide()
		if s.Mode == circ.ModeCheckin {
			k.checkout.box.Hide()
			k.returns.box.Show()
		} else {
			k.returns.box.Hide()
			k.checkout.box.Show()
		}
	}
	restyle := false
	if s.Mode == circ.ModeCheckin {
		if fresh != nil {
			k.returns.show(*fresh)
		}
	} else {
		restyle = k.checkout.show(s, fresh)
	}
	if restyle {
		// Widgets added since the override was made need its theme.
		k.frame.restyle()
	}
}

// fresh returns last when it differs from the outcome shown before: states
// are also published for other reasons (the pending count), and a repeated
// scan of the same book leaves the last outcome as it was.
func (k *kiosk) fresh(last *circ.Outcome) *circ.Outcome {
	prev := k.last
	k.last = last
	if last == nil || (prev != nil && sameOutcome(*prev, *last)) {
		return nil
	}
	return last
}

// sameOutcome reports whether two outcomes are one scan's: a new scan has a
// new time (or journal row), whatever else it shares; another part of a set
// on the pad changes how many are seen.
func sameOutcome(a, b circ.Outcome) bool {
	return a.At.Equal(b.At) && a.Txn == b.Txn && a.Code == b.Code && a.Item == b.Item && a.Warning == b.Warning &&
		a.Parts.Seen == b.Parts.Seen
}
