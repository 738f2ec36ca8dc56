package locale

import "testing"

func TestNamed(t *testing.T) {
	tests := []struct {
		all, messages, lang string
		want                bool
	}{
		{"", "", "", false},
		{"", "", "C", false},
		{"", "", "C.UTF-8", false},
		{"", "", "POSIX", false},
		{"", "", "en_US.UTF-8", true},
		{"", "", "es_MX.UTF-8", true},
		{"C", "", "en_US.UTF-8", false}, // LC_ALL wins
		{"", "fr_FR.UTF-8", "C", true},  // then LC_MESSAGES
	}
	for _, tt := range tests {
		t.Setenv("LC_ALL", tt.all)
		t.Setenv("LC_MESSAGES", tt.messages)
		t.Setenv("LANG", tt.lang)
		if got := Named(); got != tt.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: Named() = %v, want %v", tt.all, tt.messages, tt.lang, got, tt.want)
		}
	}
}
