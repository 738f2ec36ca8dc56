package rfid

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/devices"
)

// Test vectors of devices.md §1.6.
const (
	vectorA = "11010131313232333334340000000000000000513e4445373035000000000000" // libdanrfid DDMDataTest
	vectorB = "110101333132333430303031323334353300009ae855534d595343484f4f4c00"
	vectorC = "11030233313233343030303132333435330000c8ff55534d595343484f4f4c00"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", ":", "").Replace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vectorD is A with each 4-byte block reversed, as FKI writes it.
func vectorD(t testing.TB) []byte { return reverseBlocks(mustHex(t, vectorA)) }

// vectorE is A with byte 10 changed.
func vectorE(t testing.TB) []byte {
	b := mustHex(t, vectorA)
	b[10] ^= 0x01
	return b
}

func TestCRC16(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint16
	}{
		{"123456789", 0x29B1},           // CRC-16/CCITT-FALSE check value
		{"RFID tag data model", 0x1AEE}, // libdanrfid self-test
	} {
		if got := crc16([]byte(tc.in)); got != tc.want {
			t.Errorf("crc16(%q) = %#04x, want %#04x", tc.in, got, tc.want)
		}
	}
	if got := blockCRC(mustHex(t, vectorA), 32); got != 0x3E51 {
		t.Errorf("CRC of vector A = %#04x, want 0x3E51", got)
	}
}

func TestDecodeVectors(t *testing.T) {
	for _, tc := range []struct {
		name string
		mem  []byte
		want Data
	}{
		{"A", mustHex(t, vectorA), Data{Model: ISO28560_3, ItemID: "11223344", PartsInSet: 1, PartNumber: 1, Owner: "DE-705", TypeOfUsage: 1, BlockSize: 32, CRCOK: true}},
		{"B", mustHex(t, vectorB), Data{Model: ISO28560_3, ItemID: "31234000123453", PartsInSet: 1, PartNumber: 1, Owner: "US-MYSCHOOL", TypeOfUsage: 1, BlockSize: 32, CRCOK: true}},
		{"C", mustHex(t, vectorC), Data{Model: ISO28560_3, ItemID: "31234000123453", PartsInSet: 3, PartNumber: 2, Owner: "US-MYSCHOOL", TypeOfUsage: 1, BlockSize: 32, CRCOK: true}},
		{"D (A reversed)", vectorD(t), Data{Model: ISO28560_3, ItemID: "11223344", PartsInSet: 1, PartNumber: 1, Owner: "DE-705", TypeOfUsage: 1, BlockSize: 32, CRCOK: true, Reversed: true,
			Warnings: []string{"the tag's 4-byte blocks are stored byte-reversed (as FKI equipment writes them)"}}},
		// A on a tag with more memory than the block: the rest is zeros.
		{"A on a 112-byte tag", append(mustHex(t, vectorA), make([]byte, 80)...), Data{Model: ISO28560_3, ItemID: "11223344", PartsInSet: 1, PartNumber: 1, Owner: "DE-705", TypeOfUsage: 1, BlockSize: 32, CRCOK: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.mem)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Decode:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDecodeVectorECorrupt(t *testing.T) {
	d, err := Decode(vectorE(t))
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Decode(E) error = %v, want ErrCorrupt", err)
	}
	if !strings.HasPrefix(err.Error(), "corrupt tag data: the tag's CRC does not match") {
		t.Errorf("message %q does not say the CRC failed", err)
	}
	if d.Model != ISO28560_3 || d.CRCOK || len(d.Warnings) == 0 {
		t.Errorf("Decode(E) data = %+v, want ISO 28560-3 with CRCOK false and a warning", d)
	}
}

func TestDecodeCorruptShowsDamage(t *testing.T) {
	b := mustHex(t, vectorA)
	b[10] = 0xFF // inside the item id
	d, err := Decode(b)
	if !errors.Is(err, ErrCorrupt) || d.ItemID != "1122334?" || d.CRCOK {
		t.Errorf("Decode = %+v, %v; want ErrCorrupt with item 1122334?", d, err)
	}
}

func TestDecodeNibbleSwapped(t *testing.T) {
	// Bibliotheca writes "not for circulation" (usage 2) as 0x21.
	b, err := EncodeISO28560_3(Data{ItemID: "9000123", TypeOfUsage: 2, NibbleSwapped: true, Owner: "DE-705"}, 32)
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != 0x21 {
		t.Fatalf("byte 0 = %#02x, want 0x21", b[0])
	}
	d, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if d.TypeOfUsage != 2 || !d.NibbleSwapped || d.ItemID != "9000123" {
		t.Errorf("Decode = %+v, want usage 2, nibble-swapped", d)
	}
}

func TestDecode34ByteBlock(t *testing.T) {
	// A 13-character ISIL fills a 34-byte block to its end.
	want := Data{Model: ISO28560_3, ItemID: "31234000123453", PartsInSet: 1, PartNumber: 1, Owner: "US-ABCDEFGHIJK", TypeOfUsage: 1, BlockSize: 34, CRCOK: true}
	b, err := EncodeISO28560_3(want, 34)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := EncodeISO28560_3(want, 32); err == nil {
		t.Error("a 13-character owner fit a 32-byte block")
	}
	got, err := Decode(append(b, 0, 0, 0, 0, 0, 0))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Decode = %+v, %v; want %+v", got, err, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	threeMBlank := append(bytes.Repeat([]byte{0x55}, 24), 0, 0, 0, 0)
	extPII := mustHex(t, vectorA)
	extPII[3] = 0x01
	crc := blockCRC(extPII, 32)
	extPII[19], extPII[20] = byte(crc), byte(crc>>8)
	v2 := mustHex(t, vectorA)
	v2[0] = 0x23
	crc = blockCRC(v2, 32)
	v2[19], v2[20] = byte(crc), byte(crc>>8)
	for _, tc := range []struct {
		name   string
		mem    []byte
		want   error
		prefix string
	}{
		{"no bytes", nil, ErrUnsupported, "unsupported tag data: the reader returned no bytes"},
		{"all zeros", make([]byte, 112), ErrBlank, "blank tag"},
		{"3M blank", threeMBlank, ErrBlank, "blank tag: it has no library data yet (3M factory blank)"},
		{"3M blank on a bigger tag", append(threeMBlank, make([]byte, 36)...), ErrBlank, "blank tag"},
		{"all 0xFF", bytes.Repeat([]byte{0xFF}, 32), ErrUnsupported, "unsupported tag data: the tag's data is not ISO 28560-3, ISO 28560-2 or 3M"},
		{"text", []byte("Hello, this is not library data!"), ErrUnsupported, "unsupported tag data:"},
		{"truncated A", mustHex(t, vectorA)[:20], ErrCorrupt, "corrupt tag data: the reader returned only 20 bytes of an ISO 28560-3 block"},
		{"item id in an extension block", extPII, ErrUnsupported, "unsupported tag data: the item id is longer than 16 characters"},
		{"ISO 28560-3 version 2", v2, ErrUnsupported, "unsupported tag data: ISO 28560-3 data of version 2"},
		{"3M without a barcode", []byte{0x04, 0x11, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, ErrUnsupported, "unsupported tag data: the 3M tag has no barcode"},
		{"ISO 28560-2 broken after the item id", []byte{0x11, 0x01, 0x07, 0x63, 0x09, 'U', 'S'}, ErrCorrupt, "corrupt tag data: ISO 28560-2 data set at byte 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.mem)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Decode error = %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.prefix) {
				t.Errorf("message %q, want it to start %q", err, tc.prefix)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	items := []Data{
		{ItemID: "31234000123453", Owner: "US-NcCM", TypeOfUsage: 1},
		{ItemID: "0001234", PartsInSet: 3, PartNumber: 2, Owner: "US-MYSCHOOL", TypeOfUsage: 2},
		{ItemID: "A-12/b c", TypeOfUsage: 0},
		{ItemID: "1234567890123456", PartsInSet: 12, PartNumber: 12, TypeOfUsage: 9},
	}
	for _, in := range items {
		for _, enc := range []struct {
			model Model
			fn    func(Data) ([]byte, error)
		}{
			{ISO28560_3, func(d Data) ([]byte, error) { return EncodeISO28560_3(d, 32) }},
			{ISO28560_3, func(d Data) ([]byte, error) { d.Reversed = true; return EncodeISO28560_3(d, 34) }},
			{ISO28560_2, EncodeISO28560_2},
			{ISO28560_2, func(d Data) ([]byte, error) { d.ShelfLocation = "599.75 LIO"; return EncodeISO28560_2(d) }},
			{RFID501, func(d Data) ([]byte, error) {
				d.Owner, d.MediaType, d.Branch, d.Library = "", 1, 4095, 1<<20-1
				return EncodeRFID501(d)
			}},
		} {
			b, err := enc.fn(in)
			if err != nil {
				t.Errorf("%s encode %+v: %v", enc.model, in, err)
				continue
			}
			got, err := Decode(b)
			if err != nil {
				t.Errorf("%s decode of %X: %v", enc.model, b, err)
				continue
			}
			wantParts, wantPart := max(in.PartsInSet, 1), max(in.PartNumber, 1)
			if got.Model != enc.model || got.ItemID != in.ItemID || got.PartsInSet != wantParts || got.PartNumber != wantPart || len(got.Warnings) > 0 && !got.Reversed {
				t.Errorf("%s round trip of %+v gave %+v", enc.model, in, got)
			}
			if enc.model != RFID501 && (got.Owner != in.Owner || got.TypeOfUsage != in.TypeOfUsage) {
				t.Errorf("%s round trip of %+v: owner %q usage %d", enc.model, in, got.Owner, got.TypeOfUsage)
			}
			if enc.model == RFID501 && (got.MediaType != 1 || got.Branch != 4095 || got.Library != 1<<20-1) {
				t.Errorf("3M round trip: %+v", got)
			}
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{"no item id", func() ([]byte, error) { return EncodeISO28560_3(Data{TypeOfUsage: 1}, 32) }},
		{"17-character item id", func() ([]byte, error) { return EncodeISO28560_3(Data{ItemID: "12345678901234567", TypeOfUsage: 1}, 32) }},
		{"33-byte block", func() ([]byte, error) { return EncodeISO28560_3(Data{ItemID: "1", TypeOfUsage: 1}, 33) }},
		{"usage unknown on 28560-3", func() ([]byte, error) { return EncodeISO28560_3(Data{ItemID: "1", TypeOfUsage: UsageUnknown}, 32) }},
		{"part 3 of 2", func() ([]byte, error) { return EncodeISO28560_3(Data{ItemID: "1", PartsInSet: 2, PartNumber: 3}, 32) }},
		{"shelf on 28560-3", func() ([]byte, error) { return EncodeISO28560_3(Data{ItemID: "1", ShelfLocation: "QA76"}, 32) }},
		{"control character", func() ([]byte, error) { return EncodeISO28560_3(Data{ItemID: "12\n34"}, 32) }},
		{"owner on 3M", func() ([]byte, error) { return EncodeRFID501(Data{ItemID: "1", Owner: "US-NcCM"}) }},
		{"16 parts on 3M", func() ([]byte, error) { return EncodeRFID501(Data{ItemID: "1", PartsInSet: 16}) }},
		{"no item id on 28560-2", func() ([]byte, error) { return EncodeISO28560_2(Data{}) }},
		{"control character on 28560-2", func() ([]byte, error) { return EncodeISO28560_2(Data{ItemID: "a\x01"}) }},
	} {
		if b, err := tc.fn(); err == nil {
			t.Errorf("%s: encoded %X, want an error", tc.name, b)
		}
	}
}

func TestFields(t *testing.T) {
	d, err := Decode(mustHex(t, vectorC))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		devices.TagModel: "iso28560-3", devices.TagItemID: "31234000123453", devices.TagPartsInSet: "3",
		devices.TagPartNumber: "2", devices.TagOwner: "US-MYSCHOOL", devices.TagUsage: "1",
	}
	if got := Fields(d); !reflect.DeepEqual(got, want) {
		t.Errorf("Fields = %v, want %v", got, want)
	}
	d, _ = Decode(vectorD(t))
	if Fields(d)[devices.TagWarning] == "" {
		t.Error("a reversed tag has no warning field")
	}
	b, _ := EncodeRFID501(Data{ItemID: "1234"})
	d, _ = Decode(b)
	f := Fields(d)
	if _, ok := f[devices.TagUsage]; ok || f[devices.TagModel] != "3m" {
		t.Errorf("3M fields %v: want model 3m and no type of usage", f)
	}
}

func TestParseModel(t *testing.T) {
	for in, want := range map[string]Model{"iso28560-3": ISO28560_3, "Danish": ISO28560_3, "28560-2": ISO28560_2, "3M": RFID501, "rfid501": RFID501} {
		if got, err := ParseModel(in); err != nil || got != want {
			t.Errorf("ParseModel(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseModel("nbc"); err == nil {
		t.Error("ParseModel(nbc) took it")
	}
}
