package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

func TestKioskSetPINReadsStandardInput(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := circctlIn(t, dir, "482916\n", "kiosk", "set-pin")
	if code != 0 {
		t.Fatalf("kiosk set-pin: exit %d: %s", code, stderr)
	}
	if strings.TrimSpace(out) != "The librarian PIN is set." {
		t.Errorf("stdout %q", out)
	}
	pin := setup.KioskPIN(dir)
	if ok, err := pin.Check("482916"); err != nil || !ok {
		t.Fatalf("the PIN set does not check: %v, %v", ok, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, storage.PINFileName))
	if err != nil || strings.Contains(string(b), "482916") {
		t.Fatalf("the PIN file holds the PIN in clear text, or is missing: %v", err)
	}
}

func TestKioskSetPINRefusesWhatIsNotAPIN(t *testing.T) {
	for _, tt := range []struct{ stdin, want string }{
		{"12\n", "the PIN must be 4 to 12 digits"},
		{"12ab\n", "the PIN must be 4 to 12 digits"},
		{"", "give the PIN on standard input"},
	} {
		dir := t.TempDir()
		code, _, stderr := circctlIn(t, dir, tt.stdin, "kiosk", "set-pin")
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("stdin %q: exit %d, %q; want exit 2 saying %q", tt.stdin, code, stderr, tt.want)
		}
		if set, _ := setup.KioskPIN(dir).IsSet(); set {
			t.Errorf("stdin %q: a PIN was saved", tt.stdin)
		}
	}
}
