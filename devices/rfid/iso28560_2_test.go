package rfid

import (
	"bytes"
	"errors"
	"testing"
)

// annexD is the worked example of ISO 28560-2 Annex D (as printed in its
// Russian edition, GOST R ISO 28560-2-2014, tables D.5 and D.6): item id
// 123456789012 (integer, with an offset byte of 0), the content parameter
// D0, set information 1203 (integer), shelf location QA268.L55 (6-bit), then
// our terminator. The scanned copy prints the 6-bit bytes B6 and D6 as "86"
// and "Об"; the values here are the ones the bits of QA268.L55 give.
const annexD = "91 00 05 1C BE 99 1A 14  02 01 D0  14 02 04 B3  46 07 44 1C B6 E2 E3 35 D6  00"

func TestISO28560_2AnnexD(t *testing.T) {
	d, err := Decode(mustHex(t, annexD))
	if err != nil {
		t.Fatal(err)
	}
	if d.Model != ISO28560_2 || d.ItemID != "123456789012" || d.PartsInSet != 12 || d.PartNumber != 3 ||
		d.ShelfLocation != "QA268.L55" || d.TypeOfUsage != UsageUnknown || d.Owner != "" || len(d.Warnings) != 0 {
		t.Errorf("Decode(Annex D) = %+v", d)
	}
	if got := packBits("QA268.L55", comp6Bit); !bytes.Equal(got, mustHex(t, "441CB6E2E335D6")) {
		t.Errorf("6-bit QA268.L55 = %X, want 441CB6E2E335D6", got)
	}
}

func TestISO28560_2ContentParameter(t *testing.T) {
	// Owner, set information and shelf location present: OIDs 3, 4 and 6,
	// the D0 of Annex D.
	b, err := EncodeISO28560_2(Data{ItemID: "123456789012", Owner: "US-NcCM", PartsInSet: 12, PartNumber: 3, TypeOfUsage: UsageUnknown, ShelfLocation: "QA268.L55"})
	if err != nil {
		t.Fatal(err)
	}
	want := mustHex(t, "11 05 1C BE 99 1A 14  02 01 D0")
	if !bytes.HasPrefix(b, want) {
		t.Errorf("encoded %X, want it to start %X", b, want)
	}
	if len(b)%4 != 0 {
		t.Errorf("encoded %d bytes, not whole blocks", len(b))
	}
	// A single item with nothing else is the item id and the terminator.
	b, _ = EncodeISO28560_2(Data{ItemID: "1", TypeOfUsage: UsageUnknown})
	if !bytes.Equal(b, []byte{0x11, 0x01, 0x01, 0x00}) {
		t.Errorf("item 1 alone = %X, want 11010100", b)
	}
}

func TestCompaction(t *testing.T) {
	for _, tc := range []struct {
		in     string
		scheme int
		hex    string
	}{
		{"0", compInteger, "00"},
		{"123456789012", compInteger, "1CBE991A14"},
		{"0123", compNumeric, "0123"},
		{"012", compNumeric, "012F"},
		{"0101", compNumeric, "0101"},
		{"ABC", comp5Bit, "0887"},  // 00001 00010 00011, then a pad 1 bit
		{"ABCDEFG", comp5Bit, ""},  // 35 bits in 5 bytes: a whole pad unit
		{"ABCDEFGP", comp6Bit, ""}, // in 5-bit a trailing P would read as padding
		{"QA268.L55", comp6Bit, "441CB6E2E335D6"},
		{"US-NCCM", comp6Bit, ""},
		{"US-NcCM", comp7Bit, ""},
		{"ABC ", comp7Bit, ""}, // in 6-bit a trailing space would read as padding
		{"Bücher", compOctet, "42FC63686572"},
		{"Книга", compUTF8, ""},
	} {
		scheme, data := compact(tc.in)
		if scheme != tc.scheme {
			t.Errorf("compact(%q) uses scheme %d, want %d", tc.in, scheme, tc.scheme)
		}
		if tc.hex != "" && !bytes.Equal(data, mustHex(t, tc.hex)) {
			t.Errorf("compact(%q) = %X, want %s", tc.in, data, tc.hex)
		}
		if back, err := decompact(scheme, data); err != nil || back != tc.in {
			t.Errorf("decompact(compact(%q)) = %q, %v", tc.in, back, err)
		}
	}
}

func TestISO28560_2Structure(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		want      Data
	}{
		{"offset and pad bytes", "91 03 01 07 00 00 00  63 07 55 53 2D 4E 63 43 4D  00",
			Data{ItemID: "7", Owner: "US-NcCM"}},
		{"no terminator", "11 01 07  15 01 05", Data{ItemID: "7", TypeOfUsage: 5}},
		{"extended OID skipped", "11 01 07  6F 08 02 41 42  66 03 51 41 31  00", // OID 23, then shelf QA1
			Data{ItemID: "7", ShelfLocation: "QA1"}},
		{"after the terminator", "11 01 07 00 FF FF FF FF", Data{ItemID: "7"}},
		{"set of 2, integer-compacted 0102", "11 01 07  14 01 66", Data{ItemID: "7", PartsInSet: 1, PartNumber: 2,
			Warnings: []string{"the tag says part 2 of 1"}}},
		{"set 0201 numeric", "11 01 07  24 02 02 01", Data{ItemID: "7", PartsInSet: 2, PartNumber: 1}},
		{"UTF-8 owner", "11 01 07  73 04 D0 9A D0 B0  00", Data{ItemID: "7", Owner: "Ка"}},
		{"unreadable owner", "11 01 07  03 02 01 02  00", Data{ItemID: "7",
			Warnings: []string{"the owner library could not be read (it uses an application-defined compaction this station does not know); ignored"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			want.Model, want.CRCOK = ISO28560_2, true
			if want.PartsInSet == 0 {
				want.PartsInSet, want.PartNumber = 1, 1
			}
			if want.TypeOfUsage == 0 {
				want.TypeOfUsage = UsageUnknown
			}
			got, err := DecodeISO28560_2(mustHex(t, tc.hex))
			if err != nil {
				t.Fatal(err)
			}
			if got.ItemID != want.ItemID || got.Owner != want.Owner || got.ShelfLocation != want.ShelfLocation ||
				got.PartsInSet != want.PartsInSet || got.PartNumber != want.PartNumber || got.TypeOfUsage != want.TypeOfUsage ||
				len(got.Warnings) != len(want.Warnings) || len(want.Warnings) > 0 && got.Warnings[0] != want.Warnings[0] {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestISO28560_2Refuses(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		want      error
	}{
		{"starts with the owner", "63 02 55 53 00", errNotThisModel},
		{"item id twice", "11 01 07 11 01 08 00", ErrCorrupt},
		{"length past the end", "11 09 07", errNotThisModel},
		{"offset past the end", "11 01 07  94 09 01 05", ErrCorrupt},
		{"bad numeric nibble", "21 01 A1 00", errNotThisModel},
		{"OID 0", "11 01 07  60 01 41 00", ErrCorrupt},
		{"control characters in the item id", "61 02 31 0A 00", errNotThisModel},
	} {
		if _, err := DecodeISO28560_2(mustHex(t, tc.hex)); !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
}
