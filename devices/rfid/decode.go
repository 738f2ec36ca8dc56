// Package rfid reads and writes the library data in an item tag's user
// memory: the ISO 28560-3 (Danish) fixed block with its CRC, the ISO 28560-2
// object-identifier model, and 3M's RFID501 layout; and the AFI values the
// exit gates check. It knows nothing of readers or serial ports: a reader
// family reads the memory and hands it to Decode, and programs a tag with
// what an encoder returns.
package rfid

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/circdesk/circdesk/devices"
)

// Model is a tag data model.
type Model string

// The data models a station reads and writes. The values are the ones
// devices.TagModel carries.
const (
	ISO28560_3 Model = "iso28560-3" // ISO 28560-3, the Danish fixed-length model
	ISO28560_2 Model = "iso28560-2" // ISO 28560-2, object identifiers with compaction
	RFID501    Model = "3m"         // 3M RFID501 "alphanumeric", legacy US tags
)

// ParseModel reads a model name: "iso28560-3" (or "28560-3", "danish"),
// "iso28560-2" (or "28560-2"), "3m" (or "rfid501").
func ParseModel(s string) (Model, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "iso28560-3", "28560-3", "danish":
		return ISO28560_3, nil
	case "iso28560-2", "28560-2":
		return ISO28560_2, nil
	case "3m", "rfid501":
		return RFID501, nil
	}
	return "", fmt.Errorf("%q is not a tag data model: use iso28560-3, iso28560-2 or 3m", s)
}

// UsageUnknown is Data.TypeOfUsage when the tag carries no type of usage.
const UsageUnknown = -1

// Data is what an item tag says about its item.
type Data struct {
	Model  Model
	ItemID string // the primary item identifier: the item's barcode
	// PartsInSet and PartNumber say which part of a multi-part item this
	// is (2 of 3); a single item is 1 of 1. Encoders take 0 as 1.
	PartsInSet, PartNumber int
	Owner                  string // ISIL of the owner library ("DE-705"); "" when the tag names none
	// TypeOfUsage is the ISO 28560 type of usage (0 acquisition, 1 for
	// circulation, 2 not for circulation, …, 7 discarded, 8 patron card, 9
	// library equipment), UsageUnknown when the tag has none (3M tags).
	TypeOfUsage   int
	ShelfLocation string // ISO 28560-2 only: the shelf location (call number)

	BlockSize int // ISO 28560-3 only: 32 or 34, the basic block's length

	MediaType int // 3M only: item type (1 book, 2 magazine, 6 CD, …)
	Branch    int // 3M only: branch number (12 bits)
	Library   int // 3M only: library number (20 bits)

	// CRCOK is false when the tag's checksum did not match its data.
	// Models without a checksum (ISO 28560-2, 3M) report true.
	CRCOK bool
	// Reversed: the tag stores each 4-byte block byte-reversed (FKI).
	Reversed bool
	// NibbleSwapped: byte 0 of an ISO 28560-3 block has its version and
	// type of usage nibbles swapped (Bibliotheca).
	NibbleSwapped bool
	// Warnings say, for people, what was doubtful about the data.
	Warnings []string
}

func (d *Data) warn(format string, args ...any) {
	d.Warnings = append(d.Warnings, fmt.Sprintf(format, args...))
}

// Errors from Decode. They are wrapped with what was wrong, in words a
// librarian can act on: test them with errors.Is.
var (
	// ErrBlank: the tag has never been programmed (all zeros, or 3M's
	// factory blank).
	ErrBlank = errors.New("blank tag: it has no library data yet")
	// ErrUnsupported: the data is in a model this station does not read
	// (the Dutch NBC model, a vendor's own) or has no item id.
	ErrUnsupported = errors.New("unsupported tag data")
	// ErrCorrupt: the data looks like a known model but does not hold
	// together (an ISO 28560-3 block whose CRC fails in both byte orders).
	ErrCorrupt = errors.New("corrupt tag data")
)

// Decode reads the user memory of an item tag (block 0 first, as many
// blocks as the reader got) and tells its data model from the bytes.
//
// When the error is ErrCorrupt, the returned Data still holds what the
// bytes seem to say (CRCOK false, a warning), for support and for a person
// to judge; a station must not act on it. Other errors return no data.
func Decode(mem []byte) (Data, error) {
	switch {
	case len(mem) == 0:
		return Data{}, fmt.Errorf("%w: the reader returned no bytes", ErrUnsupported)
	case allBytes(mem, 0x00):
		return Data{}, ErrBlank
	case is3MBlank(mem):
		return Data{}, fmt.Errorf("%w (3M factory blank)", ErrBlank)
	}
	// A CRC-checked ISO 28560-3 block is the surest sign; 3M data starts
	// 0x04, which neither ISO model can; ISO 28560-2 must parse throughout.
	d3, err3 := DecodeISO28560_3(mem)
	if err3 == nil || !errors.Is(err3, errNotThisModel) && !errors.Is(err3, ErrCorrupt) {
		return d3, err3
	}
	if mem[0] == rfid501Marker {
		return DecodeRFID501(mem)
	}
	d2, err2 := DecodeISO28560_2(mem)
	if err2 == nil || !errors.Is(err2, errNotThisModel) && !errors.Is(err2, ErrCorrupt) {
		return d2, err2
	}
	// Damaged data: an ISO 28560-3 block whose CRC fails either way is
	// likelier than ISO 28560-2 data that breaks off.
	if errors.Is(err3, ErrCorrupt) {
		return d3, err3
	}
	if errors.Is(err2, ErrCorrupt) {
		return d2, err2
	}
	return Data{}, fmt.Errorf("%w: the tag's data is not ISO 28560-3, ISO 28560-2 or 3M (first bytes % X); it may be the Dutch model or a vendor's own", ErrUnsupported, mem[:min(len(mem), 4)])
}

// errNotThisModel wraps ErrUnsupported when a model-specific decoder finds
// the bytes are not in its model at all, so Decode tries the next one.
var errNotThisModel = errors.New("not this data model")

// notModel is an errNotThisModel error with a reason for people.
type notModel struct{ msg string }

func (e notModel) Error() string        { return ErrUnsupported.Error() + ": " + e.msg }
func (e notModel) Is(target error) bool { return target == errNotThisModel || target == ErrUnsupported }

func allBytes(b []byte, v byte) bool {
	for _, c := range b {
		if c != v {
			return false
		}
	}
	return true
}

// is3MBlank reports 3M's manufacturing blank: 24 bytes of 0x55, then four
// zeros (what follows, if anything, is zeros too).
func is3MBlank(mem []byte) bool {
	return len(mem) >= 28 && allBytes(mem[:24], 0x55) && allBytes(mem[24:], 0x00)
}

// Fields renders d as devices.Scan.Tag fields (devices.TagModel,
// TagItemID, …). Fields the tag lacks are left out.
func Fields(d Data) map[string]string {
	f := map[string]string{
		devices.TagModel:      string(d.Model),
		devices.TagItemID:     d.ItemID,
		devices.TagPartsInSet: strconv.Itoa(d.PartsInSet),
		devices.TagPartNumber: strconv.Itoa(d.PartNumber),
	}
	if d.Owner != "" {
		f[devices.TagOwner] = d.Owner
	}
	if d.TypeOfUsage != UsageUnknown {
		f[devices.TagUsage] = strconv.Itoa(d.TypeOfUsage)
	}
	if len(d.Warnings) > 0 {
		f[devices.TagWarning] = strings.Join(d.Warnings, "; ")
	}
	return f
}

// printableASCII reports whether s is non-empty printable ASCII, the
// characters a barcode or ISIL may have.
func printableASCII(s []byte) bool {
	for _, c := range s {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// nulPadded splits a NUL-padded field into its text and whether anything
// but NULs follows the first NUL.
func nulPadded(b []byte) (text []byte, junk bool) {
	i := 0
	for i < len(b) && b[i] != 0 {
		i++
	}
	return b[:i], !allBytes(b[i:], 0)
}

// normalizeParts makes a single item 1 of 1 and warns about a set that does
// not add up.
func (d *Data) normalizeParts() {
	if d.PartsInSet == 0 {
		d.warn("the tag does not say how many parts the item has; taken as a single item")
		d.PartsInSet = 1
	}
	if d.PartNumber == 0 {
		d.warn("the tag does not say which part of the item it is on; taken as part 1")
		d.PartNumber = 1
	}
	if d.PartNumber > d.PartsInSet {
		d.warn("the tag says part %d of %d", d.PartNumber, d.PartsInSet)
	}
}

// encodeParts checks and defaults the set information an encoder writes.
func encodeParts(d Data, maxParts int) (parts, part int, err error) {
	parts, part = d.PartsInSet, d.PartNumber
	if parts == 0 {
		parts = 1
	}
	if part == 0 {
		part = 1
	}
	if parts < 1 || parts > maxParts {
		return 0, 0, fmt.Errorf("a tag of this model holds 1 to %d parts, not %d", maxParts, parts)
	}
	if part < 1 || part > parts {
		return 0, 0, fmt.Errorf("part %d of %d makes no sense", part, parts)
	}
	return parts, part, nil
}

// checkItemID refuses an item id a fixed-length model cannot hold.
func checkItemID(id string, maxLen int) error {
	switch {
	case id == "":
		return errors.New("an item id (barcode) is needed")
	case len(id) > maxLen:
		return fmt.Errorf("item id %q is %d characters; this model holds at most %d", id, len(id), maxLen)
	case !printableASCII([]byte(id)):
		return fmt.Errorf("item id %q has characters other than plain ASCII letters, digits and punctuation", id)
	}
	return nil
}
