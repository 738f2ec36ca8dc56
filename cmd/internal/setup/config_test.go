package setup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), ConfigFile)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadConfig(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, `
[station]
name = "Library Kiosk 2"
mode = "checkin"
timeout_seconds = 90
fullscreen = true
window_width = 1024
window_height = 768

[policy]
item_limit = { student = 3 }
loan_days = { teacher = 60 }
max_overdue = 2
closed_weekdays = ["Friday", "sat", "sunday"]
holidays = ["2026-12-24"]

[scan]
account_prefix = "JAC"
check_digit = "warn"
[scan.patron]
min_length = 5
max_length = 5

[wedge]
prefix = "~"
`), false)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := cfg.CircPolicy()
	if err != nil {
		t.Fatal(err)
	}
	if pol.ItemLimit[circ.Student] != 3 || pol.ItemLimit[circ.Teacher] != 100 || pol.LoanDays[circ.Teacher] != 60 ||
		pol.LoanDays[circ.Student] != 14 || pol.MaxOverdue != 2 || pol.MaxRenewals != 2 {
		t.Errorf("policy %+v: want the file's values over the defaults", pol)
	}
	if len(pol.ClosedWeekdays) != 3 || pol.ClosedWeekdays[0] != time.Friday || pol.ClosedWeekdays[1] != time.Saturday {
		t.Errorf("closed weekdays %v", pol.ClosedWeekdays)
	}
	sc, err := cfg.StationSettings()
	if err != nil {
		t.Fatal(err)
	}
	if sc.Mode != circ.ModeCheckin || sc.Timeout != 90*time.Second || cfg.Station.Name != "Library Kiosk 2" {
		t.Errorf("station settings %+v name %q", sc, cfg.Station.Name)
	}
	if sc.Rules.Account("12345") != "JAC12345" || sc.Rules.Classify("12345") != circ.PatronCode || sc.Rules.Classify("1234567") != circ.Unknown {
		t.Error("the scan section did not reach the classifier")
	}
	if cfg.WedgeSettings().Prefix != "~" {
		t.Error("the wedge prefix was lost")
	}
	if w, h, err := cfg.WindowSize(); err != nil || w != 1024 || h != 768 || !cfg.Station.Fullscreen {
		t.Errorf("window %d×%d fullscreen %v (%v): want 1024×768, fullscreen", w, h, cfg.Station.Fullscreen, err)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"not TOML", "[station\n", "is not valid TOML"},
		{"unknown key", "[station]\ncolour = \"red\"\n", "settings CircDesk does not know: station.colour"},
		{"bad mode", "[station]\nmode = \"party\"\n", "station.mode must be checkout, checkin or renew"},
		{"timeout too long", "[station]\ntimeout_seconds = 600\n", "between 10 and 120"},
		{"window width alone", "[station]\nwindow_width = 1024\n", "go together"},
		{"window too small", "[station]\nwindow_width = 320\nwindow_height = 240\n", "at least 800×600"},
		{"fullscreen not a bool", "[station]\nfullscreen = \"yes\"\n", "station.fullscreen must be true or false, not text"},
		{"not TOML", "[station\n", "is not valid TOML"},
		{"bad patron type", "[policy]\nitem_limit = { visitor = 3 }\n", `"visitor"`},
		{"zero loan period", "[policy]\nloan_days = { student = 0 }\n", "loan period of 1 day or more"},
		{"bad weekday", "[policy]\nclosed_weekdays = [\"someday\"]\n", `"someday" is not a day of the week`},
		{"closed all week", "[policy]\nclosed_weekdays = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\n", "cannot be closed every day"},
		{"bad holiday", "[policy]\nholidays = [\"24/12/2026\"]\n", "is not a date like"},
		{"bad pattern", "[scan.item]\npattern = \"([\"\n", "not a valid regular expression"},
		{"bad check digit policy", "[scan]\ncheck_digit = \"maybe\"\n", "check_digit must be off, warn or reject"},
	}
	for _, tt := range tests {
		_, err := LoadConfig(writeConfig(t, tt.body), false)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestLoadConfigMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.toml")
	if _, err := LoadConfig(missing, true); err != nil {
		t.Errorf("a missing optional file: %v", err)
	}
	if _, err := LoadConfig(missing, false); err == nil || !strings.Contains(err.Error(), "cannot read the configuration file") {
		t.Errorf("a missing --config file: %v", err)
	}
}

func TestDataDir(t *testing.T) {
	t.Setenv(EnvDataDir, "/srv/circdesk")
	if d, _ := DataDir("/flag"); d != "/flag" {
		t.Errorf("the flag did not win: %s", d)
	}
	if d, _ := DataDir(""); d != "/srv/circdesk" {
		t.Errorf("the environment did not win: %s", d)
	}
	t.Setenv(EnvDataDir, "")
	t.Setenv("XDG_DATA_HOME", "/home/lib/.data")
	if d, _ := DataDir(""); d != filepath.Join("/home/lib/.data", "CircDesk") {
		t.Errorf("the user data dir: %s", d)
	}
}
