package setup

import (
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// PrivacyConfig is the [privacy] section: how long the station keeps what
// it learned from the library server.
type PrivacyConfig struct {
	// ForgetLearnedDays: patrons learned from the library server and not
	// seen for this many days are dropped unless they have loans (0: the
	// default, 30).
	ForgetLearnedDays int `toml:"forget_learned_days"`
}

// DefaultForgetLearnedDays is [privacy] forget_learned_days when unset.
const DefaultForgetLearnedDays = 30

// ForgetLearnedAfter is how long a learned patron unseen is kept.
func (c Config) ForgetLearnedAfter() (time.Duration, error) {
	d := c.Privacy.ForgetLearnedDays
	switch {
	case d == 0:
		d = DefaultForgetLearnedDays
	case d < 1 || d > 3650:
		return 0, fmt.Errorf("privacy.forget_learned_days must be between 1 and 3650, not %d", d)
	}
	return time.Duration(d) * 24 * time.Hour, nil
}

// UnknownItemPolicy is what the station does offline with a book its cache
// does not know: station.unknown_items, else refuse at a kiosk (a
// fullscreen station) and accept at a desk.
func (c Config) UnknownItemPolicy() (circ.UnknownItemPolicy, error) {
	switch u := circ.UnknownItemPolicy(c.Station.UnknownItems); {
	case u == "" && (c.Station.Fullscreen || c.Station.Kiosk):
		return circ.RefuseUnknown, nil
	case u == "":
		return circ.AcceptUnknown, nil
	case u.Valid():
		return u, nil
	}
	return "", fmt.Errorf("station.unknown_items must be accept or refuse, not %q", c.Station.UnknownItems)
}

// Refresher is the background refresh of the station's cache over its
// desk's link, with the configured privacy bound.
func (e *Env) Refresher() (*circ.Refresher, error) {
	forget, err := e.Config.ForgetLearnedAfter()
	if err != nil {
		return nil, err
	}
	return &circ.Refresher{Desk: e.Desk, ForgetAfter: forget}, nil
}
