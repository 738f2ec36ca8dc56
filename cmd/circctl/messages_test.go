package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestUnclearMessagesNameTheProblem: each of these said too little ("-frob.",
// "-1.", nothing at all, or exit 0); each is now one sentence naming the
// problem.
func TestUnclearMessagesNameTheProblem(t *testing.T) {
	dir := seeded(t)
	folder := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		says []string
	}{
		{"unknown option", []string{"checkout", "--frob", "1016458", "31047000100010"}, exitUsage, []string{"there is no option --frob"}},
		{"a flag without its value", []string{"patrons", "--limit"}, exitUsage, []string{"--limit needs a value"}},
		{"a flag with a bad value", []string{"patrons", "--limit", "many"}, exitUsage, []string{"--limit", `"many"`}},
		{"negative exception", []string{"exceptions", "retry", "-1"}, exitUsage, []string{"exception number", `"-1"`}},
		{"negative tag", []string{"tag", "decode", "-1"}, exitUsage, []string{`-1 is not a value`}},
		{"no command", nil, exitUsage, []string{"no command"}},
		{"export to a missing folder", []string{"export-koc", filepath.Join(folder, "nope", "x.koc")}, 1, []string{"does not exist"}},
		{"dry run to a missing folder", []string{"export-koc", "--dry-run", filepath.Join(folder, "nope", "x.koc")}, 1, []string{"does not exist"}},
		{"export to a folder", []string{"export-koc", folder}, 1, []string{"is a folder"}},
	}
	for _, tt := range tests {
		code, _, stderr := circctl(t, dir, tt.args...)
		msg := strings.TrimSpace(stderr)
		if code != tt.code || strings.Count(msg, "\n") != 0 || strings.Count(msg, "cannot write") > 1 {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and one sentence", tt.name, code, stderr, tt.code)
		}
		for _, w := range tt.says {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: stderr %q does not say %q", tt.name, msg, w)
			}
		}
	}
}
