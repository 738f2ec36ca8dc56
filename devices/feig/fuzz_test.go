package feig

import (
	"bytes"
	"testing"
)

// FuzzFrame feeds arbitrary bytes to the frame decoder and the response
// parsers: no panic, a frame found is the bytes it came from (it encodes
// back to them), and the parsers never claim more than the frame holds.
func FuzzFrame(f *testing.F) {
	for _, s := range []string{
		"05 FF 65 E5 CB", "07 FF B0 01 00 1C 56",
		"02 00 1D 00 B0 00 02 03 00 E0 02 51 00 02 56 4A A4 03 00 E0 02 23 00 18 89 2B 09 E3 00",
		"1B 00 B0 00 02 03 00 E0 04 01 00 12 34 56 78 03 00 E0 04 01 00 9A BC DE F0 2A 68",
		"17 00 B0 00 03 04 00 04 03 02 01 00 14 13 12 11 00 24 23 22 21 B4 5B",
		"13 00 B0 00 00 E0 04 01 50 12 34 56 78 07 03 1B 01 58 40",
		"02 00 0A 00 B0 95 12 00 94 29", "06 00 B0 01 5C 63", "FF 13 00 42 06 00 B0 00 D5 72", "02 FF",
	} {
		f.Add(hx(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, n, err := Parse(b)
		if err != nil {
			if n < 0 || n > 1 {
				t.Fatalf("error %v with n = %d", err, n)
			}
		} else {
			if n > len(b) || n < 5 {
				t.Fatalf("frame of %d bytes from %d", n, len(b))
			}
			if got := fr.Bytes(); !bytes.Equal(got, b[:n]) {
				t.Fatalf("frame % X encodes to % X", b[:n], got)
			}
			tags, _, _ := ParseInventory(fr)
			if len(tags)*10 > len(fr.Payload) {
				t.Fatalf("%d tags from %d bytes", len(tags), len(fr.Payload))
			}
			if bl, err := ParseReadBlocks(fr); err == nil && len(bl.Data) > len(fr.Payload) {
				t.Fatalf("%d block bytes from %d", len(bl.Data), len(fr.Payload))
			}
			ParseSystemInfo(fr)
			ParseReaderInfo(fr)
		}
		if fr, s, e, ok := Find(b); ok && (s < 0 || e > len(b) || !bytes.Equal(fr.Bytes(), b[s:e])) {
			t.Fatalf("Find: % X at %d..%d", fr.Bytes(), s, e)
		}
	})
}
