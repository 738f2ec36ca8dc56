package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/circdesk/circdesk/cmd/internal/setup"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// binary builds the program once for the tests that run it (with Fyne's
// headless driver: the window's run loop returns at once).
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "circdesk-test-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "circdesk")
		if out, err := exec.Command("go", "build", "-tags", "ci,migrated_fynedo", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// TestDemoLeavesNoDataDirectory runs --demo: its temporary data directory
// is gone when the program ends.
func TestDemoLeavesNoDataDirectory(t *testing.T) {
	tmp := t.TempDir()
	cmd := exec.Command(binary(t), "--demo")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, setup.EnvDataDir+"=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("circdesk --demo: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "station stopped") {
		t.Errorf("the demo did not stop cleanly:\n%s", out)
	}
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "circdesk-demo-") {
			t.Errorf("the demo left its data directory behind: %s", e.Name())
		}
	}
}

// TestNoLocaleError starts the real binary with the locale a bare server
// has (C.UTF-8) and wants no toolkit complaint about it on stderr.
func TestNoLocaleError(t *testing.T) {
	bin := binary(t)
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

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}
