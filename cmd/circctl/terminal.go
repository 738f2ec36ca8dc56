package main

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// terminalWriter writes to a terminal (or a pipe) with every control
// character but newline and tab written as a \uXXXX escape: a card number
// or a name holding ESC, CR or a C1 control cannot rewrite the screen.
// JSON stays valid, since \uXXXX is how JSON writes them too (and only
// strings can hold them).
type terminalWriter struct {
	w       io.Writer
	pending []byte // the start of a character cut off by the last write
}

func newTerminalWriter(w io.Writer) *terminalWriter { return &terminalWriter{w: w} }

func (t *terminalWriter) Write(p []byte) (int, error) {
	b := append(t.pending, p...)
	t.pending = nil
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 && !utf8.FullRune(b[i:]) {
			t.pending = append([]byte(nil), b[i:]...) // completed by the next write
			break
		}
		switch {
		case r == utf8.RuneError && size == 1:
			out = fmt.Appendf(out, `\x%02x`, b[i]) // not UTF-8: 0x9b alone is CSI to some terminals
		case r == '\n' || r == '\t':
			out = append(out, byte(r))
		case r < ' ' || (r >= 0x7f && r <= 0x9f):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
