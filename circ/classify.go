package circ

import (
	"fmt"
	"regexp"
	"strings"
)

// ScanKind is what a scanned code was taken to be.
type ScanKind int

// The results of classifying a scan.
const (
	Unknown ScanKind = iota
	PatronCode
	ItemCode
)

// KindRule recognises one kind of code. Every set field must match.
type KindRule struct {
	MinLength int      `toml:"min_length"`
	MaxLength int      `toml:"max_length"`
	Prefixes  []string `toml:"prefixes"` // any one of them
	Pattern   string   `toml:"pattern"`  // a Go regular expression over the whole code
}

// CheckDigitPolicy says what to do with a 14-digit library barcode whose
// mod-10 check digit is wrong.
type CheckDigitPolicy string

// The check-digit policies.
const (
	CheckDigitOff    CheckDigitPolicy = "off"
	CheckDigitWarn   CheckDigitPolicy = "warn"
	CheckDigitReject CheckDigitPolicy = "reject"
)

// ScanRules tell patron cards from items and clean up what scanners send.
type ScanRules struct {
	Patron KindRule `toml:"patron"`
	Item   KindRule `toml:"item"`
	// AccountPrefix and AccountSuffix turn a student ID into the library
	// account id (Georgia PINES: a district prefix; ONE Access: none).
	AccountPrefix string `toml:"account_prefix"`
	AccountSuffix string `toml:"account_suffix"`
	// StripPrefixes and StripSuffixes are what the scanners are programmed to add.
	StripPrefixes []string `toml:"strip_prefixes"`
	StripSuffixes []string `toml:"strip_suffixes"`
	// CheckDigit applies to 14-digit codes (default off).
	CheckDigit CheckDigitPolicy `toml:"check_digit"`
}

// DefaultScanRules take 14-digit codes starting with 3 as items (the
// Codabar library barcode) and other codes of 4 to 12 digits as patrons.
func DefaultScanRules() ScanRules {
	return ScanRules{
		Patron:     KindRule{Pattern: `^(2\d{13}|\d{4,12})$`},
		Item:       KindRule{Pattern: `^3\d{13}$`},
		CheckDigit: CheckDigitOff,
	}
}

// Classifier applies compiled ScanRules.
type Classifier struct {
	rules  ScanRules
	patron *regexp.Regexp
	item   *regexp.Regexp
}

// NewClassifier compiles r. It fails with a readable error when a pattern
// does not compile or the check-digit policy is unknown.
func NewClassifier(r ScanRules) (*Classifier, error) {
	c := &Classifier{rules: r}
	var err error
	if c.patron, err = compile("patron", r.Patron.Pattern); err != nil {
		return nil, err
	}
	if c.item, err = compile("item", r.Item.Pattern); err != nil {
		return nil, err
	}
	switch r.CheckDigit {
	case "", CheckDigitOff, CheckDigitWarn, CheckDigitReject:
	default:
		return nil, fmt.Errorf("check_digit must be off, warn or reject, not %q", r.CheckDigit)
	}
	return c, nil
}

func compile(kind, pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		return nil, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("the %s pattern %q is not a valid regular expression: %w", kind, pattern, err)
	}
	return re, nil
}

// MaxCodeLength is the longest code a label or card holds; a longer scan
// (a QR code, a scanner gone wrong) is no code at all.
const MaxCodeLength = 64

// Clean removes what scanners add around a code: control characters and
// spaces at the ends, the configured prefixes and suffixes, and Codabar
// start/stop characters around a digit code. A code longer than
// MaxCodeLength, or with a control character inside, cleans to "": no
// code, which nothing looks up or journals.
func (c *Classifier) Clean(raw string) string {
	s := c.clean(raw)
	if CodeProblem(s) != "" {
		return ""
	}
	return s
}

// CodeProblem says what keeps id from being a code (a card number or a
// barcode) in a few words ("has control characters in it", "is longer
// than 64 characters"), or "" when nothing does. Imports refuse such ids:
// no scanner sends them, and printed they could rewrite a terminal.
func CodeProblem(id string) string {
	switch {
	case strings.IndexFunc(id, isControl) >= 0:
		return "has control characters in it"
	case len(id) > MaxCodeLength:
		return fmt.Sprintf("is longer than %d characters", MaxCodeLength)
	}
	return ""
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool { return r < ' ' || (r >= 0x7f && r <= 0x9f) }

func (c *Classifier) clean(raw string) string {
	s := trimControl(raw)
	for _, p := range c.rules.StripPrefixes {
		if p != "" && strings.HasPrefix(s, p) {
			s = s[len(p):]
			break
		}
	}
	for _, x := range c.rules.StripSuffixes {
		if x != "" && strings.HasSuffix(s, x) {
			s = s[:len(s)-len(x)]
			break
		}
	}
	return stripCodabar(trimControl(s))
}

// trimControl removes spaces and control characters from both ends.
func trimControl(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// stripCodabar removes Codabar start/stop characters (A–D, T, N, *, E) from
// both ends of a code whose middle is all digits.
func stripCodabar(s string) string {
	if len(s) < 3 || !isCodabarStop(s[0]) || !isCodabarStop(s[len(s)-1]) || !allDigits(s[1:len(s)-1]) {
		return s
	}
	return s[1 : len(s)-1]
}

func isCodabarStop(b byte) bool {
	return strings.IndexByte("ABCDabcdTN*E", b) >= 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Classify says whether a cleaned code looks like a patron card or an item.
// Item rules win when both match, so a 14-digit item barcode is never taken
// for a card.
func (c *Classifier) Classify(code string) ScanKind {
	switch {
	case matches(c.rules.Item, c.item, code):
		return ItemCode
	case matches(c.rules.Patron, c.patron, code):
		return PatronCode
	}
	return Unknown
}

func matches(r KindRule, re *regexp.Regexp, code string) bool {
	if r.MinLength == 0 && r.MaxLength == 0 && len(r.Prefixes) == 0 && re == nil {
		return false
	}
	if r.MinLength > 0 && len(code) < r.MinLength {
		return false
	}
	if r.MaxLength > 0 && len(code) > r.MaxLength {
		return false
	}
	if len(r.Prefixes) > 0 {
		found := false
		for _, p := range r.Prefixes {
			if strings.HasPrefix(code, p) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return re == nil || re.MatchString(code)
}

// Account maps a scanned student ID to the library account id.
func (c *Classifier) Account(id string) string {
	if p := c.rules.AccountPrefix; !strings.HasPrefix(id, p) {
		id = p + id
	}
	if x := c.rules.AccountSuffix; !strings.HasSuffix(id, x) {
		id += x
	}
	return id
}

// CheckDigit tells whether code passes the check-digit policy: ok is false
// when the code must be refused, warn is true when it is doubtful but allowed.
func (c *Classifier) CheckDigit(code string) (ok, warn bool) {
	if c.rules.CheckDigit == "" || c.rules.CheckDigit == CheckDigitOff || len(code) != 14 || !allDigits(code) {
		return true, false
	}
	if ValidMod10(code) {
		return true, false
	}
	if c.rules.CheckDigit == CheckDigitReject {
		return false, false
	}
	return true, true
}

// ValidMod10 checks the last digit of a 14-digit library barcode with the
// modulus-10 "type 1" rule (Luhn): digits in odd positions are doubled.
func ValidMod10(code string) bool {
	if len(code) < 2 || !allDigits(code) {
		return false
	}
	return Mod10(code[:len(code)-1]) == code[len(code)-1]
}

// Mod10 computes the check digit for the 13 digits of a library barcode body.
func Mod10(body string) byte {
	sum := 0
	for i := 0; i < len(body); i++ {
		d := int(body[i] - '0')
		if i%2 == 0 { // positions 1, 3, 5, … counted from 1
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}
