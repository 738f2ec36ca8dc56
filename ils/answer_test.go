package ils

import (
	"testing"

	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
)

func TestRefusal(t *testing.T) {
	tests := []struct {
		message string
		want    circ.ExceptionCode
	}{
		{codeWords(circ.CodeOnLoanToOther), circ.ExOnLoanToOther},
		{codeWords(circ.CodeOnHoldForOther), circ.ExOnHold},
		{codeWords(circ.CodeNotLoanable), circ.ExItemLost},
		{codeWords(circ.CodeItemNotFound), circ.ExItemNotFound},
		{codeWords(circ.CodePatronNotFound), circ.ExPatronNotFound},
		{codeWords(circ.CodePatronBlocked), circ.ExPatronBlocked},
		{codeWords(circ.CodeTooManyOverdue), circ.ExPatronBlocked},
		{codeWords(circ.CodeLimitReached), circ.ExPatronBlocked},
		{"Item checked out to another patron", circ.ExOnLoanToOther}, // Koha-like
		{"This item is on hold for another patron", circ.ExOnHold},   // hold
		{"Patron blocked", circ.ExPatronBlocked},                     // blocks
		{"Invalid patron barcode", circ.ExPatronNotFound},            // unknown card
		{"Item not found", circ.ExItemNotFound},                      // unknown item
		{"Item is marked LOST", circ.ExItemLost},                     // lost
		{"Database is down, try later", circ.ExServerError},          // anything else
		{"", circ.ExServerError},
	}
	for _, tt := range tests {
		if got := Refusal(tt.message); got != tt.want {
			t.Errorf("Refusal(%q) = %s, want %s", tt.message, got, tt.want)
		}
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct{ name, first, last string }{
		{"Lopez, Maya", "Maya", "Lopez"},
		{"Maya Lopez", "Maya", "Lopez"},
		{"Mary Ann Smith", "Mary Ann", "Smith"},
		{"Cher", "Cher", ""},
		{"  ", "", ""},
	}
	for _, tt := range tests {
		if f, l := splitName(tt.name); f != tt.first || l != tt.last {
			t.Errorf("splitName(%q) = %q, %q; want %q, %q", tt.name, f, l, tt.first, tt.last)
		}
	}
}

// codeWords is the station's sentence for c, as our own ACS says it.
func codeWords(c circ.Code) string {
	return assets.English("code."+string(c), map[string]any{"Count": 5})
}
