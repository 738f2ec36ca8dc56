package em4100

import (
	"bytes"
	"testing"
)

// FuzzFramer feeds arbitrary bytes in arbitrary chunks: no panic, and every
// card it reports is a whole, correctly checksummed frame that really
// arrived as consecutive bytes.
func FuzzFramer(f *testing.F) {
	f.Add(vectorRDM, uint8(1))
	f.Add(vectorID12, uint8(5))
	f.Add(cat([]byte("\x02\x0213005D"), vectorRDM, []byte("\x03noise")), uint8(3))
	f.Add([]byte("\x0213005D1DA5F7\x03"), uint8(14))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		n := int(chunk%16) + 1
		var fr Framer
		for _, p := range split(data, n) {
			for _, c := range fr.Feed(p) {
				if len(c.Raw) != 14 && len(c.Raw) != 16 {
					t.Fatalf("raw % X is neither 14 nor 16 bytes", c.Raw)
				}
				if !bytes.Contains(data, c.Raw) {
					t.Fatalf("raw % X is not in the input", c.Raw)
				}
				if !bytes.Equal(bytes.ToUpper(c.Raw[1:13]), Frame(c.ID)[1:13]) {
					t.Fatalf("card %X does not match its frame % X", c.ID, c.Raw)
				}
			}
		}
	})
}
