package rfid

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ISO 28560-2 stores data sets one after the other (ISO/IEC 15962, no
// directory), each
//
//	precursor [extended OID] [offset] length data [offset pad bytes]
//
// ended by a 0x00 precursor. The precursor's bit 7 says an offset byte
// follows (that many pad bytes come after the data, to align the next data
// set to a block), bits 6–4 are the compaction scheme and bits 3–0 the
// relative OID (15: the OID is 15 plus the next byte). The first data set is
// the primary item identifier. The compaction code list follows devices.md
// §1.3 (from secondary sources, to be checked against the standard text):
// the numeric scheme packs one digit a nibble with 0xF after an odd digit,
// and the 5-, 6- and 7-bit schemes pad the last byte with a 1 bit and then
// zeros (as the standard's shelf-location example does).

// Compaction schemes (precursor bits 6–4).
const (
	compApplication = iota // as the application presents it
	compInteger            // a decimal number without leading zeros, as a big-endian binary integer
	compNumeric            // digits, 4 bits each
	comp5Bit               // ASCII 0x40–0x5F (capitals), 5 bits each
	comp6Bit               // ASCII 0x20–0x5F (capitals, digits, punctuation), 6 bits each
	comp7Bit               // ASCII, 7 bits each
	compOctet              // ISO 8859-1, a byte each
	compUTF8               // UTF-8
)

// Relative OIDs (ISO 28560-1 data elements) this station reads and writes.
const (
	oidItemID       = 1
	oidContent      = 2 // content parameter: which of OIDs 3… follow, a bit each from the high bit
	oidOwner        = 3
	oidSet          = 4
	oidUsage        = 5
	oidShelf        = 6
	oidExtended     = 15
	iso2Terminator  = 0x00
	iso2OffsetFlag  = 0x80
	iso2BlockSize   = 4
	iso2MaxDataSets = 64
)

// DecodeISO28560_2 reads ISO 28560-2 data: the primary item identifier
// (OID 1), owner institution (3), set information (4), type of usage (5) and
// shelf location (6); other data elements are skipped.
func DecodeISO28560_2(mem []byte) (Data, error) {
	d := Data{Model: ISO28560_2, CRCOK: true, TypeOfUsage: UsageUnknown, PartsInSet: 1, PartNumber: 1}
	seen := map[int]bool{}
	pos := 0
	for n := 0; pos < len(mem) && mem[pos] != iso2Terminator; n++ {
		first := n == 0
		fail := func(format string, args ...any) (Data, error) {
			msg := fmt.Sprintf(format, args...)
			if first {
				return Data{}, notModel{msg}
			}
			return d, fmt.Errorf("%w: ISO 28560-2 %s", ErrCorrupt, msg)
		}
		if n == iso2MaxDataSets {
			return fail("data has more than %d data sets", iso2MaxDataSets)
		}
		ds, next, err := readDataSet(mem, pos)
		if err != nil {
			return fail("data set at byte %d: %v", pos, err)
		}
		pos = next
		if first && ds.oid != oidItemID {
			return fail("data starts with OID %d, not the item id", ds.oid)
		}
		if seen[ds.oid] {
			return fail("data has OID %d twice", ds.oid)
		}
		seen[ds.oid] = true
		if ds.oid == oidContent || ds.oid > oidShelf {
			continue
		}
		s, err := decompact(ds.scheme, ds.data)
		if err == nil && strings.ContainsFunc(s, unicode.IsControl) {
			err = errors.New("it has control characters")
		}
		if err != nil {
			if first {
				return fail("item id: %v", err)
			}
			d.warn("%s could not be read (%v); ignored", oidName(ds.oid), err)
			continue
		}
		switch ds.oid {
		case oidItemID:
			if s == "" {
				return fail("item id is empty")
			}
			d.ItemID = s
		case oidOwner:
			d.Owner = s
		case oidSet:
			d.setInformation(s)
		case oidUsage:
			u, err := strconv.Atoi(s)
			if err != nil || u < 0 {
				d.warn("type of usage %q is not a number; ignored", s)
				continue
			}
			d.TypeOfUsage = u
		case oidShelf:
			d.ShelfLocation = s
		}
	}
	if d.ItemID == "" {
		return Data{}, notModel{"no ISO 28560-2 data sets"}
	}
	return d, nil
}

func oidName(oid int) string {
	switch oid {
	case oidOwner:
		return "the owner library"
	case oidSet:
		return "the set information"
	case oidUsage:
		return "the type of usage"
	case oidShelf:
		return "the shelf location"
	case oidItemID:
		return "the item id"
	}
	return "OID " + strconv.Itoa(oid)
}

// setInformation reads "PPNN": parts in the item, then this part's number,
// with as many digits each (an integer-compacted "0103" comes back "103").
func (d *Data) setInformation(s string) {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) || len(s) > 8 {
		d.warn("set information %q is not two numbers; taken as a single item", s)
		return
	}
	if len(s)%2 == 1 {
		s = "0" + s
	}
	d.PartsInSet, _ = strconv.Atoi(s[:len(s)/2])
	d.PartNumber, _ = strconv.Atoi(s[len(s)/2:])
	d.normalizeParts()
}

type dataSet struct {
	oid, scheme int
	data        []byte
}

// readDataSet reads the data set at mem[pos] and returns where the next one
// starts.
func readDataSet(mem []byte, pos int) (dataSet, int, error) {
	short := errors.New("it runs past the end of the tag's memory")
	p := mem[pos]
	pos++
	ds := dataSet{oid: int(p & 0x0F), scheme: int(p>>4) & 0x07}
	if ds.oid == 0 {
		return ds, 0, errors.New("it has OID 0")
	}
	if ds.oid == oidExtended {
		if pos >= len(mem) {
			return ds, 0, short
		}
		ds.oid += int(mem[pos])
		pos++
	}
	offset := 0
	if p&iso2OffsetFlag != 0 {
		if pos >= len(mem) {
			return ds, 0, short
		}
		offset = int(mem[pos])
		pos++
	}
	n, pos, err := readLength(mem, pos)
	if err != nil {
		return ds, 0, err
	}
	if n > len(mem)-pos {
		return ds, 0, short
	}
	ds.data = mem[pos : pos+n]
	pos += n
	if offset > len(mem)-pos {
		return ds, 0, short
	}
	return ds, pos + offset, nil
}

// readLength reads a length: 7 bits a byte, high bit set on all bytes but
// the last (one byte below 128).
func readLength(mem []byte, pos int) (n, next int, err error) {
	for i := 0; i < 2; i++ {
		if pos >= len(mem) {
			return 0, 0, errors.New("it runs past the end of the tag's memory")
		}
		b := mem[pos]
		pos++
		n = n<<7 | int(b&0x7F)
		if b&0x80 == 0 {
			return n, pos, nil
		}
	}
	return 0, 0, errors.New("its length is too long for a tag")
}

func appendLength(b []byte, n int) []byte {
	if n >= 0x80 {
		b = append(b, 0x80|byte(n>>7))
	}
	return append(b, byte(n&0x7F))
}

// decompact turns compacted bytes back into text.
func decompact(scheme int, data []byte) (string, error) {
	switch scheme {
	case compApplication:
		if !printableASCII(data) {
			return "", errors.New("it uses an application-defined compaction this station does not know")
		}
		return string(data), nil
	case compInteger:
		if len(data) == 0 {
			return "", errors.New("the integer is empty")
		}
		return new(big.Int).SetBytes(data).String(), nil
	case compNumeric:
		return unpackNumeric(data)
	case comp5Bit, comp6Bit, comp7Bit:
		return unpackBits(data, scheme)
	case compOctet:
		r := make([]rune, len(data))
		for i, c := range data {
			r[i] = rune(c) // ISO 8859-1
		}
		return string(r), nil
	default: // compUTF8
		if !utf8.Valid(data) {
			return "", errors.New("it is not valid UTF-8")
		}
		return string(data), nil
	}
}

func unpackNumeric(data []byte) (string, error) {
	s := make([]byte, 0, 2*len(data))
	for i, c := range data {
		for j, v := range []byte{c >> 4, c & 0x0F} {
			switch {
			case v <= 9:
				s = append(s, '0'+v)
			case v == 0x0F && i == len(data)-1 && j == 1:
			default:
				return "", fmt.Errorf("nibble %X is not a digit", v)
			}
		}
	}
	return string(s), nil
}

func bitWidth(scheme int) int { return scheme + 2 } // 5-, 6- and 7-bit schemes are 3, 4, 5

// padUnit is what the pad bits read as when a whole character's worth of
// them is left at the end: a 1 bit and then zeros.
func padUnit(w int) uint { return 1 << (w - 1) }

func unpackBits(data []byte, scheme int) (string, error) {
	w := bitWidth(scheme)
	n := len(data) * 8 / w
	vals := make([]uint, n)
	var acc uint
	bits, k := 0, 0
	for _, c := range data {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= w && k < n {
			bits -= w
			vals[k] = acc >> bits & (1<<w - 1)
			k++
		}
		acc &= 1<<bits - 1
	}
	// When the bytes would also hold one character fewer, a last unit that
	// is all pad bits is padding.
	if n > 0 && ((n-1)*w+7)/8 == len(data) && vals[n-1] == padUnit(w) {
		vals = vals[:n-1]
	}
	s := make([]byte, len(vals))
	for i, v := range vals {
		switch scheme {
		case comp5Bit:
			s[i] = byte(0x40 + v)
		case comp6Bit:
			if v < 0x20 {
				v += 0x40
			}
			s[i] = byte(v)
		default:
			s[i] = byte(v)
		}
	}
	return string(s), nil
}

// packBits packs the characters of s (all in the scheme's range) w bits
// each, and pads the last byte with a 1 bit and zeros.
func packBits(s string, scheme int) []byte {
	w := bitWidth(scheme)
	out := make([]byte, 0, (len(s)*w+7)/8)
	var acc uint
	bits := 0
	for i := 0; i < len(s); i++ {
		acc = acc<<w | uint(s[i])&(1<<w-1)
		bits += w
		for bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
		acc &= 1<<bits - 1
	}
	if bits > 0 {
		pad := 8 - bits
		out = append(out, byte(acc<<pad|1<<(pad-1)))
	}
	return out
}

// compact returns the shortest compaction of s that reads back as s.
func compact(s string) (scheme int, data []byte) {
	best := -1
	try := func(sc int, b []byte) {
		if back, err := decompact(sc, b); err != nil || back != s {
			return
		}
		if best < 0 || len(b) < len(data) {
			best, scheme, data = sc, sc, b
		}
	}
	digits := s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if digits && (s == "0" || s[0] != '0') {
		if n, ok := new(big.Int).SetString(s, 10); ok {
			b := n.Bytes()
			if len(b) == 0 {
				b = []byte{0}
			}
			try(compInteger, b)
		}
	}
	if digits {
		b := make([]byte, 0, (len(s)+1)/2)
		for i := 0; i < len(s); i += 2 {
			lo := byte(0x0F)
			if i+1 < len(s) {
				lo = s[i+1] - '0'
			}
			b = append(b, (s[i]-'0')<<4|lo)
		}
		try(compNumeric, b)
	}
	inRange := func(lo, hi rune) bool {
		return !strings.ContainsFunc(s, func(r rune) bool { return r < lo || r > hi })
	}
	if inRange(0x40, 0x5F) {
		try(comp5Bit, packBits(s, comp5Bit))
	}
	if inRange(0x20, 0x5F) {
		try(comp6Bit, packBits(s, comp6Bit))
	}
	if inRange(0x00, 0x7F) {
		try(comp7Bit, packBits(s, comp7Bit))
	}
	if inRange(0x00, 0xFF) {
		b := make([]byte, 0, len(s))
		for _, r := range s {
			b = append(b, byte(r))
		}
		try(compOctet, b)
	}
	try(compUTF8, []byte(s))
	return scheme, data
}

// EncodeISO28560_2 returns the user memory to program for d in the ISO
// 28560-2 model: the item id, a content parameter when more follows, the
// owner library, the set information (for an item of more than one part),
// the type of usage (unless UsageUnknown) and the shelf location, each in
// the shortest compaction, then the 0x00 terminator, zero-filled to whole
// 4-byte blocks.
func EncodeISO28560_2(d Data) ([]byte, error) {
	if d.ItemID == "" {
		return nil, errors.New("an item id (barcode) is needed")
	}
	type element struct {
		oid   int
		value string
	}
	els := []element{{oidItemID, d.ItemID}}
	if d.Owner != "" {
		els = append(els, element{oidOwner, d.Owner})
	}
	parts, part, err := encodeParts(d, 9999)
	if err != nil {
		return nil, err
	}
	if parts > 1 {
		w := max(2, len(strconv.Itoa(parts)))
		els = append(els, element{oidSet, fmt.Sprintf("%0*d%0*d", w, parts, w, part)})
	}
	switch {
	case d.TypeOfUsage >= 0:
		els = append(els, element{oidUsage, strconv.Itoa(d.TypeOfUsage)})
	case d.TypeOfUsage != UsageUnknown:
		return nil, fmt.Errorf("type of usage %d is not a number 0 or more", d.TypeOfUsage)
	}
	if d.ShelfLocation != "" {
		els = append(els, element{oidShelf, d.ShelfLocation})
	}
	var b []byte
	for i, e := range els {
		if !utf8.ValidString(e.value) || strings.ContainsFunc(e.value, unicode.IsControl) {
			return nil, fmt.Errorf("%s %q has characters a tag cannot carry", strings.TrimPrefix(oidName(e.oid), "the "), e.value)
		}
		scheme, data := compact(e.value)
		if len(data) >= 1<<14 {
			return nil, fmt.Errorf("%s is too long for a tag", strings.TrimPrefix(oidName(e.oid), "the "))
		}
		b = append(b, byte(scheme<<4|e.oid))
		b = appendLength(b, len(data))
		b = append(b, data...)
		if i == 0 && len(els) > 1 {
			var content byte // OID 3 is the high bit
			for _, o := range els[1:] {
				content |= 0x80 >> (o.oid - oidOwner)
			}
			b = append(b, compApplication<<4|oidContent, 1, content)
		}
	}
	b = append(b, iso2Terminator)
	for len(b)%iso2BlockSize != 0 {
		b = append(b, 0)
	}
	return b, nil
}
