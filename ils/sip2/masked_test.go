package sip2

import (
	"strings"
	"testing"
)

func TestMaskedKeepsOnlyThreeDigitsOfAPatronAndNoPassword(t *testing.T) {
	m := Message{ID: "63", Fixed: "001", Seq: -1, Fields: []Field{
		{Code: "AO", Value: "CML"}, {Code: "AA", Value: "21234000123456"}, {Code: "AD", Value: "9876"},
		{Code: "AC", Value: "term-pw"}, {Code: "CO", Value: "login-pw"}, {Code: "CY", Value: "100234"},
	}}
	got := Masked(m)
	for _, secret := range []string{"3456", "0234", "9876", "term-pw", "login-pw"} {
		if strings.Contains(got, secret) {
			t.Errorf("the log line %q holds %q", got, secret)
		}
	}
	for _, kept := range []string{"AA********456", "CY***234", "AD***", "AOCML"} {
		if !strings.Contains(got, kept) {
			t.Errorf("the log line %q lacks %q", got, kept)
		}
	}
}
