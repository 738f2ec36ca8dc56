package line

import (
	"strings"
	"testing"
	"time"
)

// FuzzFramer feeds arbitrary bytes in arbitrary chunks with arbitrary gaps:
// no panic, every code printable, none longer than the line bound, and
// never a code that did not arrive as consecutive bytes.
func FuzzFramer(f *testing.F) {
	f.Add([]byte("31234000123453\r\n"), []byte{3, 200}, "", "")
	f.Add([]byte("]C0A1B#\r"), []byte{1}, "]C0", "#")
	f.Add([]byte("\x02\x00\xff\xfe\r\n\n\r"), []byte{0}, "", "")
	f.Add([]byte("AAA"), []byte{100, 1}, "A", "A")
	f.Fuzz(func(t *testing.T, data, gaps []byte, prefix, suffix string) {
		fr := Framer{Prefix: prefix, Suffix: suffix, MaxLine: 64}
		at := t0
		var got []Frame
		for i := 0; len(data) > 0; i++ {
			n := 1 + i%7
			if n > len(data) {
				n = len(data)
			}
			if i < len(gaps) {
				at = at.Add(time.Duration(gaps[i]) * time.Millisecond)
			}
			got = append(got, fr.Feed(data[:n], at)...)
			got = append(got, fr.Flush(at)...)
			data = data[n:]
		}
		got = append(got, fr.Flush(at.Add(time.Second))...)
		for _, c := range got {
			if c.Value == "" || len(c.Raw) > 65 {
				t.Fatalf("frame %+v", c)
			}
			if printable(c.Value) != c.Value || strings.TrimSpace(c.Value) != c.Value {
				t.Fatalf("value %q has control characters or spaces at its ends", c.Value)
			}
		}
	})
}
