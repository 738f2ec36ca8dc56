package rfid

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"
)

// seeds are the vectors, blanks, truncations and noise every decoder's fuzz
// test starts from.
func seeds(f *testing.F) {
	a := mustHex(f, vectorA)
	threeM, _ := EncodeRFID501(Data{ItemID: "1301234567", PartsInSet: 3, PartNumber: 2, MediaType: 1, Branch: 5, Library: 1234})
	iso2, _ := EncodeISO28560_2(Data{ItemID: "31234000123453", Owner: "US-NcCM", PartsInSet: 2, PartNumber: 1, TypeOfUsage: 1, ShelfLocation: "599.75 LIO"})
	iso34, _ := EncodeISO28560_3(Data{ItemID: "31234000123453", Owner: "US-ABCDEFGHIJK", TypeOfUsage: 1}, 34)
	for _, s := range [][]byte{
		a, mustHex(f, vectorB), mustHex(f, vectorC), reverseBlocks(a), vectorE(f), a[:20], a[:31], iso34,
		mustHex(f, annexD), iso2, iso2[:7], threeM, threeM[:23],
		{}, make([]byte, 32), append(bytes.Repeat([]byte{0x55}, 24), 0, 0, 0, 0), bytes.Repeat([]byte{0xFF}, 32),
		[]byte("Hello, this is not library data!"), {0x11}, {0x91}, {0x1F, 0xFF}, {0x11, 0x81}, {0x04},
		mustHex(f, "8c3f0a1d5e77b2c901f4e6a8d3c25b7e19f0a4c6d8e2b3a5f7c9e1d3b5a7c9e0"),
	} {
		f.Add(s)
	}
}

// reencode checks what a decoder took: encoded again in the same model and
// read back, it names the same item.
func reencode(t *testing.T, d Data, decode func([]byte) (Data, error)) {
	if d.PartNumber > d.PartsInSet {
		return // read with a warning; the encoders refuse to write it
	}
	var b []byte
	var err error
	switch d.Model {
	case ISO28560_3:
		b, err = EncodeISO28560_3(d, d.BlockSize)
	case ISO28560_2:
		b, err = EncodeISO28560_2(d)
	case RFID501:
		b, err = EncodeRFID501(d)
	default:
		t.Fatalf("decoded model %q", d.Model)
	}
	if err != nil {
		t.Fatalf("re-encode %+v: %v", d, err)
	}
	back, err := decode(b)
	if err != nil {
		t.Fatalf("decode of re-encoded %X: %v", b, err)
	}
	if back.ItemID != d.ItemID || back.Model != d.Model {
		t.Fatalf("re-encoded %q (%s) reads back %q (%s)", d.ItemID, d.Model, back.ItemID, back.Model)
	}
}

func checkError(t *testing.T, err error) {
	if err != nil && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrBlank) && !errors.Is(err, ErrCorrupt) {
		t.Fatalf("error %v is none of ErrUnsupported, ErrBlank, ErrCorrupt", err)
	}
}

func FuzzDecode(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, mem []byte) {
		d, err := Decode(mem)
		checkError(t, err)
		if err == nil {
			if d.ItemID == "" {
				t.Fatalf("decoded %X without an item id", mem)
			}
			reencode(t, d, Decode)
		}
	})
}

func FuzzDecodeISO28560_3(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, mem []byte) {
		d, err := DecodeISO28560_3(mem)
		checkError(t, err)
		if err == nil {
			reencode(t, d, DecodeISO28560_3)
		}
	})
}

func FuzzDecodeISO28560_2(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, mem []byte) {
		d, err := DecodeISO28560_2(mem)
		checkError(t, err)
		if err == nil {
			reencode(t, d, DecodeISO28560_2)
		}
	})
}

func FuzzDecodeRFID501(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, mem []byte) {
		d, err := DecodeRFID501(mem)
		checkError(t, err)
		if err == nil {
			reencode(t, d, DecodeRFID501)
		}
	})
}

// FuzzCompaction: any text a tag may carry (valid UTF-8; the encoder
// refuses the rest) comes back from the compaction the encoder picks.
func FuzzCompaction(f *testing.F) {
	for _, s := range []string{"0", "0123", "31234000123453", "ABC", "ABCDEFGP", "QA268.L55", "US-NcCM", "ABC ", "Bücher", "Книга", "@", "_@@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		scheme, data := compact(s)
		if back, err := decompact(scheme, data); err != nil || back != s {
			t.Fatalf("compact(%q) = scheme %d %X, reads back %q, %v", s, scheme, data, back, err)
		}
	})
}
