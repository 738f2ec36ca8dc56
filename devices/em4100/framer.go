package em4100

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Frame bytes.
const (
	stx = 0x02
	etx = 0x03
)

// The longest body between STX and ETX: 10 data digits, 2 checksum digits
// and the ID-12's CR LF.
const maxBody = 14

// Card is one card number read from the module.
type Card struct {
	ID  [5]byte // version/customer byte, then the 4-byte card number
	Raw []byte  // the frame as it arrived, STX to ETX
}

// Hex is the 10 hex digits as the module sends them, upper case.
func (c Card) Hex() string { return strings.ToUpper(hex.EncodeToString(c.ID[:])) }

// Decimal is the last 4 bytes as a 10-digit decimal, the number most
// cards have printed on them: 13005D1DA5 → "0006102437".
func (c Card) Decimal() string {
	n := uint32(c.ID[1])<<24 | uint32(c.ID[2])<<16 | uint32(c.ID[3])<<8 | uint32(c.ID[4])
	return fmt.Sprintf("%010d", n)
}

// FacilityCard is the Wiegand-26 style "facility,card": the third byte and
// the last two, 13005D1DA5 → "093,07589".
func (c Card) FacilityCard() string {
	return fmt.Sprintf("%03d,%05d", c.ID[2], uint16(c.ID[3])<<8|uint16(c.ID[4]))
}

// Framer cuts an EM4100 module's byte stream into card numbers. It accepts
// the RDM6300 frame (STX, 10 hex digits, 2 hex checksum digits, ETX: 14
// bytes) and the ID-12/ID-20 frame (the same with CR LF before ETX: 16
// bytes). The checksum is the XOR of the 5 data bytes. Anything else —
// noise, a partial frame, a wrong checksum — is dropped, and the framer
// resynchronises on the next STX. It never holds more than one frame.
//
// Framer is pure and not safe for concurrent use.
type Framer struct {
	in   bool // between STX and ETX
	body []byte
	raw  []byte

	// Rejected counts frames dropped for their checksum or shape, for
	// support.
	Rejected int
}

// Feed takes bytes as they arrived and returns the cards they complete.
func (f *Framer) Feed(p []byte) []Card {
	var out []Card
	for _, b := range p {
		switch {
		case b == stx:
			// A new frame starts here, whatever came before: this is
			// how a cut-off frame is left behind.
			if f.in {
				f.Rejected++
			}
			f.in = true
			f.body = f.body[:0]
			f.raw = append(f.raw[:0], b)
		case !f.in:
			// Noise between frames.
		case b == etx:
			f.raw = append(f.raw, b)
			if c, ok := parse(f.body); ok {
				c.Raw = append([]byte(nil), f.raw...)
				out = append(out, c)
			} else {
				f.Rejected++
			}
			f.in = false
		case len(f.body) == maxBody:
			// Too long to be a frame: wait for the next STX.
			f.Rejected++
			f.in = false
		default:
			f.body = append(f.body, b)
			f.raw = append(f.raw, b)
		}
	}
	return out
}

// parse checks a frame body: 12 hex digits, optionally followed by CR LF,
// whose sixth byte is the XOR of the first five.
func parse(body []byte) (Card, bool) {
	switch {
	case len(body) == 12:
	case len(body) == 14 && body[12] == '\r' && body[13] == '\n':
		body = body[:12]
	default:
		return Card{}, false
	}
	var b [6]byte
	if _, err := hex.Decode(b[:], body); err != nil {
		return Card{}, false
	}
	if b[0]^b[1]^b[2]^b[3]^b[4] != b[5] {
		return Card{}, false
	}
	var c Card
	copy(c.ID[:], b[:5])
	return c, true
}

// ParseID reads a card number written as 10 hex digits ("13005D1DA5").
func ParseID(s string) ([5]byte, error) {
	var id [5]byte
	if len(s) != 10 {
		return id, fmt.Errorf("card number %q is not 10 hex digits", s)
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, fmt.Errorf("card number %q is not 10 hex digits", s)
	}
	return id, nil
}

// Frame is the RDM6300 frame for card id, as the module sends it: for
// simulators and tests.
func Frame(id [5]byte) []byte {
	return frame(id, false)
}

// FrameID12 is the ID-12/ID-20 frame for card id (with CR LF before ETX).
func FrameID12(id [5]byte) []byte {
	return frame(id, true)
}

func frame(id [5]byte, crlf bool) []byte {
	sum := id[0] ^ id[1] ^ id[2] ^ id[3] ^ id[4]
	b := []byte{stx}
	b = append(b, strings.ToUpper(hex.EncodeToString(append(id[:], sum)))...)
	if crlf {
		b = append(b, '\r', '\n')
	}
	return append(b, etx)
}
