package m3

import (
	"bytes"
	"testing"
)

// FuzzFrame: the decoder and parsers never panic; a frame found encodes
// back to the bytes it came from.
func FuzzFrame(f *testing.F) {
	for _, s := range []string{"D5 00 05 04 00 11 8C 66", "D5 00 09 04 00 11 0A 05 00 02 72 50", "D6 00 05 FE 00 05 FA 40", "D6 FF", "D6 00 02"} {
		f.Add(hx(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, n, err := Parse(b)
		if err != nil {
			if n > 1 {
				t.Fatalf("error %v with n = %d", err, n)
			}
		} else {
			if !bytes.Equal(fr.Bytes(), b[:n]) {
				t.Fatalf("frame % X encodes to % X", b[:n], fr.Bytes())
			}
			if uids, err := ParseInventory(fr); err == nil && len(uids)*8 > len(fr.Body) {
				t.Fatalf("%d tags from %d bytes", len(uids), len(fr.Body))
			}
			ParseReadBlocks(fr)
			ParseReadAFI(fr)
			ParseWriteAFI(fr)
			ParseProbe(fr)
		}
		if fr, s, e, ok := Find(b); ok && !bytes.Equal(fr.Bytes(), b[s:e]) {
			t.Fatalf("Find: % X at %d..%d", fr.Bytes(), s, e)
		}
	})
}
