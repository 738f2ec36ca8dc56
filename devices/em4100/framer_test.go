package em4100

import (
	"bytes"
	"strings"
	"testing"
)

// vector is devices.md §2.1: data 13005D1DA5, checksum F6.
var (
	vectorID   = [5]byte{0x13, 0x00, 0x5D, 0x1D, 0xA5}
	vectorRDM  = []byte{0x02, '1', '3', '0', '0', '5', 'D', '1', 'D', 'A', '5', 'F', '6', 0x03}
	vectorID12 = []byte{0x02, '1', '3', '0', '0', '5', 'D', '1', 'D', 'A', '5', 'F', '6', '\r', '\n', 0x03}
)

func TestVector(t *testing.T) {
	if got := Frame(vectorID); !bytes.Equal(got, vectorRDM) {
		t.Errorf("Frame = % X, want % X", got, vectorRDM)
	}
	if got := FrameID12(vectorID); !bytes.Equal(got, vectorID12) {
		t.Errorf("FrameID12 = % X, want % X", got, vectorID12)
	}
	c := Card{ID: vectorID}
	if c.Hex() != "13005D1DA5" || c.Decimal() != "0006102437" || c.FacilityCard() != "093,07589" {
		t.Errorf("renderings %s %s %s, want 13005D1DA5 0006102437 093,07589", c.Hex(), c.Decimal(), c.FacilityCard())
	}
	id, err := ParseID("13005d1da5")
	if err != nil || id != vectorID {
		t.Errorf("ParseID = %X, %v", id, err)
	}
	for _, bad := range []string{"", "13005D1DA", "13005D1DAZ", "13005D1DA500"} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) accepted", bad)
		}
	}
}

func TestFramer(t *testing.T) {
	other := Frame([5]byte{0x01, 0x02, 0x03, 0x04, 0x05})
	lower := []byte("\x0213005d1da5f6\x03")
	badSum := []byte("\x0213005D1DA5F7\x03")
	tests := []struct {
		name string
		in   [][]byte // fed one after another
		want []string
	}{
		{"RDM6300 frame", [][]byte{vectorRDM}, []string{"13005D1DA5"}},
		{"ID-12 frame", [][]byte{vectorID12}, []string{"13005D1DA5"}},
		{"byte by byte", split(vectorRDM, 1), []string{"13005D1DA5"}},
		{"two frames in one read", [][]byte{cat(vectorRDM, other)}, []string{"13005D1DA5", "0102030405"}},
		{"lower-case digits, upper-case value", [][]byte{lower}, []string{"13005D1DA5"}},
		{"wrong checksum", [][]byte{badSum}, nil},
		{"noise before and after", [][]byte{[]byte("\xff\x00zz"), vectorRDM, []byte("\x03\x03\r\n")}, []string{"13005D1DA5"}},
		{"cut-off frame, then a whole one", [][]byte{vectorRDM[:7], vectorRDM}, []string{"13005D1DA5"}},
		{"cut-off frame then its own tail is nothing", [][]byte{vectorRDM[:7], vectorRDM[9:]}, nil},
		{"non-hex digit", [][]byte{[]byte("\x0213005D1DG5F6\x03")}, nil},
		{"too long a body", [][]byte{[]byte("\x0213005D1DA5F6F6F6F6\x03")}, nil},
		{"16 bytes but not CR LF", [][]byte{[]byte("\x0213005D1DA5F6ab\x03")}, nil},
		{"STX only", [][]byte{{0x02, 0x02, 0x02}}, nil},
		{"ETX only", [][]byte{{0x03}}, nil},
		{"a frame after a long run of noise", [][]byte{bytes.Repeat([]byte("5"), 70000), vectorRDM}, []string{"13005D1DA5"}},
	}
	for _, tt := range tests {
		var f Framer
		var got []string
		for _, p := range tt.in {
			for _, c := range f.Feed(p) {
				got = append(got, c.Hex())
				if !bytes.HasPrefix(c.Raw, []byte{0x02}) || !bytes.HasSuffix(c.Raw, []byte{0x03}) {
					t.Errorf("%s: raw % X is not a frame", tt.name, c.Raw)
				}
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFramerRejectsCount(t *testing.T) {
	var f Framer
	f.Feed([]byte("\x0213005D1DA5F7\x03"))
	if f.Rejected != 1 {
		t.Errorf("Rejected = %d after one bad checksum", f.Rejected)
	}
}

func TestFramerIsBounded(t *testing.T) {
	var f Framer
	for range 1000 {
		f.Feed(append([]byte{0x02}, bytes.Repeat([]byte("A"), 100)...))
	}
	if cap(f.body) > 64 || cap(f.raw) > 64 {
		t.Errorf("buffers grew to %d/%d bytes", cap(f.body), cap(f.raw))
	}
}

func split(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		k := min(n, len(b))
		out = append(out, b[:k])
		b = b[k:]
	}
	return out
}

func cat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
