package main

import (
	"strings"
	"testing"

	"github.com/circdesk/circdesk"
)

// TestVersion: circctl --version prints the version of FyneApp.toml, with
// no command and no data directory needed.
func TestVersion(t *testing.T) {
	code, out, errOut := circctl(t, t.TempDir(), "--version")
	if code != 0 || errOut != "" {
		t.Fatalf("circctl --version: exit %d: %s", code, errOut)
	}
	if got, want := strings.TrimSpace(out), "circctl "+circdesk.Version(); got != want {
		t.Errorf("circctl --version printed %q, want %q", got, want)
	}
	if circdesk.Version() == "" {
		t.Error("the version is empty")
	}
}
