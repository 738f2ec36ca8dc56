package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/circdesk/circdesk/circ"
)

// checkout is the kiosk's borrowing screen (also used to renew): Welcome,
// Hello with the outcome banner over it, and All done, one at a time.
type checkout struct {
	welcome  *welcome
	hello    *hello
	finished *finished
	banner   *banner
	phase    circ.Phase
	box      *fyne.Container
}

func newCheckout(u *UI) *checkout {
	c := &checkout{
		welcome:  newWelcome(u.onKeypad, u.onPIN, u.onCancelPIN, u.clock),
		hello:    newHello(u.onDone),
		finished: newFinished(),
		banner:   newBanner(u.later),
	}
	c.box = container.NewStack(c.welcome.box, c.hello.box, c.finished.box, c.banner.box)
	c.showPhase(circ.PhaseWelcome)
	return c
}

// show applies a station state; fresh is the outcome to announce, nil when
// nothing new happened. It reports whether new widgets were added.
func (c *checkout) show(s circ.State, fresh *circ.Outcome) bool {
	added := false
	switch s.Phase {
	case circ.PhaseActive:
		added = c.hello.show(s)
	case circ.PhaseFinished:
		c.finished.show(s)
	}
	if s.Phase != c.phase {
		c.showPhase(s.Phase)
		if s.Phase != circ.PhaseActive {
			c.banner.hide()
		}
	}
	switch {
	case s.Phase == circ.PhaseWelcome && s.AskPIN && !c.welcome.pinMode:
		c.welcome.askPIN()
	case !s.AskPIN && c.welcome.pinMode:
		c.welcome.reset() // the PIN's wait ended at the station
	}
	if fresh != nil && !(s.Phase == circ.PhaseWelcome && c.welcome.answer(*fresh)) {
		c.banner.show(*fresh, messageData(s))
	}
	return added
}

func (c *checkout) showPhase(p circ.Phase) {
	c.phase = p
	c.welcome.reset()
	for _, o := range []fyne.CanvasObject{c.welcome.box, c.hello.box, c.finished.box} {
		o.Hide()
	}
	switch p {
	case circ.PhaseActive:
		c.hello.box.Show()
	case circ.PhaseFinished:
		c.finished.box.Show()
	default:
		c.welcome.box.Show()
	}
}

// messageData fills the outcome message templates from the state.
func messageData(s circ.State) map[string]any {
	return map[string]any{"Name": s.Patron.FirstName, "Count": s.Patron.ItemsOut}
}
