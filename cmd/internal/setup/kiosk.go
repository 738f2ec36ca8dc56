package setup

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/circdesk/circdesk/storage"
)

// KioskConfig is the [kiosk] section: how the librarian views are locked
// and whether a typed student number needs the patron's PIN.
type KioskConfig struct {
	// Badges are staff card numbers whose scan opens the librarian views.
	Badges []string `toml:"badges"`
	// IdleMinutes is how long the librarian views stay open untouched
	// (1 to 60; 0: 2 minutes).
	IdleMinutes int `toml:"idle_minutes"`
	// PatronPIN says when a patron's PIN is asked: off, typed (a number
	// typed on the pad) or always.
	PatronPIN string `toml:"patron_pin"`
}

// The patron PIN settings.
const (
	PatronPINOff    = "off"
	PatronPINTyped  = "typed"
	PatronPINAlways = "always"
)

// KioskSettings checks the kiosk section: the idle time the librarian
// views stay open.
func (c Config) KioskSettings() (idle time.Duration, err error) {
	k := c.Kiosk
	if m := k.IdleMinutes; m < 0 || m > 60 {
		return 0, fmt.Errorf("kiosk.idle_minutes must be between 1 and 60, not %d", m)
	}
	switch k.PatronPIN {
	case "", PatronPINOff, PatronPINTyped, PatronPINAlways:
	default:
		return 0, fmt.Errorf("kiosk.patron_pin must be off, typed or always, not %q", k.PatronPIN)
	}
	seen := map[string]bool{}
	for _, b := range k.Badges {
		if strings.TrimSpace(b) == "" || len(b) > 64 {
			return 0, errors.New("kiosk.badges: every badge is a card number of 1 to 64 characters")
		}
		if seen[b] {
			return 0, fmt.Errorf("kiosk.badges lists %q twice", b)
		}
		seen[b] = true
	}
	return time.Duration(k.IdleMinutes) * time.Minute, nil
}

// KioskPIN is the librarian's PIN file in the data directory.
func KioskPIN(dataDir string) storage.PINFile {
	return storage.PINFile{Path: filepath.Join(dataDir, storage.PINFileName)}
}
