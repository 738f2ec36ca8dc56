package assets

import "testing"

func TestEnglish(t *testing.T) {
	tests := []struct {
		key  string
		data map[string]any
		want string
	}{
		{"code.checked_out", nil, "Checked out."},
		{"code.too_many_overdue", nil, "You have books that are late. Return them to borrow more."},
		{"code.limit_reached", map[string]any{"Count": 5}, "You already have 5 books. Return one to borrow more."},
		{"handout.not_out", map[string]any{"Count": 1}, "1 was not out"},
		{"handout.not_out", map[string]any{"Count": 3}, "3 were not out"},
		{"no.such.key", nil, "no.such.key"},
	}
	for _, tt := range tests {
		if got := English(tt.key, tt.data); got != tt.want {
			t.Errorf("English(%q, %v) = %q, want %q", tt.key, tt.data, got, tt.want)
		}
	}
}
