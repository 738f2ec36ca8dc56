package sip2

import (
	"io"
)

// lineReader splits a stream into messages. A message ends in CR or LF, so
// CR, LF and CRLF all work (CRLF leaves an empty line, which callers skip).
type lineReader struct {
	r          io.Reader
	buf        []byte
	start, end int // buf[start:end] is read but not yet returned
	max        int
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: r, buf: make([]byte, 4096), max: max}
}

// next returns the next line without its terminator. The slice is valid
// until the following call. A line longer than max is ErrTooLong (returned
// as soon as it is known, the rest unread); a stream that ends inside a
// line is io.ErrUnexpectedEOF.
func (lr *lineReader) next() ([]byte, error) {
	scan := lr.start
	for {
		for i := scan; i < lr.end; i++ {
			if c := lr.buf[i]; c == '\r' || c == '\n' {
				line := lr.buf[lr.start:i]
				lr.start = i + 1
				if len(line) > lr.max {
					return nil, ErrTooLong
				}
				return line, nil
			}
		}
		if lr.end-lr.start > lr.max {
			return nil, ErrTooLong
		}
		if lr.start > 0 {
			copy(lr.buf, lr.buf[lr.start:lr.end])
			lr.end -= lr.start
			lr.start = 0
		}
		scan = lr.end
		if lr.end == len(lr.buf) {
			grown := make([]byte, min(2*len(lr.buf), lr.max+2))
			copy(grown, lr.buf[:lr.end])
			lr.buf = grown
		}
		n, err := lr.r.Read(lr.buf[lr.end:])
		lr.end += n
		if err != nil && n == 0 {
			if err == io.EOF && lr.end > lr.start {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
}

// pending is what was read after the last line: the start of a line the
// stream ended inside.
func (lr *lineReader) pending() []byte { return lr.buf[lr.start:lr.end] }

// looksLikeTLS reports whether b starts like a TLS record (an alert or a
// handshake, version 3.x): what a TLS server sends a plain client.
func looksLikeTLS(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0x15 || b[0] == 0x16) && b[1] == 0x03
}
