package setup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServerAndReaderListsRejectUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ServersFile), []byte("[[server]]\nname = \"county\"\nadress = \"ils:6001\"\n"), 0o600)
	if _, err := Servers(dir, Defaults()); err == nil || !strings.Contains(err.Error(), "server.adress") {
		t.Errorf("servers.toml with a misspelt key: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ReadersFile), []byte("[[reader]]\nname = \"pad\"\nkind = \"feig\"\nport = \"/dev/x\"\nbuad = 9600\n"), 0o600)
	if _, err := Readers(dir, Defaults()); err == nil || !strings.Contains(err.Error(), "reader.buad") {
		t.Errorf("readers.toml with a misspelt key: %v", err)
	}
}

func TestConfigurationNumbersAreRangeChecked(t *testing.T) {
	const pad = "[[reader]]\nname = \"pad\"\nkind = \"feig\"\nport = \"/dev/x\"\n"
	for _, tt := range []struct{ body, want string }{
		{"[policy]\nmax_renewals = -1\n", "policy.max_renewals must be between 0 and 99, not -1"},
		{"[policy]\nmax_overdue = -2\n", "policy.max_overdue must be between 0 and 999, not -2"},
		{"[policy]\nloan_days = { student = 400 }\n", "a loan period of 1 to 366 days"},
		{"[policy]\nitem_limit = { student = -1 }\n", "a limit of 0 or more"},
		{"[wedge]\nmin_length = -1\n", "wedge.min_length must be between 0 and 64, not -1"},
		{"[wedge]\nmax_average_gap_ms = 5000\n", "wedge.max_average_gap_ms must be between 0 and 1000, not 5000"},
		{pad + "parity = \"NE\"\n", `reader "pad": parity must be N, E or O, not "NE"`},
		{pad + "data_bits = 9\n", `reader "pad": data_bits must be between 5 and 8, not 9`},
		{pad + "stop_bits = 3\n", `reader "pad": stop_bits must be 1 or 2, not 3`},
		{pad + "baud = -9600\n", `reader "pad": baud must be between 300 and 4000000, not -9600`},
		{pad + pad, `two readers are named "pad"`},
		{"[[server]]\nname = \"county\"\n", "server county has no address"},
		{"[roster]\nid_field = \"email\"\n", "email"},
		{"[station]\ntimeout_seconds = \"60\"\n", "station.timeout_seconds must be a whole number, not text"},
		{"[kiosk]\nbadges = 5\n", "kiosk.badges must be a list, not a whole number"},
	} {
		_, err := LoadConfig(writeConfig(t, tt.body), false)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v; want %q", tt.body, err, tt.want)
		}
	}
}

func TestAMissingPasswordFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	body := "[[server]]\nname = \"county\"\naddress = \"ils.example.org:6001\"\ntls = true\npassword_file = \"" + filepath.Join(dir, "nope.pw") + "\"\n"
	os.WriteFile(filepath.Join(dir, ServersFile), []byte(body), 0o600)
	_, err := Servers(dir, Defaults())
	if err == nil || !strings.Contains(err.Error(), "nope.pw") {
		t.Fatalf("a password_file that does not exist: %v", err)
	}
}
