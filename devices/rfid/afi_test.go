package rfid

import (
	"encoding/json"
	"testing"
)

func TestParseAFI(t *testing.T) {
	for in, want := range map[string]AFI{"C2": 0xC2, "c2": 0xC2, "0xC2": 0xC2, "0X07": 0x07, "07": 0x07, "7": 0x07, " DA ": 0xDA} {
		if got, err := ParseAFI(in); err != nil || got != want {
			t.Errorf("ParseAFI(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0x", "C2C", "0x100", "G1", "-1", "+7"} {
		if got, err := ParseAFI(in); err == nil {
			t.Errorf("ParseAFI(%q) = %v, want an error", in, got)
		}
	}
	if s := AFI(AFIInStock).String(); s != "07" {
		t.Errorf("String = %q, want 07 (two hex digits, as devices.TagAFI)", s)
	}
}

func TestAFIPair(t *testing.T) {
	p, err := ParseAFIPair("0xDA", "D7")
	if err != nil || p != AFIs3M {
		t.Fatalf("ParseAFIPair(0xDA, D7) = %v, %v; want the 3M pair", p, err)
	}
	if _, err := ParseAFIPair("C2", "0xC2"); err == nil {
		t.Error("a pair of equal values was taken")
	}
	for afi, want := range map[AFI][2]bool{AFIOnLoan: {true, true}, AFIInStock: {false, true}, 0x21: {false, false}} {
		if onLoan, known := DefaultAFIs.Lent(afi); onLoan != want[0] || known != want[1] {
			t.Errorf("Lent(%v) = %v, %v; want %v", afi, onLoan, known, want)
		}
	}
	var cfg struct{ AFI AFIPair }
	if err := json.Unmarshal([]byte(`{"AFI":{"on_loan":"0xC2","in_stock":"07"}}`), &cfg); err != nil || cfg.AFI != DefaultAFIs {
		t.Errorf("config read %+v, %v", cfg, err)
	}
	out, _ := json.Marshal(DefaultAFIs)
	if string(out) != `{"on_loan":"C2","in_stock":"07"}` {
		t.Errorf("config written %s", out)
	}
}
