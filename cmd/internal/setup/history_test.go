package setup

import (
	"strings"
	"testing"
	"time"
)

func TestHistoryCutoff(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"[privacy]\nkeep_history_days = -1\n", "privacy.keep_history_days must be between 0 and 3650, not -1"},
		{"[privacy]\nkeep_history_days = 3651\n", "privacy.keep_history_days must be between 0 and 3650, not 3651"},
	} {
		if _, err := LoadConfig(writeConfig(t, tt.body), false); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v; want %q", tt.body, err, tt.want)
		}
	}
	zone := time.FixedZone("EST", -5*3600)
	now := time.Date(2026, 3, 1, 0, 30, 0, 0, zone)
	for _, tt := range []struct {
		body string
		want time.Time
	}{
		{"", time.Date(2026, 3, 1, 0, 0, 0, 0, zone)}, // default 0: everything before today
		{"[privacy]\nkeep_history_days = 0\n", time.Date(2026, 3, 1, 0, 0, 0, 0, zone)},
		{"[privacy]\nkeep_history_days = 1\n", time.Date(2026, 2, 28, 0, 0, 0, 0, zone)},
		{"[privacy]\nkeep_history_days = 3650\n", time.Date(2016, 3, 3, 0, 0, 0, 0, zone)},
	} {
		cfg, err := LoadConfig(writeConfig(t, tt.body), false)
		if err != nil {
			t.Fatalf("%q: %v", tt.body, err)
		}
		if got, err := cfg.HistoryCutoff(now); err != nil || !got.Equal(tt.want) {
			t.Errorf("%q: cutoff %v, %v; want %v", tt.body, got, err, tt.want)
		}
	}
}
