package sim

import (
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/circdesk/circdesk/devices/rfid"
)

// Tag is an item tag on a simulated pad, a code a simulated scanner types,
// or a card a simulated ID-card reader reads.
type Tag struct {
	// Item is the item's barcode, encoded into the tag's memory; for a
	// "line" scanner the code it types, for an "em4100" reader the card
	// number (10 hex digits).
	Item string
	// Parts and Part say which part of a multi-part item the tag is on
	// (2 of 3); zero means a single item.
	Parts, Part int
	// Owner is the owner library's ISIL, if the tag names one.
	Owner string
	// Model is the data model of the memory; "" is ISO 28560-3.
	Model rfid.Model
	// UID is the tag's UID, 16 hex digits MSB first; "" makes one from
	// Item and Part.
	UID string
	// AFI is the tag's security byte; 0 means in stock (rfid.AFIInStock).
	AFI byte
	// Memory, when set, is the tag's user memory as it is (block 0 first)
	// instead of Item encoded: a blank, foreign or corrupt tag.
	Memory []byte
	// Blocks is the user memory's size in 4-byte blocks; 0 means 28 (an
	// ICODE SLIX).
	Blocks int
}

// BlockSize is the block size of simulated tags (ICODE SLI/SLIX).
const BlockSize = 4

// tagState is a tag as the simulated reader holds it.
type tagState struct {
	uid [8]byte
	mem []byte // whole user memory, Blocks*BlockSize bytes
	afi byte
}

// build turns t into the memory and UID a simulated reader serves.
func (t Tag) build() (*tagState, error) {
	st := &tagState{afi: t.AFI}
	if st.afi == 0 {
		st.afi = rfid.AFIInStock
	}
	if t.UID != "" {
		b, err := hex.DecodeString(strings.TrimSpace(t.UID))
		if err != nil || len(b) != 8 {
			return nil, fmt.Errorf("tag UID %q is not 16 hex digits", t.UID)
		}
		copy(st.uid[:], b)
	} else {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s/%d", t.Item, t.Part)
		sum := h.Sum64()
		st.uid = [8]byte{0xE0, 0x04, 0x01, byte(sum >> 32), byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)}
	}
	mem := t.Memory
	if mem == nil {
		var err error
		if mem, err = t.encode(); err != nil {
			return nil, err
		}
	}
	blocks := t.Blocks
	if blocks <= 0 {
		blocks = 28
	}
	if need := (len(mem) + BlockSize - 1) / BlockSize; blocks < need {
		blocks = need
	}
	if blocks > 256 {
		return nil, fmt.Errorf("a tag of %d blocks: ISO 15693 tags have at most 256", blocks)
	}
	st.mem = make([]byte, blocks*BlockSize)
	copy(st.mem, mem)
	return st, nil
}

func (t Tag) encode() ([]byte, error) {
	d := rfid.Data{ItemID: t.Item, PartsInSet: t.Parts, PartNumber: t.Part, Owner: t.Owner, TypeOfUsage: 1}
	if d.PartsInSet == 0 {
		d.PartsInSet, d.PartNumber = 1, 1
	}
	switch t.Model {
	case "", rfid.ISO28560_3:
		return rfid.EncodeISO28560_3(d, 32)
	case rfid.ISO28560_2:
		return rfid.EncodeISO28560_2(d)
	case rfid.RFID501:
		d.Owner, d.TypeOfUsage = "", rfid.UsageUnknown
		return rfid.EncodeRFID501(d)
	}
	return nil, fmt.Errorf("tag data model %q is not one the simulator writes", t.Model)
}

// UIDOf is the UID a simulated reader gives t, upper-case MSB-first hex.
func UIDOf(t Tag) (string, error) {
	st, err := t.build()
	if err != nil {
		return "", err
	}
	return strings.ToUpper(hex.EncodeToString(st.uid[:])), nil
}
