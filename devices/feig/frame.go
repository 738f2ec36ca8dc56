package feig

import (
	"errors"
	"fmt"
)

// Frame is one ISC host-protocol frame without its length and CRC. In a
// request Payload is the command's data (for [0xB0] the sub-command first);
// in a response Payload[0] is the STATUS byte and the data follows.
type Frame struct {
	Addr    byte // COM-ADR: 0xFF from the host means any reader; a reader answers with its own (default 0x00)
	Cmd     byte
	Payload []byte
	// Advanced marks the advanced frame (02 ALEN-MSB ALEN-LSB …). Append
	// uses it also whenever the frame would not fit a standard one.
	Advanced bool
}

// Frame size limits.
const (
	stx = 0x02
	// MaxStandard is the longest standard frame (LEN is one byte).
	MaxStandard = 255
	// MaxFrame is the longest advanced frame this package accepts; FEIG
	// readers' buffers are smaller, so a longer ALEN is line noise.
	MaxFrame = 4096
)

// Errors of Parse.
var (
	// ErrIncomplete means the bytes so far are the start of a frame: read more.
	ErrIncomplete = errors.New("feig: incomplete frame")
	// ErrBadFrame means the bytes do not start with a valid frame (bad
	// length or CRC): skip the reported bytes and parse again.
	ErrBadFrame = errors.New("feig: bad frame")
)

// Status returns a response's STATUS byte, or 0xFF when it has none.
func (f Frame) Status() byte {
	if len(f.Payload) == 0 {
		return 0xFF
	}
	return f.Payload[0]
}

// Data returns a response's data after STATUS.
func (f Frame) Data() []byte {
	if len(f.Payload) == 0 {
		return nil
	}
	return f.Payload[1:]
}

// Len is the frame's length on the wire.
func (f Frame) Len() int {
	n := 2 + len(f.Payload) + 3 // COM-ADR CMD payload CRC(2) + LEN
	if f.Advanced || n > MaxStandard {
		n += 2 // STX ALEN(2) instead of LEN
	}
	return n
}

// Append appends the encoded frame to dst: a standard frame when it fits
// in 255 bytes and Advanced is not set, an advanced frame otherwise.
func (f Frame) Append(dst []byte) []byte {
	start := len(dst)
	n := f.Len()
	if n > MaxStandard || f.Advanced {
		dst = append(dst, stx, byte(n>>8), byte(n))
	} else {
		dst = append(dst, byte(n))
	}
	dst = append(dst, f.Addr, f.Cmd)
	dst = append(dst, f.Payload...)
	crc := CRC16(dst[start:])
	return append(dst, byte(crc), byte(crc>>8))
}

// Bytes returns the encoded frame.
func (f Frame) Bytes() []byte { return f.Append(make([]byte, 0, f.Len())) }

// Parse decodes the frame at the start of b. It returns the frame and the
// number of bytes it took. On ErrIncomplete n is 0: wait for more bytes. On
// ErrBadFrame n is the number of bytes to drop (1) before parsing again,
// so that a frame behind line noise is still found. The frame's Payload
// aliases b.
func Parse(b []byte) (f Frame, n int, err error) {
	if len(b) == 0 {
		return Frame{}, 0, ErrIncomplete
	}
	var head, size int
	if b[0] == stx {
		// No standard frame is 2 bytes long, so STX starts an advanced one.
		if len(b) < 3 {
			return Frame{}, 0, ErrIncomplete
		}
		head, size = 3, int(b[1])<<8|int(b[2])
		f.Advanced = true
		if size < head+4 || size > MaxFrame {
			return Frame{}, 1, fmt.Errorf("%w: length %d", ErrBadFrame, size)
		}
	} else {
		head, size = 1, int(b[0])
		if size < head+4 {
			return Frame{}, 1, fmt.Errorf("%w: length %d", ErrBadFrame, size)
		}
	}
	if len(b) < size {
		return Frame{}, 0, ErrIncomplete
	}
	got := uint16(b[size-2]) | uint16(b[size-1])<<8
	if want := CRC16(b[:size-2]); got != want {
		return Frame{}, 1, fmt.Errorf("%w: CRC %04X, want %04X", ErrBadFrame, got, want)
	}
	f.Addr, f.Cmd = b[head], b[head+1]
	f.Payload = b[head+2 : size-2 : size-2]
	return f, size, nil
}

// Find returns the first complete, valid frame anywhere in b and where it
// lies. A driver uses it once the line has gone quiet with no frame at the
// start of its buffer: line noise may have claimed a length that never
// came, and the answer may still be behind it.
func Find(b []byte) (f Frame, start, end int, ok bool) {
	for i := range b {
		if f, n, err := Parse(b[i:]); err == nil {
			return f, i, i + n, true
		}
	}
	return Frame{}, 0, 0, false
}
