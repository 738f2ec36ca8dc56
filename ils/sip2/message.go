package sip2

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits of the codec.
const (
	// MaxValue is the most characters a variable field's value carries;
	// longer values are cut when encoding (as SIPServer does).
	MaxValue = 255
	// MaxMessage is the most bytes of one message, terminator excluded.
	MaxMessage = 64 << 10
)

// Field is one variable field: a two-character code and its value.
type Field struct {
	Code  string
	Value string
}

// Message is one SIP2 message in its generic form: the command identifier,
// the fixed-length fields as they stand on the wire, and the variable fields
// in order (repeated codes such as AF are kept, unknown codes too).
type Message struct {
	ID     string // the two-digit command identifier, "11" for a checkout
	Fixed  string // the fixed-length fields after the identifier
	Fields []Field
	// Checked: the message carries (or is to carry) the error-detection
	// trailer AY<seq>AZ<checksum>.
	Checked bool
	// Seq is the AY sequence number 0-9, or -1 for none (a 97/96 resend
	// request, or a message without error detection).
	Seq int
}

// Get returns the value of the first field with code, and whether there
// was one.
func (m *Message) Get(code string) (string, bool) {
	for _, f := range m.Fields {
		if f.Code == code {
			return f.Value, true
		}
	}
	return "", false
}

// Value returns the value of the first field with code, "" when absent.
func (m *Message) Value(code string) string {
	v, _ := m.Get(code)
	return v
}

// All returns the values of every field with code, in order.
func (m *Message) All(code string) []string {
	var vs []string
	for _, f := range m.Fields {
		if f.Code == code {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Add appends a field.
func (m *Message) Add(code, value string) { m.Fields = append(m.Fields, Field{code, value}) }

// AddIf appends a field when value is not empty (an optional field).
func (m *Message) AddIf(code, value string) {
	if value != "" {
		m.Add(code, value)
	}
}

// fixedLen is the length of the fixed part of each message a station uses.
var fixedLen = map[string]int{
	"93": 2, "94": 1,
	"99": 8, "98": 34,
	"23": 21, "24": 35,
	"63": 31, "64": 59,
	"17": 18, "18": 24,
	"11": 38, "12": 22,
	"09": 37, "10": 22,
	"29": 38, "30": 22,
	"35": 18, "36": 19,
	"19": 18, "20": 19,
	"97": 0, "96": 0,
}

// FixedLen is the length of the fixed part of message id, and whether id is
// a message this package knows.
func FixedLen(id string) (int, bool) {
	n, ok := fixedLen[id]
	return n, ok
}

// Checksum is the SIP2 checksum of b: the two's complement of the 16-bit
// sum of its bytes, as four upper-case hex digits. b is the message from its
// first byte up to and including "AZ".
func Checksum(b []byte) string {
	var sum uint16
	for _, x := range b {
		sum += uint16(x)
	}
	return fmt.Sprintf("%04X", -sum)
}

// Encode writes m in charset cs, without the terminator. Values lose any
// '|', CR and LF and are cut to MaxValue characters; a message longer than
// MaxMessage is refused with ErrTooLong.
func Encode(m Message, cs Charset) ([]byte, error) {
	b := make([]byte, 0, 64+len(m.Fixed)+16*len(m.Fields))
	return AppendEncode(b, m, cs)
}

// AppendEncode is Encode appending to b.
func AppendEncode(b []byte, m Message, cs Charset) ([]byte, error) {
	start := len(b)
	b = append(b, clean(m.ID, false)...)
	b = cs.encode(b, clean(m.Fixed, false))
	for _, f := range m.Fields {
		b = append(b, clean(f.Code, true)...)
		b = cs.encode(b, capValue(clean(f.Value, true)))
		b = append(b, '|')
	}
	if m.Checked {
		if m.Seq >= 0 {
			b = append(b, 'A', 'Y', byte('0'+m.Seq%10))
		}
		b = append(b, 'A', 'Z')
		b = append(b, Checksum(b[start:])...)
	}
	if len(b)-start > MaxMessage {
		return b[:start], fmt.Errorf("encode %s: %w (%d bytes, the limit is %d)", m.ID, ErrTooLong, len(b)-start, MaxMessage)
	}
	return b, nil
}

// clean drops what would break the framing: CR and LF always, '|' in a
// variable field.
func clean(s string, field bool) string {
	if !strings.ContainsAny(s, "\r\n|") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || (field && r == '|') {
			return -1
		}
		return r
	}, s)
}

func capValue(s string) string {
	if len(s) <= MaxValue {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxValue {
			return s[:i]
		}
		n++
	}
	return s
}

// Decode parses one message (without its terminator) in charset cs. It
// verifies the checksum when there is one (a mismatch is ErrChecksum),
// tolerates repeated and unknown fields, empty fields, padding before the
// trailer and a missing final '|', and refuses a fixed part shorter than
// the message's layout.
func Decode(b []byte, cs Charset) (Message, error) {
	if len(b) > MaxMessage {
		return Message{}, fmt.Errorf("%w: %w (%d bytes, the limit is %d)", ErrProtocol, ErrTooLong, len(b), MaxMessage)
	}
	if len(b) < 2 {
		return Message{}, protocolError("message too short: %q", b)
	}
	for _, x := range b {
		if x == '\r' || x == '\n' {
			return Message{}, protocolError("line break inside a message")
		}
	}
	m := Message{ID: string(b[:2]), Seq: -1}
	if !isDigit(b[0]) || !isDigit(b[1]) {
		return Message{}, protocolError("%q is not a message identifier", b[:2])
	}
	body := b[2:]
	// The trailer: [AY<digit>]AZ<4 hex> at the very end.
	if n := len(b); n >= 8 && b[n-6] == 'A' && b[n-5] == 'Z' && isHex(b[n-4:]) {
		if want, got := Checksum(b[:n-4]), strings.ToUpper(string(b[n-4:])); want != got {
			return Message{}, fmt.Errorf("%w: %w (%s, want %s)", ErrProtocol, ErrChecksum, got, want)
		}
		m.Checked = true
		body = b[2 : n-6]
		if k := len(body); k >= 3 && body[k-3] == 'A' && body[k-2] == 'Y' && isDigit(body[k-1]) {
			m.Seq = int(body[k-1] - '0')
			body = body[:k-3]
		}
	}
	chars, known := fixedLen[m.ID]
	if !known {
		chars = 0
	}
	n, ok := cs.prefix(body, chars)
	if !ok {
		return Message{}, protocolError("message %s is truncated: %d bytes of fixed fields, want %d characters", m.ID, len(body), chars)
	}
	m.Fixed = cs.decode(body[:n])
	rest := body[n:]
	for len(rest) > 0 {
		i := indexByte(rest, '|')
		var seg []byte
		if i < 0 {
			seg, rest = rest, nil
		} else {
			seg, rest = rest[:i], rest[i+1:]
		}
		if isBlank(seg) {
			continue // padding, or an empty field "||"
		}
		if len(seg) < 2 || seg[0] < '!' || seg[1] < '!' || seg[0] >= utf8.RuneSelf || seg[1] >= utf8.RuneSelf {
			return Message{}, protocolError("malformed field %q in message %s", seg, m.ID)
		}
		m.Fields = append(m.Fields, Field{Code: string(seg[:2]), Value: cs.decode(seg[2:])})
	}
	return m, nil
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

func isBlank(b []byte) bool {
	for _, x := range b {
		if x != ' ' && x != '\t' && x != 0 {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) && (c < 'A' || c > 'F') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// String is the message as text (UTF-8, no terminator), for logs and tests.
func (m Message) String() string {
	b, err := Encode(m, UTF8)
	if err != nil {
		return m.ID + "…"
	}
	return string(b)
}
