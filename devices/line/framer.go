package line

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DefaultIdle is the pause after which bytes without a terminator count as
// one code. A scanner sends a code in one burst (about 1 ms a byte at 9600
// baud, plus a USB adapter's 16 ms latency timer), so 80 ms is quiet enough.
const DefaultIdle = 80 * time.Millisecond

// DefaultMaxLine bounds a line: longer, and it is noise or a device that is
// not a scanner, so it is dropped rather than taken for a code.
const DefaultMaxLine = 64 << 10

// Frame is one code cut from the byte stream.
type Frame struct {
	Value string    // printable text, prefix and suffix removed
	Raw   []byte    // the bytes as they arrived, terminator included
	At    time.Time // when its last byte arrived
}

// Framer cuts a scanner's byte stream into codes. A code ends at CR, LF or
// CR LF, or, when the scanner sends no terminator, after Idle without a byte.
// Control characters and invalid UTF-8 are removed from the value, then the
// configured Prefix and Suffix; an empty value is no code. It holds at most
// MaxLine bytes: a longer line is dropped whole (Warn is told) and never
// becomes a code.
//
// Framer is pure (bytes and times in, frames out) and not safe for
// concurrent use.
type Framer struct {
	Prefix, Suffix string
	Idle           time.Duration // 0: DefaultIdle; negative: only terminators end a code
	MaxLine        int           // 0: DefaultMaxLine
	Warn           func(msg string)

	buf      []byte
	last     time.Time // arrival of the last byte in buf (or of the dropped line)
	dropping bool      // discarding an overlong line up to its end
	afterCR  bool      // the previous byte was CR: a LF now belongs to it
}

func (f *Framer) idle() time.Duration {
	if f.Idle == 0 {
		return DefaultIdle
	}
	return f.Idle
}

func (f *Framer) maxLine() int {
	if f.MaxLine <= 0 {
		return DefaultMaxLine
	}
	return f.MaxLine
}

// Feed takes bytes that arrived at at and returns the codes they complete.
func (f *Framer) Feed(p []byte, at time.Time) []Frame {
	out := f.Flush(at)
	for _, b := range p {
		if b == '\n' && f.afterCR {
			f.afterCR = false
			continue
		}
		f.afterCR = b == '\r'
		if b == '\r' || b == '\n' {
			if f.dropping {
				f.dropping = false
				continue
			}
			f.buf = append(f.buf, b)
			out = f.emit(out, at)
			continue
		}
		if f.dropping {
			continue
		}
		if len(f.buf) >= f.maxLine() {
			f.drop()
			continue
		}
		f.buf = append(f.buf, b)
	}
	if len(p) > 0 {
		f.last = at
	}
	return out
}

// Flush returns the code waiting in the buffer when Idle has passed since
// its last byte; a driver calls it when a read times out.
func (f *Framer) Flush(now time.Time) []Frame {
	idle := f.idle()
	if idle < 0 || now.Sub(f.last) < idle {
		return nil
	}
	f.afterCR = false
	if f.dropping {
		// The overlong line ended in silence: what comes next is new.
		f.dropping = false
		return nil
	}
	if len(f.buf) == 0 {
		return nil
	}
	return f.emit(nil, f.last)
}

func (f *Framer) drop() {
	if f.Warn != nil {
		f.Warn("dropped a line of more than " + strconv.Itoa(f.maxLine()) + " bytes without a terminator: not a scan")
	}
	f.buf = f.buf[:0]
	f.dropping = true
}

func (f *Framer) emit(out []Frame, at time.Time) []Frame {
	raw := append([]byte(nil), f.buf...)
	f.buf = f.buf[:0]
	if v := f.value(raw); v != "" {
		out = append(out, Frame{Value: v, Raw: raw, At: at})
	}
	return out
}

// value is raw without control characters, then without prefix and suffix.
func (f *Framer) value(raw []byte) string {
	v := printable(string(raw))
	if p := printable(f.Prefix); p != "" {
		v = strings.TrimPrefix(v, p)
	}
	if s := printable(f.Suffix); s != "" {
		v = strings.TrimSuffix(v, s)
	}
	return strings.TrimSpace(v)
}

// printable drops invalid UTF-8 and control characters.
func printable(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}
