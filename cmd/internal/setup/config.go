package setup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// Config is the station configuration file (TOML). Every field is optional;
// Defaults fills what the file leaves out.
type Config struct {
	Station StationConfig  `toml:"station"`
	Policy  PolicyConfig   `toml:"policy"`
	Scan    circ.ScanRules `toml:"scan"`
	Wedge   WedgeConfig    `toml:"wedge"`
	Server  []Server       `toml:"server"` // library servers; see also servers.toml
	Reader  []Reader       `toml:"reader"` // scanners and pads; see also readers.toml
	RFID    RFIDConfig     `toml:"rfid"`
	Roster  RosterConfig   `toml:"roster"`
	Kiosk   KioskConfig    `toml:"kiosk"`
	Privacy PrivacyConfig  `toml:"privacy"`
}

// StationConfig names the station and sets its session behaviour.
type StationConfig struct {
	Name           string `toml:"name"`
	Mode           string `toml:"mode"`            // checkout, checkin or renew
	TimeoutSeconds int    `toml:"timeout_seconds"` // kiosk inactivity timeout, 10–120
	// Server names the library server the station uses, when several are
	// configured; with one, that one.
	Server string `toml:"server"`
	// Fullscreen opens the window over the whole screen: a kiosk.
	Fullscreen bool `toml:"fullscreen"`
	// Kiosk is full screen, and the window closes only with the
	// librarian's PIN.
	Kiosk bool `toml:"kiosk"`
	// UnknownItems is what to do offline with a book the cache does not
	// know: "accept" (a provisional loan) or "refuse"; "" refuses at a
	// kiosk and accepts at a desk (see cache.go).
	UnknownItems string `toml:"unknown_items"`
	// WindowWidth and WindowHeight size the window, in Fyne's
	// device-independent pixels; 0: the screen's size.
	WindowWidth  int `toml:"window_width"`
	WindowHeight int `toml:"window_height"`
}

// The window sizes a configuration may ask for.
const (
	minWindowWidth, minWindowHeight = 800, 600
	maxWindowSide                   = 16384
)

// WindowSize checks the window size of the station section: 0, 0 when none
// is set (the screen's size).
func (c Config) WindowSize() (width, height int, err error) {
	w, h := c.Station.WindowWidth, c.Station.WindowHeight
	switch {
	case w == 0 && h == 0:
		return 0, 0, nil
	case w == 0 || h == 0:
		return 0, 0, errors.New("station.window_width and station.window_height go together: set both, or neither for the screen's size")
	case w < minWindowWidth || h < minWindowHeight || w > maxWindowSide || h > maxWindowSide:
		return 0, 0, fmt.Errorf("station.window_width and window_height must be at least %d×%d, not %d×%d", minWindowWidth, minWindowHeight, w, h)
	}
	return w, h, nil
}

// PolicyConfig is circ.Policy as written in the file.
type PolicyConfig struct {
	ItemLimit      map[string]int `toml:"item_limit"` // per patron type
	LoanDays       map[string]int `toml:"loan_days"`  // per patron type
	MaxRenewals    *int           `toml:"max_renewals"`
	MaxOverdue     *int           `toml:"max_overdue"`
	ClosedWeekdays []string       `toml:"closed_weekdays"` // "saturday", …
	Holidays       []string       `toml:"holidays"`        // YYYY-MM-DD
}

// WedgeConfig tunes keyboard-wedge scan detection.
type WedgeConfig struct {
	Prefix       string `toml:"prefix"`
	MinLength    int    `toml:"min_length"`
	MaxAverageMS int    `toml:"max_average_gap_ms"`
}

// Defaults is the configuration of a station with no file.
func Defaults() Config {
	return Config{
		Station: StationConfig{Name: "Media Center", Mode: string(circ.ModeCheckout), TimeoutSeconds: 60},
		Scan:    circ.DefaultScanRules(),
	}
}

// LoadConfig reads the TOML file at path over the defaults. A missing file
// is not an error when optional is true (the data directory's own file).
func LoadConfig(path string, optional bool) (Config, error) {
	cfg := Defaults()
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && optional {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("cannot read the configuration file %s: %w", path, unwrapPath(err))
	}
	if err := decodeStrict(path, string(data), &cfg); err != nil {
		return cfg, fmt.Errorf("the configuration file %w", err)
	}
	if err := cfg.checkRanges(); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	if _, err := cfg.CircPolicy(); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	if _, err := cfg.StationSettings(); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	if _, _, err := cfg.WindowSize(); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	if _, err := cfg.KioskSettings(); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	if _, err := cfg.UnknownItemPolicy(); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	if _, err := cfg.ForgetLearnedAfter(); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	if _, err := cfg.HistoryCutoff(time.Now()); err != nil {
		return cfg, fmt.Errorf("in %s: %w", path, err)
	}
	return cfg, nil
}

// CircPolicy turns the policy section into circ's policy.
func (c Config) CircPolicy() (circ.Policy, error) {
	p := circ.DefaultPolicy()
	for k, v := range c.Policy.ItemLimit {
		t := circ.PatronType(k)
		if !t.Valid() || v < 0 {
			return p, fmt.Errorf("policy.item_limit: %q = %d is not a patron type with a limit of 0 or more", k, v)
		}
		p.ItemLimit[t] = v
	}
	for k, v := range c.Policy.LoanDays {
		t := circ.PatronType(k)
		if !t.Valid() || v <= 0 {
			return p, fmt.Errorf("policy.loan_days: %q = %d is not a patron type with a loan period of 1 day or more", k, v)
		}
		p.LoanDays[t] = v
	}
	if c.Policy.MaxRenewals != nil {
		p.MaxRenewals = *c.Policy.MaxRenewals
	}
	if c.Policy.MaxOverdue != nil {
		p.MaxOverdue = *c.Policy.MaxOverdue
	}
	if c.Policy.ClosedWeekdays != nil {
		p.ClosedWeekdays = nil
		for _, name := range c.Policy.ClosedWeekdays {
			d, ok := weekday(name)
			if !ok {
				return p, fmt.Errorf("policy.closed_weekdays: %q is not a day of the week", name)
			}
			p.ClosedWeekdays = append(p.ClosedWeekdays, d)
		}
		if len(p.ClosedWeekdays) == 7 {
			return p, errors.New("policy.closed_weekdays: the media center cannot be closed every day")
		}
	}
	for _, h := range c.Policy.Holidays {
		if _, err := time.Parse(time.DateOnly, h); err != nil {
			return p, fmt.Errorf("policy.holidays: %q is not a date like 2026-12-24", h)
		}
	}
	p.Holidays = c.Policy.Holidays
	return p, nil
}

func weekday(name string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(name, d.String()) || strings.EqualFold(name, d.String()[:3]) {
			return d, true
		}
	}
	return 0, false
}

// StationSettings checks the station section and returns circ's settings
// for it (the classifier is compiled from the scan section).
func (c Config) StationSettings() (circ.StationConfig, error) {
	var sc circ.StationConfig
	switch m := circ.Mode(c.Station.Mode); m {
	case "", circ.ModeCheckout, circ.ModeCheckin, circ.ModeRenew:
		sc.Mode = m
	default:
		return sc, fmt.Errorf("station.mode must be checkout, checkin or renew, not %q", c.Station.Mode)
	}
	if t := c.Station.TimeoutSeconds; t != 0 && (t < 10 || t > 120) {
		return sc, fmt.Errorf("station.timeout_seconds must be between 10 and 120, not %d", t)
	}
	sc.Timeout = time.Duration(c.Station.TimeoutSeconds) * time.Second
	rules, err := circ.NewClassifier(c.Scan)
	if err != nil {
		return sc, fmt.Errorf("scan: %w", err)
	}
	sc.Rules = rules
	if sc.AFI, sc.Parts, err = c.RFIDSettings(); err != nil {
		return sc, err
	}
	return sc, nil
}

// WedgeSettings is the wedge section as devices wants it.
func (c Config) WedgeSettings() devices.WedgeConfig {
	return devices.WedgeConfig{
		Prefix:        c.Wedge.Prefix,
		MinLength:     c.Wedge.MinLength,
		MaxAverageGap: time.Duration(c.Wedge.MaxAverageMS) * time.Millisecond,
	}
}
