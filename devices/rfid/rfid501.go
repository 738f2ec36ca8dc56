package rfid

import (
	"encoding/binary"
	"fmt"
)

// 3M RFID501 "alphanumeric" layout, reverse-engineered by Biblio-RFID as
// pack('C4Z16Nl>l') (devices.md §1.4).
const (
	rfid501Marker   = 0x04 // byte 0
	rfid501IDStart  = 4
	rfid501IDEnd    = 20 // 16 bytes of barcode, NUL-padded
	rfid501MinLen   = 24 // through the branch and library numbers
	rfid501Len      = 32 // what the encoder writes, with the custom word and a zero block
	rfid501MaxParts = 15
)

// DecodeRFID501 reads 3M's RFID501 layout: 0x04, item number and set size
// in one byte's nibbles, 0x00, item type, a 16-byte barcode, then branch
// (12 bits) and library (20 bits) big-endian, and a custom 32-bit word.
func DecodeRFID501(mem []byte) (Data, error) {
	if len(mem) < rfid501MinLen || mem[0] != rfid501Marker {
		return Data{}, notModel{"not 3M RFID501 data"}
	}
	id, junk := nulPadded(mem[rfid501IDStart:rfid501IDEnd])
	switch {
	case len(id) == 0:
		return Data{}, fmt.Errorf("%w: the 3M tag has no barcode", ErrUnsupported)
	case !printableASCII(id):
		return Data{}, fmt.Errorf("%w: the barcode on the 3M tag is not plain text", ErrUnsupported)
	}
	d := Data{
		Model:       RFID501,
		ItemID:      string(id),
		PartNumber:  int(mem[1] >> 4),
		PartsInSet:  int(mem[1] & 0x0F),
		TypeOfUsage: UsageUnknown,
		MediaType:   int(mem[3]),
		CRCOK:       true,
	}
	bl := binary.BigEndian.Uint32(mem[20:24])
	d.Branch, d.Library = int(bl>>20), int(bl&0xFFFFF)
	d.normalizeParts()
	if mem[2] != 0 {
		d.warn("byte 2 of the 3M tag is %#02x, not 0x00", mem[2])
	}
	if junk {
		d.warn("there are stray bytes after the barcode")
	}
	return d, nil
}

// EncodeRFID501 returns the 32 bytes to program for d in 3M's layout. 3M
// tags have no owner ISIL, type of usage or shelf location: an owner or
// shelf location is refused, the type of usage is not written.
func EncodeRFID501(d Data) ([]byte, error) {
	if err := checkItemID(d.ItemID, rfid501IDEnd-rfid501IDStart); err != nil {
		return nil, err
	}
	if d.Owner != "" {
		return nil, fmt.Errorf("3M tags name no owner ISIL; give the branch and library numbers instead")
	}
	if d.ShelfLocation != "" {
		return nil, fmt.Errorf("3M tags have no room for a shelf location")
	}
	parts, part, err := encodeParts(d, rfid501MaxParts)
	if err != nil {
		return nil, err
	}
	switch {
	case d.MediaType < 0 || d.MediaType > 255:
		return nil, fmt.Errorf("3M item type %d is not 0 to 255", d.MediaType)
	case d.Branch < 0 || d.Branch >= 1<<12:
		return nil, fmt.Errorf("3M branch %d is not 0 to 4095", d.Branch)
	case d.Library < 0 || d.Library >= 1<<20:
		return nil, fmt.Errorf("3M library %d is not 0 to 1048575", d.Library)
	}
	b := make([]byte, rfid501Len)
	b[0] = rfid501Marker
	b[1] = byte(part)<<4 | byte(parts)
	b[3] = byte(d.MediaType)
	copy(b[rfid501IDStart:rfid501IDEnd], d.ItemID)
	binary.BigEndian.PutUint32(b[20:24], uint32(d.Branch)<<20|uint32(d.Library))
	return b, nil
}
