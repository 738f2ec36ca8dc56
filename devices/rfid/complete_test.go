package rfid

import (
	"reflect"
	"testing"
)

// memory pads a record to a 28-block tag's user memory.
func memory(rec []byte) []byte {
	m := make([]byte, 112)
	copy(m, rec)
	return m
}

func TestComplete(t *testing.T) {
	item := Data{ItemID: "31234000123453", Owner: "US-NcCM", PartsInSet: 1, PartNumber: 1, TypeOfUsage: 1}
	iso3, err := EncodeISO28560_3(item, 32)
	if err != nil {
		t.Fatal(err)
	}
	longOwner := item
	longOwner.Owner = "DE-Mb123456789" // fills the 34-byte block to its end
	iso3long, err := EncodeISO28560_3(longOwner, 34)
	if err != nil {
		t.Fatal(err)
	}
	m3, err := EncodeRFID501(Data{ItemID: "31234000123453", PartsInSet: 1, PartNumber: 1})
	if err != nil {
		t.Fatal(err)
	}
	short, err := EncodeISO28560_2(Data{ItemID: "31234000123453", PartsInSet: 1, PartNumber: 1})
	if err != nil {
		t.Fatal(err)
	}
	long, err := EncodeISO28560_2(Data{ItemID: "31234000123453", Owner: "US-NcCM", ShelfLocation: "FIC PAULSEN HATCHET SECOND SHELF", PartsInSet: 1, PartNumber: 1})
	if err != nil {
		t.Fatal(err)
	}
	damaged := memory(iso3)
	damaged[5] ^= 0x40
	for _, tc := range []struct {
		name string
		mem  []byte
		n    int // bytes read so far
		want bool
	}{
		{"ISO 28560-3, first 8 blocks", memory(iso3), 32, true},
		{"ISO 28560-3 of 34 bytes, first 8 blocks", memory(iso3long), 32, false},
		{"ISO 28560-3 of 34 bytes, 9 blocks", memory(iso3long), 36, true},
		{"ISO 28560-3, a CRC that fails", damaged, 32, false},
		{"3M, first 8 blocks", memory(m3), 32, true},
		{"3M, first 5 blocks", memory(m3), 20, false},
		{"ISO 28560-2 that ends in 8 blocks", memory(short), 32, true},
		{"ISO 28560-2 that runs on", memory(long), 32, false},
		{"ISO 28560-2 that runs on, read whole", memory(long), 112, true},
		{"a blank tag", make([]byte, 112), 32, false},
	} {
		if got := Complete(tc.mem[:tc.n]); got != tc.want {
			t.Errorf("%s: Complete = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// FuzzComplete: whenever a prefix of a tag's memory is complete, it
// decodes to exactly what the whole memory does.
func FuzzComplete(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, mem []byte) {
		whole, werr := Decode(mem)
		for n := 4; n < len(mem); n += 4 {
			if !Complete(mem[:n]) {
				continue
			}
			part, perr := Decode(mem[:n])
			if (werr == nil) != (perr == nil) || !reflect.DeepEqual(part, whole) {
				t.Fatalf("the first %d bytes of %X are complete and decode to %+v (%v), the whole to %+v (%v)", n, mem, part, perr, whole, werr)
			}
			return
		}
	})
}
