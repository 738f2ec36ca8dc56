package sip2

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// real98 is the ACS Status SIPServer sent in the cross-check (sip2.md §1.2).
const real98 = "98YNNYNN60000320261201    0822252.00AOUWOLS|BXYYYYYYYYYNYNYYYY|AY1AZEDDF"

func TestChecksumVectors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"97AZ", "FEF5"},
		{"96AZ", "FEF6"},
		{strings.TrimSuffix(real98, "EDDF"), "EDDF"},
	} {
		if got := Checksum([]byte(tc.in)); got != tc.want {
			t.Errorf("Checksum(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	m, err := Decode([]byte(real98), CP850)
	if err != nil {
		t.Fatalf("Decode(real 98): %v", err)
	}
	if !m.Checked || m.Seq != 1 || m.Value("AO") != "UWOLS" {
		t.Errorf("real 98 decoded as %+v", m)
	}
	st := parseACSStatus(m, time.UTC)
	if !st.Online || st.CheckinOK || st.CheckoutOK || !st.RenewalPolicy || st.TimeoutPeriod != 600 || st.RetriesAllowed != 3 ||
		st.Protocol != "2.00" || st.Supported == nil || !st.Supported.Checkout || st.Supported.ItemStatusUpdate {
		t.Errorf("real 98 read as %+v", st)
	}
	if want := time.Date(2026, 12, 1, 8, 22, 25, 0, time.UTC); !st.DateTime.Equal(want) {
		t.Errorf("98 date %v, want %v", st.DateTime, want)
	}
	for _, s := range []string{"97AZFEF5", "96AZFEF6"} {
		m, err := Decode([]byte(s), CP850)
		if err != nil || !m.Checked || m.Seq != -1 {
			t.Errorf("Decode(%s) = %+v, %v", s, m, err)
		}
		if b, _ := Encode(m, CP850); string(b) != s {
			t.Errorf("Encode(Decode(%s)) = %s", s, b)
		}
	}
}

func TestEncodeAddsTrailerAndWrapsSequence(t *testing.T) {
	m := Message{ID: "99", Fixed: "0 402.00", Checked: true, Seq: 12}
	b, err := Encode(m, CP850)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("990 402.00AY2AZ")) {
		t.Errorf("Encode = %s, want sequence 12 written as 2", b)
	}
	got, err := Decode(b, CP850)
	if err != nil || got.Seq != 2 {
		t.Errorf("Decode(%s) = %+v, %v", b, got, err)
	}
}

func TestCharsetsChecksumTheEncodedBytes(t *testing.T) {
	name := "José Muñoz-Müller"
	want := map[Charset][]byte{
		CP850:  []byte("AEJos\x82 Mu\xa4oz-M\x81ller|"),
		Latin1: []byte("AEJos\xe9 Mu\xf1oz-M\xfcller|"),
		UTF8:   []byte("AEJos\xc3\xa9 Mu\xc3\xb1oz-M\xc3\xbcller|"),
	}
	sums := map[string]Charset{}
	for cs, field := range want {
		m := PatronStatus{Patron: "1000001", Name: name, Valid: true, TransactionDate: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}.message()
		m.Checked, m.Seq = true, 4
		b, err := Encode(m, cs)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, field) {
			t.Errorf("%s: %q does not contain %q", cs, b, field)
		}
		n := len(b)
		if sum := Checksum(b[:n-4]); sum != string(b[n-4:]) {
			t.Errorf("%s: trailer %s, checksum of the encoded bytes %s", cs, b[n-4:], sum)
		}
		if other, dup := sums[string(b[n-4:])]; dup {
			t.Errorf("%s and %s have the same checksum: it is not over the encoded bytes", cs, other)
		}
		sums[string(b[n-4:])] = cs
		got, err := Decode(b, cs)
		if err != nil {
			t.Fatalf("%s: %v", cs, err)
		}
		if p := parsePatronStatus(got, time.UTC); p.Name != name {
			t.Errorf("%s: name came back as %q", cs, p.Name)
		}
	}
	// A character the charset lacks becomes '?', never a broken message.
	b, _ := Encode(Message{ID: "24", Fields: []Field{{"AE", "Zoë 李"}}}, CP850)
	if string(b) != "24AEZo\x89 ?|" {
		t.Errorf("unencodable rune: %q", b)
	}
}

func TestDecodeIsTolerant(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		check    func(Message) bool
	}{
		{"repeated AF kept in order", "36Y20261201    082240AOX|AAp|AFone|AFtwo|AFthree|", func(m Message) bool {
			return reflect.DeepEqual(m.All("AF"), []string{"one", "two", "three"})
		}},
		{"unknown fields kept", "36Y20261201    082240AOX|AAp|ZZodd|PA20501231|", func(m Message) bool {
			return m.Value("ZZ") == "odd" && m.Value("PA") == "20501231"
		}},
		{"empty trailing fields", "36Y20261201    082240AOX|AAp||||", func(m Message) bool { return len(m.Fields) == 2 }},
		{"no final bar", "36Y20261201    082240AOX|AAp", func(m Message) bool { return m.Value("AA") == "p" }},
		{"padding before the trailer", withTrailer("98YYYNYN60000320261201    0822252.00AOX|BXYYYYYYYYYYYYYYYY|" + strings.Repeat(" ", 150)), func(m Message) bool {
			return m.Value("BX") == "YYYYYYYYYYYYYYYY" && len(m.Fields) == 2 && m.Seq == 3
		}},
		{"lower-case checksum", strings.ToLower(real98[len(real98)-4:]), nil},
		{"empty value", "36Y20261201    082240AO|AA|", func(m Message) bool { return len(m.Fields) == 2 && m.Value("AO") == "" }},
	} {
		in := tc.in
		if tc.check == nil { // the lower-case case
			in = real98[:len(real98)-4] + tc.in
			tc.check = func(m Message) bool { return m.Checked }
		}
		m, err := Decode([]byte(in), CP850)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !tc.check(m) {
			t.Errorf("%s: decoded %+v", tc.name, m)
		}
	}
}

// withTrailer adds AY3AZ and the checksum.
func withTrailer(s string) string {
	s += "AY3AZ"
	return s + Checksum([]byte(s))
}

func TestDecodeRefusesBrokenMessages(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrProtocol},
		{"not a message id", "HTTP/1.1 200 OK", ErrProtocol},
		{"truncated fixed part", "121NUN2026", ErrProtocol},
		{"wrong checksum", real98[:len(real98)-1] + "E", ErrChecksum},
		{"malformed field", "36Y20261201    082240AOX|A|", ErrProtocol},
		{"line break inside", "36Y20261201    082240AOX\r|AAp|", ErrProtocol},
		{"too long", "64" + strings.Repeat("A", MaxMessage), ErrTooLong},
	} {
		_, err := Decode([]byte(tc.in), CP850)
		if !errors.Is(err, tc.want) || !errors.Is(err, ErrProtocol) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestEncodeCleansAndCapsValues(t *testing.T) {
	b, err := Encode(Message{ID: "24", Fixed: strings.Repeat(" ", 35), Fields: []Field{{"AE", "a|b\rc\nd"}, {"AF", strings.Repeat("é", 300)}}}, UTF8)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(b, UTF8)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Value("AE"); got != "abcd" {
		t.Errorf("AE = %q, want the delimiter and line breaks dropped", got)
	}
	if got := []rune(m.Value("AF")); len(got) != MaxValue {
		t.Errorf("AF has %d characters, want %d", len(got), MaxValue)
	}
	var fields []Field
	for range 300 {
		fields = append(fields, Field{"AF", strings.Repeat("x", 250)})
	}
	_, err = Encode(Message{ID: "24", Fields: fields}, CP850)
	if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "message too long") {
		t.Errorf("a 75 kB message: %v, want message too long", err)
	}
}

func TestDates(t *testing.T) {
	local := time.FixedZone("EST", -5*3600)
	at := time.Date(2026, 12, 15, 23, 59, 59, 0, local)
	if s := FormatDate(at); s != "20261215    235959" {
		t.Errorf("FormatDate(local) = %q", s)
	}
	if s := FormatDate(at.UTC()); s != "20261216   Z045959" {
		t.Errorf("FormatDate(UTC) = %q", s)
	}
	if s := FormatDate(time.Time{}); s != strings.Repeat(" ", 18) {
		t.Errorf("FormatDate(zero) = %q", s)
	}
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"20261215    235959", at},
		{"20261216   Z045959", at},
		{"20261215   R235959", time.Date(2026, 12, 15, 23, 59, 59, 0, time.FixedZone("R", -5*3600))}, // R = -5
		{"20261216   E045959", time.Date(2026, 12, 16, 4, 59, 59, 0, time.FixedZone("E", 5*3600))},
		{"20261216   M045959", time.Date(2026, 12, 16, 4, 59, 59, 0, time.FixedZone("M", 12*3600))},
	} {
		got, ok := ParseDate(tc.in, local)
		if !ok || !got.Equal(tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"2026121", "20261315    000000", "20261215   J000000", "2026121X    000000"} {
		if _, ok := ParseDate(bad, local); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	for _, in := range []string{"20261215    235959", "2026-12-15", "12/15/2026", "12/15/2026 23:59:59", "2026-12-15 23:59:59", "2026-12-15T23:59:59-05:00", "20261215"} {
		got, ok := ParseDue(in, local)
		if !ok || !got.Equal(at) {
			t.Errorf("ParseDue(%q) = %v, %v; want %v", in, got, ok, at)
		}
	}
	for _, bad := range []string{"", "   ", "next Tuesday", strings.Repeat(" ", 18)} {
		if got, ok := ParseDue(bad, local); ok {
			t.Errorf("ParseDue(%q) = %v", bad, got)
		}
	}
}

func TestLineReader(t *testing.T) {
	lr := newLineReader(strings.NewReader("one\rtwo\r\nthree\nfour"), 10)
	var got []string
	for {
		b, err := lr.next()
		if err != nil {
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("end: %v, want unexpected EOF for the unterminated line", err)
			}
			break
		}
		got = append(got, string(b))
	}
	if want := []string{"one", "two", "", "three"}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	lr = newLineReader(strings.NewReader(strings.Repeat("x", 11)+"\r"), 10)
	if _, err := lr.next(); !errors.Is(err, ErrTooLong) {
		t.Errorf("an 11-byte line with a limit of 10: %v", err)
	}
	lr = newLineReader(strings.NewReader(strings.Repeat("x", 9000)+"\r"), MaxMessage)
	if b, err := lr.next(); err != nil || len(b) != 9000 {
		t.Errorf("a 9000-byte line: %d bytes, %v", len(b), err)
	}
}

func TestSummaryAndFlags(t *testing.T) {
	if s := SummaryCharged.String(); s != "  Y       " {
		t.Errorf("SummaryCharged = %q", s)
	}
	if s := SummaryNone.String(); s != "          " {
		t.Errorf("SummaryNone = %q", s)
	}
	if parseSummary("  Y       ") != SummaryCharged || parseSummary("          ") != SummaryNone {
		t.Error("parseSummary does not undo String")
	}
	f := PatronStatusFlags{ChargePrivilegesDenied: true, TooManyOverdue: true, TooManyBilled: true}
	if s := f.String(); s != "Y     Y      Y" {
		t.Errorf("flags = %q", s)
	}
	if ParsePatronStatusFlags(f.String()) != f {
		t.Error("ParsePatronStatusFlags does not undo String")
	}
	if UnknownPatronFlags.String() != "YYYY          " {
		t.Errorf("unknown patron flags %q", UnknownPatronFlags.String())
	}
	bx := ParseSupportedMessages("YYYYYYYYYNYNYYYY")
	if !bx.Supports("11") || bx.Supports("19") || bx.Supports("37") || !bx.Supports("29") || bx.String() != "YYYYYYYYYNYNYYYY" {
		t.Errorf("BX read as %+v", bx)
	}
}
