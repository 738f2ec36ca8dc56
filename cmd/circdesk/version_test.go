package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/circdesk/circdesk"
)

// TestVersion: circdesk --version prints the version of FyneApp.toml and
// exits without opening a window.
func TestVersion(t *testing.T) {
	out, err := exec.Command(binary(t), "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("circdesk --version: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "circdesk "+circdesk.Version(); got != want {
		t.Errorf("circdesk --version printed %q, want %q", got, want)
	}
}
