package m3

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// CRC16 is the pads' checksum: CRC-16/GENIBUS (polynomial 0x1021, preset
// 0xFFFF, final XOR 0xFFFF, not reflected; check value 0xD64E). It covers
// LEN and the body, and is sent MSB first.
func CRC16(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range b {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return ^crc
}

// Frame start bytes: D6 for tag commands, D5 for the reader's own (the
// version probe).
const (
	Start      = 0xD6
	StartProbe = 0xD5
)

// MaxFrame is the longest frame this package accepts; a longer LEN is noise.
const MaxFrame = 4096

// Frame is one frame: the start byte and the body (CMD then its fields; in
// an answer the status byte follows CMD). LEN and the CRC are added by
// Append and checked by Parse.
type Frame struct {
	Head byte // Start or StartProbe; 0 means Start
	Body []byte
}

// Errors of Parse.
var (
	// ErrIncomplete means the bytes so far are the start of a frame: read more.
	ErrIncomplete = errors.New("m3: incomplete frame")
	// ErrBadFrame means the bytes do not start with a valid frame: skip the
	// reported bytes and parse again.
	ErrBadFrame = errors.New("m3: bad frame")
)

// Cmd is the frame's command byte.
func (f Frame) Cmd() byte {
	if len(f.Body) == 0 {
		return 0
	}
	return f.Body[0]
}

// Status is an answer's status byte (0x00 OK, 0x06 failed), 0xFF if none.
func (f Frame) Status() byte {
	if len(f.Body) < 2 {
		return 0xFF
	}
	return f.Body[1]
}

// Len is the frame's length on the wire.
func (f Frame) Len() int { return 1 + 2 + len(f.Body) + 2 }

// Append appends the encoded frame to dst.
func (f Frame) Append(dst []byte) []byte {
	head := f.Head
	if head == 0 {
		head = Start
	}
	n := len(f.Body) + 2
	dst = append(dst, head)
	start := len(dst)
	dst = append(dst, byte(n>>8), byte(n))
	dst = append(dst, f.Body...)
	crc := CRC16(dst[start:])
	return append(dst, byte(crc>>8), byte(crc))
}

// Bytes returns the encoded frame.
func (f Frame) Bytes() []byte { return f.Append(make([]byte, 0, f.Len())) }

// Parse decodes the frame at the start of b and returns it with the number
// of bytes it took. On ErrIncomplete n is 0: wait for more. On ErrBadFrame
// n is 1: drop a byte and parse again. Body aliases b.
func Parse(b []byte) (f Frame, n int, err error) {
	if len(b) == 0 {
		return Frame{}, 0, ErrIncomplete
	}
	if b[0] != Start && b[0] != StartProbe {
		return Frame{}, 1, fmt.Errorf("%w: starts with %02X", ErrBadFrame, b[0])
	}
	if len(b) < 3 {
		return Frame{}, 0, ErrIncomplete
	}
	size := 3 + (int(b[1])<<8 | int(b[2]))
	if size < 3+3 || size > MaxFrame {
		return Frame{}, 1, fmt.Errorf("%w: length %d", ErrBadFrame, size)
	}
	if len(b) < size {
		return Frame{}, 0, ErrIncomplete
	}
	got := uint16(b[size-2])<<8 | uint16(b[size-1])
	if want := CRC16(b[1 : size-2]); got != want {
		return Frame{}, 1, fmt.Errorf("%w: CRC %04X, want %04X", ErrBadFrame, got, want)
	}
	return Frame{Head: b[0], Body: b[3 : size-2 : size-2]}, size, nil
}

// Find returns the first complete, valid frame anywhere in b and where it
// lies, for when the line has gone quiet behind noise.
func Find(b []byte) (f Frame, start, end int, ok bool) {
	for i := range b {
		if f, n, err := Parse(b[i:]); err == nil {
			return f, i, i + n, true
		}
	}
	return Frame{}, 0, 0, false
}

// UID is an ISO 15693 tag UID as the pad sends it: MSB first (E0 first).
type UID [8]byte

// String is the UID as upper-case MSB-first hex (devices.TagUID).
func (u UID) String() string { return strings.ToUpper(hex.EncodeToString(u[:])) }

// ParseUID reads 16 hex digits, MSB first.
func ParseUID(s string) (UID, error) {
	var u UID
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != len(u) {
		return u, fmt.Errorf("%q is not a tag UID (16 hex digits)", s)
	}
	copy(u[:], b)
	return u, nil
}
