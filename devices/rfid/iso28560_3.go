package rfid

import (
	"fmt"
	"strings"
)

// ISO 28560-3 basic block layout (devices.md §1.2).
const (
	iso3PIIStart   = 3
	iso3PIIEnd     = 19 // 16 bytes of item id, NUL-padded
	iso3CRCLo      = 19 // CRC-16, low byte first
	iso3OwnerStart = 21 // ISIL without its first hyphen, NUL-padded
	iso3Version    = 1
	iso3PIIInExt   = 0x01 // byte 3: the item id is in an extension block
)

// DecodeISO28560_3 reads an ISO 28560-3 (Danish) basic block: 32 bytes (a
// truncated block) or 34. It checks the CRC as stored and with every 4-byte
// block byte-reversed (FKI), and reads byte 0 with its nibbles swapped when
// the version is in the low nibble (Bibliotheca).
func DecodeISO28560_3(mem []byte) (Data, error) {
	if len(mem) < 32 {
		if len(mem) >= iso3PIIEnd && looksISO28560_3(mem) {
			return Data{}, fmt.Errorf("%w: the reader returned only %d bytes of an ISO 28560-3 block (32); read the tag again", ErrCorrupt, len(mem))
		}
		return Data{}, notModel{fmt.Sprintf("%d bytes are too few for an ISO 28560-3 block (32)", len(mem))}
	}
	// Only the first 36 bytes (9 blocks) matter to a 34-byte block.
	orientations := [][]byte{mem, reverseBlocks(mem[:min(len(mem), 36)])}
	for i, o := range orientations {
		for _, size := range []int{32, 34} {
			if size > len(o) {
				continue
			}
			if blockCRC(o, size) == uint16(o[iso3CRCLo])|uint16(o[iso3CRCLo+1])<<8 {
				return parseISO28560_3(o, size, i == 1, true)
			}
		}
	}
	for i, o := range orientations {
		if looksISO28560_3(o) {
			d, err := parseISO28560_3(o, 32, i == 1, false)
			if err != nil {
				return Data{}, notModel{err.Error()}
			}
			return d, fmt.Errorf("%w: the tag's CRC does not match its data (item %q); read it again or reprogram the tag", ErrCorrupt, d.ItemID)
		}
	}
	return Data{}, notModel{"no ISO 28560-3 block"}
}

// looksISO28560_3 tells a basic block whose CRC failed from other data:
// version 1 in either nibble, a sensible set, an item id that starts with a
// printable character.
func looksISO28560_3(o []byte) bool {
	hi, lo := o[0]>>4, o[0]&0x0F
	if hi != iso3Version && lo != iso3Version {
		return false
	}
	parts, part := o[1], o[2]
	if parts == 0 || part == 0 || part > parts {
		return false
	}
	return printableASCII(o[iso3PIIStart : iso3PIIStart+1])
}

func parseISO28560_3(o []byte, size int, reversed, crcOK bool) (Data, error) {
	d := Data{Model: ISO28560_3, BlockSize: size, CRCOK: crcOK, Reversed: reversed}
	if !crcOK {
		d.warn("the CRC does not match the data: the tag may be damaged or half written")
	}
	if reversed {
		d.warn("the tag's 4-byte blocks are stored byte-reversed (as FKI equipment writes them)")
	}
	hi, lo := int(o[0]>>4), int(o[0]&0x0F)
	switch {
	case hi == iso3Version:
		d.TypeOfUsage = lo
	case lo == iso3Version:
		d.TypeOfUsage = hi
		d.NibbleSwapped = true
		d.warn("byte 0 has its nibbles swapped (as Bibliotheca equipment writes it)")
	default:
		return Data{}, fmt.Errorf("%w: ISO 28560-3 data of version %d (this station reads version 1)", ErrUnsupported, hi)
	}
	d.PartsInSet, d.PartNumber = int(o[1]), int(o[2])
	d.normalizeParts()
	if o[iso3PIIStart] == iso3PIIInExt {
		return Data{}, fmt.Errorf("%w: the item id is longer than 16 characters and kept in an extension block, which this station does not read", ErrUnsupported)
	}
	pii, junk := nulPadded(o[iso3PIIStart:iso3PIIEnd])
	if !crcOK && !printableASCII(pii) {
		// Shown for support only: mark the damaged characters.
		pii = []byte(strings.Map(func(r rune) rune {
			if r < 0x20 || r > 0x7E {
				return '?'
			}
			return r
		}, string(pii)))
		d.warn("the item id has damaged characters, shown as ?")
	}
	switch {
	case len(pii) == 0:
		return Data{}, fmt.Errorf("%w: the ISO 28560-3 block has no item id", ErrUnsupported)
	case !printableASCII(pii):
		return Data{}, fmt.Errorf("%w: the item id on the tag is not plain text", ErrUnsupported)
	}
	d.ItemID = string(pii)
	if junk {
		d.warn("there are stray bytes after the item id")
	}
	owner, junk := nulPadded(o[iso3OwnerStart:size])
	switch {
	case !printableASCII(owner):
		d.warn("the owner library on the tag is not plain text; ignored")
	default:
		d.Owner = isilFromBlock(string(owner))
		if junk {
			d.warn("there are stray bytes after the owner library")
		}
	}
	return d, nil
}

// isilFromBlock puts back the hyphen ISO 28560-3 drops after the country
// code ("DE705" is DE-705). An owner stored some other way is left as it is.
func isilFromBlock(s string) string {
	if len(s) <= 2 || !isLetter(s[0]) || !isLetter(s[1]) || s[2] == '-' {
		return s
	}
	return s[:2] + "-" + s[2:]
}

// isilForBlock drops the hyphen after a two-letter country code, as ISO
// 28560-3 stores an ISIL ("US-NcCM" is stored USNcCM). An ISIL with another
// prefix is stored as given.
func isilForBlock(isil string) (string, error) {
	if len(isil) > 2 && isLetter(isil[0]) && isLetter(isil[1]) && isil[2] == '-' {
		isil = isil[:2] + isil[3:]
	}
	if !printableASCII([]byte(isil)) {
		return "", fmt.Errorf("owner %q has characters other than plain ASCII", isil)
	}
	return isil, nil
}

func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }

// EncodeISO28560_3 returns the user memory to program for d in the ISO
// 28560-3 model: a basic block of size bytes (32, the truncated block that
// fits small tags, or 34), with its CRC. d.Reversed writes every 4-byte
// block byte-reversed (the output is then padded to whole blocks) and
// d.NibbleSwapped writes byte 0 the Bibliotheca way, for sites whose other
// equipment expects that.
func EncodeISO28560_3(d Data, size int) ([]byte, error) {
	if size != 32 && size != 34 {
		return nil, fmt.Errorf("an ISO 28560-3 basic block is 32 or 34 bytes, not %d", size)
	}
	if err := checkItemID(d.ItemID, iso3PIIEnd-iso3PIIStart); err != nil {
		return nil, err
	}
	if d.TypeOfUsage < 0 || d.TypeOfUsage > 15 {
		return nil, fmt.Errorf("type of usage %d: ISO 28560-3 needs one from 0 to 15 (1 is an item for circulation)", d.TypeOfUsage)
	}
	if d.ShelfLocation != "" {
		return nil, fmt.Errorf("the ISO 28560-3 basic block has no room for a shelf location")
	}
	parts, part, err := encodeParts(d, 255)
	if err != nil {
		return nil, err
	}
	owner, err := isilForBlock(d.Owner)
	if err != nil {
		return nil, err
	}
	if len(owner) > size-iso3OwnerStart {
		return nil, fmt.Errorf("owner %q does not fit a %d-byte block (at most %d characters without the hyphen)", d.Owner, size, size-iso3OwnerStart)
	}
	b := make([]byte, size)
	b[0] = iso3Version<<4 | byte(d.TypeOfUsage)
	if d.NibbleSwapped {
		b[0] = byte(d.TypeOfUsage)<<4 | iso3Version
	}
	b[1], b[2] = byte(parts), byte(part)
	copy(b[iso3PIIStart:iso3PIIEnd], d.ItemID)
	copy(b[iso3OwnerStart:], owner)
	crc := blockCRC(b, size)
	b[iso3CRCLo], b[iso3CRCLo+1] = byte(crc), byte(crc>>8)
	if d.Reversed {
		b = reverseBlocks(append(b, make([]byte, (4-size%4)%4)...))
	}
	return b, nil
}

// reverseBlocks returns a copy of mem with each whole 4-byte block
// byte-reversed; a trailing partial block is copied as it is.
func reverseBlocks(mem []byte) []byte {
	r := make([]byte, len(mem))
	copy(r, mem)
	for i := 0; i+4 <= len(r); i += 4 {
		r[i], r[i+1], r[i+2], r[i+3] = r[i+3], r[i+2], r[i+1], r[i]
	}
	return r
}
