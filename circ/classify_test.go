package circ

import "testing"

func TestMod10(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"30234000517861", true}, // jerseycat worked example
		{"33191000105864", true}, // Dynix example
		{"31234000123453", true},
		{"31234000123456", false}, // wrong check digit
		{"35555000012349", false}, // a published example that does not validate
		{"3123400012345a", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidMod10(tt.code); got != tt.want {
			t.Errorf("ValidMod10(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
	if got := Mod10("3023400051786"); got != '1' {
		t.Errorf("Mod10(3023400051786) = %c, want 1", got)
	}
}

func TestClean(t *testing.T) {
	c, err := NewClassifier(ScanRules{StripPrefixes: []string{"]C1"}, StripSuffixes: []string{"\t"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ raw, want string }{
		{"A31234000123453B", "31234000123453"}, // Codabar start/stop
		{"a31234000123453d", "31234000123453"},
		{"\x0231234000123453\r\n", "31234000123453"}, // control characters around
		{"]C131234000123453", "31234000123453"},      // configured scanner prefix (AIM id)
		{" 1234567 ", "1234567"},
		{"ABBA", "ABBA"},         // letters inside: not Codabar framing
		{"AB", "AB"},             // too short to be framed
		{"T1234567E", "1234567"}, // the T N * E start/stop set
		{"", ""},
	}
	for _, tt := range tests {
		if got := c.Clean(tt.raw); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	def, err := NewClassifier(DefaultScanRules())
	if err != nil {
		t.Fatal(err)
	}
	custom, err := NewClassifier(ScanRules{
		Patron: KindRule{MinLength: 9, MaxLength: 9, Prefixes: []string{"19"}},
		Item:   KindRule{Pattern: `^T?\d{6}$`},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		c    *Classifier
		code string
		want ScanKind
	}{
		{"default student id", def, "1234567", PatronCode},
		{"default patron codabar", def, "21234000123455", PatronCode},
		{"default item codabar", def, "31234000123453", ItemCode},
		{"default too short", def, "123", Unknown},
		{"default letters", def, "HELLO", Unknown},
		{"custom limitless 190 number", custom, "190123456", PatronCode},
		{"custom wrong prefix", custom, "290123456", Unknown},
		{"custom wrong length", custom, "1901234567", Unknown},
		{"custom follett T prefix item", custom, "T123456", ItemCode},
	}
	for _, tt := range tests {
		if got := tt.c.Classify(tt.code); got != tt.want {
			t.Errorf("%s: Classify(%q) = %v, want %v", tt.name, tt.code, got, tt.want)
		}
	}
}

func TestAccount(t *testing.T) {
	tests := []struct {
		prefix, suffix, id, want string
	}{
		{"", "", "1234567", "1234567"},          // ONE Access: the number as it is
		{"JAC", "", "12345", "JAC12345"},        // Georgia PINES district prefix
		{"JAC", "", "JAC12345", "JAC12345"},     // already prefixed
		{"", "-S", "12345", "12345-S"},          // suffix
		{"JAC", "-S", "JAC12345", "JAC12345-S"}, // needs the suffix still
	}
	for _, tt := range tests {
		c, err := NewClassifier(ScanRules{AccountPrefix: tt.prefix, AccountSuffix: tt.suffix})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Account(tt.id); got != tt.want {
			t.Errorf("Account(%q) with %q/%q = %q, want %q", tt.id, tt.prefix, tt.suffix, got, tt.want)
		}
	}
}

func TestCheckDigitPolicy(t *testing.T) {
	tests := []struct {
		policy   CheckDigitPolicy
		code     string
		ok, warn bool
	}{
		{CheckDigitOff, "31234000123456", true, false},
		{CheckDigitWarn, "31234000123456", true, true},
		{CheckDigitReject, "31234000123456", false, false},
		{CheckDigitReject, "31234000123453", true, false},
		{CheckDigitReject, "1234567", true, false}, // not a 14-digit code: not checked
	}
	for _, tt := range tests {
		c, err := NewClassifier(ScanRules{CheckDigit: tt.policy})
		if err != nil {
			t.Fatal(err)
		}
		ok, warn := c.CheckDigit(tt.code)
		if ok != tt.ok || warn != tt.warn {
			t.Errorf("%s %s: got ok=%v warn=%v, want ok=%v warn=%v", tt.policy, tt.code, ok, warn, tt.ok, tt.warn)
		}
	}
}

func TestNewClassifierErrors(t *testing.T) {
	if _, err := NewClassifier(ScanRules{Item: KindRule{Pattern: "(["}}); err == nil {
		t.Error("a broken pattern was accepted")
	}
	if _, err := NewClassifier(ScanRules{CheckDigit: "sometimes"}); err == nil {
		t.Error("an unknown check-digit policy was accepted")
	}
}
