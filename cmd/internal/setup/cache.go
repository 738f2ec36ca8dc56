package setup

import (
	"context"
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
	// KeepHistoryDays: the journal rows of returned loans, once the library
	// server has them, and the station's refusals are deleted when older
	// than this many days before today (0: the default, everything before
	// today; today's rows stay for the librarian's Today list). Only counts
	// by day, action and outcome are kept.
	KeepHistoryDays int `toml:"keep_history_days"`
}

// HistoryCutoff is the time before which PurgeHistory deletes history:
// midnight of now's day, keep_history_days days back.
func (c Config) HistoryCutoff(now time.Time) (time.Time, error) {
	d := c.Privacy.KeepHistoryDays
	if d < 0 || d > 3650 {
		return time.Time{}, fmt.Errorf("privacy.keep_history_days must be between 0 and 3650, not %d", d)
	}
	return time.Date(now.Year(), now.Month(), now.Day()-d, 0, 0, 0, 0, now.Location()), nil
}

// PurgeHistory deletes the history the station no longer keeps (see
// HistoryCutoff and storage's PurgeHistory) and says how many journal rows
// went.
func (e *Env) PurgeHistory(ctx context.Context, now time.Time) (int, error) {
	before, err := e.Config.HistoryCutoff(now)
	if err != nil {
		return 0, err
	}
	return e.DB.PurgeHistory(ctx, before)
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
