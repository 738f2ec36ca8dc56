package rfid

import (
	"testing"
)

func TestDecodeRFID501(t *testing.T) {
	// 0x04, item 2 of 3, 0x00, type 1 (book), barcode, branch 5 / library
	// 1234, custom word, zero block; what Biblio-RFID's from_hash packs.
	mem := mustHex(t, "04 23 00 01  31 33 30 31 32 33 34 35 36 37 00 00 00 00 00 00  00 50 04 D2  00 00 00 2A  00 00 00 00")
	d, err := Decode(mem)
	if err != nil {
		t.Fatal(err)
	}
	if d.Model != RFID501 || d.ItemID != "1301234567" || d.PartsInSet != 3 || d.PartNumber != 2 || d.MediaType != 1 ||
		d.Branch != 5 || d.Library != 1234 || d.TypeOfUsage != UsageUnknown || d.Owner != "" || len(d.Warnings) != 0 {
		t.Errorf("Decode = %+v", d)
	}
	b, err := EncodeRFID501(d)
	if err != nil {
		t.Fatal(err)
	}
	// The custom word is not kept; everything else is.
	mem[27] = 0
	if string(b) != string(mem) {
		t.Errorf("EncodeRFID501 = %X\n            want %X", b, mem)
	}
	// Biblio-RFID reads 24 bytes at least.
	if _, err := DecodeRFID501(mem[:23]); err == nil {
		t.Error("23 bytes decoded as 3M")
	}
	if d, err := DecodeRFID501(mem[:24]); err != nil || d.ItemID != "1301234567" {
		t.Errorf("24 bytes: %+v, %v", d, err)
	}
}

func TestDecodeRFID501Doubtful(t *testing.T) {
	mem := mustHex(t, "04 00 07 00  41 42 43 00 44 00 00 00 00 00 00 00 00 00 00 00  00 00 00 00")
	d, err := Decode(mem)
	if err != nil {
		t.Fatal(err)
	}
	// No set size, byte 2 not zero, bytes after the barcode.
	if d.ItemID != "ABC" || d.PartsInSet != 1 || d.PartNumber != 1 || len(d.Warnings) != 4 {
		t.Errorf("Decode = %+v, want ABC 1 of 1 with 4 warnings", d)
	}
}
