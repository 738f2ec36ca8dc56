package circdesk

import (
	"os"
	"regexp"
	"testing"
)

// TestVersionIsFyneApps: the version both binaries print is the one in
// FyneApp.toml on disk (the embedded copy is not stale or misread).
func TestVersionIsFyneApps(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version line")
	}
	if got := Version(); got != string(m[1]) {
		t.Errorf("Version() = %q, FyneApp.toml says %q", got, m[1])
	}
}

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"[Details]\nVersion = \"2.3.4\"\n", "2.3.4", true},
		{"Website = \"x\"\n[Details]\nName = \"CircDesk\"\n", "", false},
		{"[Details\nVersion = 1", "", false},
	} {
		got, err := parseVersion([]byte(tc.in))
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("parseVersion(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
