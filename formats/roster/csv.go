package roster

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxLineBytes is the longest physical line the reader takes; a longer one
// is skipped without being held in memory, and its row rejected.
const maxLineBytes = 64 << 10

// maxRecordLines is how many physical lines one quoted record may span
// before the reader decides its opening quote is a stray that is never
// closed, rejects the line it started on and reads the following lines again.
const maxRecordLines = 10

var bom = []byte{0xEF, 0xBB, 0xBF}

// physLine is one physical line, without its line end, as UTF-8.
type physLine struct {
	data []byte
	no   int  // 1-based
	long bool // over maxLineBytes: data is nil
}

// recordReader reads CSV records the way real roster files need: RFC 4180
// with lazy quotes, a line-length bound, a newline inside a quoted field read
// as a space, each line that is not valid UTF-8 decoded as Windows-1252, and
// the physical line each record starts on.
//
// After Read returns true, exactly one of Problem (the row cannot be read:
// one sentence) or Fields is set; Line is the record's first line.
type recordReader struct {
	src   *bufio.Reader
	comma byte
	width int // the header's field count, once known

	lineNo  int
	eof     bool
	pending []physLine // lines to read again after a quote that never closed
	held    []physLine // copies of the current record's continuation lines
	dec     []byte     // Windows-1252 decoding buffer
	out     []byte     // the current record's field bytes
	ends    []int      // where each field ends in out
	inQuote bool

	Fields  [][]byte
	Line    int
	Problem string
	Stray   bool // the record has a quote in an odd place, read as written

	Latin1Lines int // lines decoded as Windows-1252
	StrayRows   int // records with a stray quote
	FirstStray  int // the first such record's line
}

// errUTF16 means the file is UTF-16 text (Excel's "Unicode Text").
var errUTF16 = errors.New("UTF-16 text")

func newRecordReader(r io.Reader) (*recordReader, error) {
	br := bufio.NewReaderSize(r, maxLineBytes+2)
	head, err := br.Peek(4096)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return nil, errUTF16
	}
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		// Old Mac line ends: CR alone.
		br = bufio.NewReaderSize(crReader{br}, maxLineBytes+2)
	}
	return &recordReader{src: br, comma: ','}, nil
}

// crReader turns every CR into LF.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// peekLine returns the start of the first line, for delimiter detection.
func (r *recordReader) peekLine() []byte {
	head, _ := r.src.Peek(4096)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	return head
}

func (r *recordReader) nextLine() (physLine, bool, error) {
	if len(r.pending) > 0 {
		l := r.pending[0]
		r.pending = r.pending[1:]
		return l, true, nil
	}
	if r.eof {
		return physLine{}, false, nil
	}
	data, err := r.src.ReadSlice('\n')
	long := false
	if err == bufio.ErrBufferFull {
		long = true
		for err == bufio.ErrBufferFull {
			_, err = r.src.ReadSlice('\n')
		}
		data = nil
	}
	if err == io.EOF {
		r.eof = true
		if len(data) == 0 && !long {
			return physLine{}, false, nil
		}
	} else if err != nil {
		return physLine{}, false, err
	}
	r.lineNo++
	if r.lineNo == 1 {
		data = bytes.TrimPrefix(data, bom)
	}
	data = bytes.TrimSuffix(data, []byte{'\n'})
	data = bytes.TrimSuffix(data, []byte{'\r'})
	if len(data) > maxLineBytes {
		long, data = true, nil
	}
	if long {
		return physLine{no: r.lineNo, long: true}, true, nil
	}
	if !utf8.Valid(data) {
		r.dec = r.dec[:0]
		for _, b := range data {
			r.dec = utf8.AppendRune(r.dec, charmap.Windows1252.DecodeByte(b))
		}
		data = r.dec
		r.Latin1Lines++
	}
	return physLine{data: data, no: r.lineNo}, true, nil
}

func blank(s []byte) bool {
	for _, b := range s {
		if b != ' ' && b != '\t' && b != ',' && b != ';' {
			return false
		}
	}
	return true
}

// Read reads the next record; false means the end of the file.
func (r *recordReader) Read() (bool, error) {
	r.Problem, r.Stray, r.Fields = "", false, r.Fields[:0]
	for {
		l, ok, err := r.nextLine()
		if err != nil || !ok {
			return false, err
		}
		r.Line = l.no
		if l.long {
			r.Problem = fmt.Sprintf("Line %d is longer than %s, so it was not read.", l.no, sizeText(maxLineBytes))
			return true, nil
		}
		if blank(l.data) {
			continue
		}
		r.out, r.ends, r.inQuote = r.out[:0], r.ends[:0], false
		if r.parse(l.data) {
			r.finish()
			return true, nil
		}
		// A quoted field goes on to the next line.
		r.held = r.held[:0]
		total := len(l.data)
		for {
			r.out = append(r.out, ' ')
			n, ok, err := r.nextLine()
			if err != nil {
				return false, err
			}
			giveUp := !ok || n.long || len(r.held)+2 > maxRecordLines || total+len(n.data) > maxLineBytes
			if ok {
				r.held = append(r.held, physLine{data: bytes.Clone(n.data), no: n.no, long: n.long})
			}
			if !giveUp {
				total += len(n.data)
				if !r.parse(n.data) {
					continue
				}
				// A record that spans lines but has the wrong number of
				// fields was joined by a stray quote.
				if r.width == 0 || len(r.ends) == r.width {
					r.finish()
					return true, nil
				}
			}
			r.pending = append(append([]physLine(nil), r.held...), r.pending...)
			r.inQuote = false
			r.Problem = fmt.Sprintf("Line %d has a quote that is never closed, so it was not read.", l.no)
			return true, nil
		}
	}
}

func (r *recordReader) finish() {
	start := 0
	for _, end := range r.ends {
		r.Fields = append(r.Fields, bytes.TrimSpace(r.out[start:end]))
		start = end
	}
	if r.Stray {
		if r.StrayRows == 0 {
			r.FirstStray = r.Line
		}
		r.StrayRows++
	}
}

// skipBlanks skips spaces and tabs, unless tab is the delimiter.
func (r *recordReader) skipBlanks(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') && s[i] != r.comma {
		i++
	}
	return i
}

// parse reads one physical line into the current record. It reports false
// when the line ends inside a quoted field.
func (r *recordReader) parse(s []byte) bool {
	i := 0
	for {
		if !r.inQuote {
			j := r.skipBlanks(s, i)
			if j < len(s) && s[j] == '"' {
				r.inQuote = true
				i = j + 1
			} else {
				k := bytes.IndexByte(s[i:], r.comma)
				f := s[i:]
				if k >= 0 {
					f = s[i : i+k]
				}
				if bytes.IndexByte(f, '"') >= 0 {
					r.Stray = true
				}
				r.out = append(r.out, f...)
				r.ends = append(r.ends, len(r.out))
				if k < 0 {
					return true
				}
				i += k + 1
				continue
			}
		}
		for {
			k := bytes.IndexByte(s[i:], '"')
			if k < 0 {
				r.out = append(r.out, s[i:]...)
				return false
			}
			r.out = append(r.out, s[i:i+k]...)
			i += k + 1
			if i < len(s) && s[i] == '"' {
				r.out = append(r.out, '"')
				i++
				continue
			}
			j := r.skipBlanks(s, i)
			if j == len(s) {
				r.inQuote = false
				r.ends = append(r.ends, len(r.out))
				return true
			}
			if s[j] == r.comma {
				r.inQuote = false
				r.ends = append(r.ends, len(r.out))
				i = j + 1
				break
			}
			// A quote inside a quoted field that does not close it.
			r.Stray = true
			r.out = append(r.out, '"')
		}
	}
}
