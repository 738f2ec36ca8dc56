package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoLocaleError starts the real binary with the locale a bare server
// has (C.UTF-8) and wants no toolkit complaint about it on stderr.
func TestNoLocaleError(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "circdesk")
	if out, err := exec.Command("go", "build", "-tags", "ci,migrated_fynedo", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, lang := range []string{"C.UTF-8", "C", ""} {
		cmd := exec.Command(bin, "--help")
		cmd.Env = append(os.Environ(), "LANG="+lang, "LC_ALL=", "LC_MESSAGES=")
		out, _ := cmd.CombinedOutput()
		if strings.Contains(string(out), "locale") {
			t.Errorf("LANG=%q: %s", lang, out)
		}
		if !strings.Contains(string(out), "-demo") {
			t.Errorf("LANG=%q: --help did not describe the flags: %s", lang, out)
		}
	}
}
