package roster

import (
	"strings"
	"testing"
)

// TestSetsWeCannotReadAreRefused: a manifest naming a OneRoster version we
// cannot read, or a set without users.csv, is refused with a sentence
// rather than read by guess.
func TestSetsWeCannotReadAreRefused(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(f map[string]string)
		words []string
	}{
		{"unknown version", func(f map[string]string) {
			f["manifest.csv"] = strings.Replace(f["manifest.csv"], "oneroster.version,1.1", "oneroster.version,2.0", 1)
		}, []string{"OneRoster 2.0", "cannot read"}},
		{"no users.csv, though the manifest says so", func(f map[string]string) {
			delete(f, "users.csv")
			f["manifest.csv"] = strings.Replace(f["manifest.csv"], "file.users,bulk", "file.users,absent", 1)
		}, []string{"no users.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := baseSet()
			tt.edit(files)
			_, err := Load(writeDir(t, files), Options{})
			wantErr(t, err, tt.words...)
			if err != nil && strings.Count(err.Error(), ". ") > 0 {
				t.Errorf("not one sentence: %q", err)
			}
		})
	}
}
