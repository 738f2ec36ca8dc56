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

// TestIDsWithControlCharactersAreRejected: a card number or sourcedId with
// NUL, ESC or another control character, or a card number longer than a
// label holds, is rejected with its line: it could rewrite a terminal, and
// no scanner can send it.
func TestIDsWithControlCharactersAreRejected(t *testing.T) {
	files := baseSet()
	long := strings.Repeat("7", 65)
	files["users.csv"] = usersHead +
		userRow("s1", "student", "ann", "Ann", "Lee", "007123", "5") +
		userRow("s2", "student", "ben", "Ben", "Ray", "0071\x1b[2J24", "05") +
		userRow("s3", "student", "cy", "Cy", "Oak", "0071\x0025", "05") +
		userRow("s4", "student", "dee", "Dee", "Fox", long, "05") +
		userRow("s\x1b5", "student", "eve", "Eve", "Ng", "007126", "05")
	ro := loadDir(t, files, Options{})
	wantUsers(t, ro, "007123")
	wantRejected(t, ro, "users.csv", 3, "control characters")
	wantRejected(t, ro, "users.csv", 4, "control characters")
	wantRejected(t, ro, "users.csv", 5, "longer than 64")
	wantRejected(t, ro, "users.csv", 6, "control characters")

	plain := readPlain(t, "Student ID,First Name,Last Name\n00412,Ann,Lee\n004\x0713,Ben,Ray\n", Options{})
	wantUsers(t, plain, "00412")
	wantRejected(t, plain, "students.csv", 3, "control characters")
}
