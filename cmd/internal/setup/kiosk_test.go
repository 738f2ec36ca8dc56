package setup

import (
	"strings"
	"testing"
	"time"
)

func TestKioskSection(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, `
[station]
kiosk = true
[kiosk]
badges = ["900001", "900002"]
idle_minutes = 5
patron_pin = "typed"
`), false)
	if err != nil {
		t.Fatal(err)
	}
	idle, err := cfg.KioskSettings()
	if err != nil || idle != 5*time.Minute || !cfg.Station.Kiosk || len(cfg.Kiosk.Badges) != 2 || cfg.Kiosk.PatronPIN != "typed" {
		t.Fatalf("kiosk settings %+v, idle %v, %v", cfg.Kiosk, idle, err)
	}
	for body, want := range map[string]string{
		"[kiosk]\nidle_minutes = -1\n":             "kiosk.idle_minutes must be between 1 and 60, not -1",
		"[kiosk]\npatron_pin = \"sometimes\"\n":    `kiosk.patron_pin must be off, typed or always, not "sometimes"`,
		"[kiosk]\nbadges = [\"9001\", \"9001\"]\n": `kiosk.badges lists "9001" twice`,
		"[kiosk]\npin = \"1234\"\n":                "settings CircDesk does not know: kiosk.pin",
	} {
		if _, err := LoadConfig(writeConfig(t, body), false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v; want %q", body, err, want)
		}
	}
}
