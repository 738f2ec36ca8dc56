package sip2

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Charset is how a server encodes text on the wire.
type Charset string

// The charsets a server may use. The SIP2 default is IBM code page 850.
const (
	CP850  Charset = "cp850"
	Latin1 Charset = "latin1"
	UTF8   Charset = "utf8"
)

// ParseCharset accepts the usual spellings of the supported charsets ("" is
// cp850).
func ParseCharset(s string) (Charset, error) {
	switch strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(s)) {
	case "", "cp850", "ibm850", "850":
		return CP850, nil
	case "latin1", "iso88591", "l1":
		return Latin1, nil
	case "utf8":
		return UTF8, nil
	}
	return "", fmt.Errorf("unknown charset %q: use cp850, latin1 or utf8", s)
}

func (c Charset) orDefault() Charset {
	if c == "" {
		return CP850
	}
	return c
}

func (c Charset) charmap() *charmap.Charmap {
	switch c.orDefault() {
	case Latin1:
		return charmap.ISO8859_1
	case UTF8:
		return nil
	}
	return charmap.CodePage850
}

// encode appends s in charset c to b. A character the charset cannot
// represent becomes '?'.
func (c Charset) encode(b []byte, s string) []byte {
	m := c.charmap()
	if m == nil {
		return append(b, strings.ToValidUTF8(s, "?")...)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			b = append(b, s[i])
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		if e, ok := m.EncodeRune(r); ok {
			b = append(b, e)
		} else {
			b = append(b, '?')
		}
	}
	return b
}

// decode turns b, in charset c, into a string.
func (c Charset) decode(b []byte) string {
	m := c.charmap()
	ascii := true
	for _, x := range b {
		if x >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	if m == nil {
		if utf8.Valid(b) {
			return string(b)
		}
		// Each invalid byte becomes one U+FFFD, so characters keep
		// their count (the fixed fields are counted in characters).
		var sb strings.Builder
		for len(b) > 0 {
			r, size := utf8.DecodeRune(b)
			sb.WriteRune(r)
			b = b[size:]
		}
		return sb.String()
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	for _, x := range b {
		if x < utf8.RuneSelf {
			sb.WriteByte(x)
		} else {
			sb.WriteRune(m.DecodeByte(x))
		}
	}
	return sb.String()
}

// prefix is how many bytes of b hold its first n characters, and whether b
// has that many. In UTF-8 a byte that is not valid UTF-8 counts as one
// character.
func (c Charset) prefix(b []byte, n int) (int, bool) {
	if c.orDefault() != UTF8 {
		return n, len(b) >= n
	}
	i := 0
	for k := 0; k < n; k++ {
		if i >= len(b) {
			return 0, false
		}
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return i, true
}
