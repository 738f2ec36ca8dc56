package m3

import (
	"fmt"
)

// Commands (the first body byte).
const (
	CmdProbe      = 0x04 // in a D5 frame: the hardware version
	CmdReadBlocks = 0x02
	CmdWriteAFI   = 0x09
	CmdReadAFI    = 0x0A
	CmdInventory  = 0xFE
)

// Status bytes of answers.
const (
	StatusOK     = 0x00
	StatusFailed = 0x06 // the command failed on the tag (marginal coupling, tag gone): retry
)

// StatusError is an answer that says the command failed.
type StatusError struct {
	Cmd, Status byte
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("m3: command %02X failed (status %02X)", e.Cmd, e.Status)
}

// ProbeRequest asks the pad for its hardware version; it is also how a
// driver learns that a 3M pad is on the line.
func ProbeRequest() Frame { return Frame{Head: StartProbe, Body: []byte{CmdProbe, 0x00, 0x11}} }

// ParseProbe returns the hardware version from a probe answer ("10.5.0.2").
func ParseProbe(f Frame) (string, error) {
	b := f.Body
	if f.Head != StartProbe || len(b) < 7 || b[0] != CmdProbe || b[1] != 0x00 || b[2] != 0x11 {
		return "", fmt.Errorf("m3: % X is not a probe answer", b)
	}
	return fmt.Sprintf("%d.%d.%d.%d", b[3], b[4], b[5], b[6]), nil
}

// InventoryRequest asks for the tags on the pad.
func InventoryRequest() Frame { return Frame{Body: []byte{CmdInventory, 0x00, 0x05}} }

// check returns a StatusError unless f is a successful answer to cmd.
func check(f Frame, cmd byte) error {
	if f.Head == StartProbe || f.Cmd() != cmd || len(f.Body) < 2 {
		return fmt.Errorf("m3: % X does not answer command %02X", f.Body, cmd)
	}
	if st := f.Status(); st != StatusOK {
		return &StatusError{Cmd: cmd, Status: st}
	}
	return nil
}

// ParseInventory returns the UIDs of an inventory answer
// (FE 00 00 05 n UID×n).
func ParseInventory(f Frame) ([]UID, error) {
	if err := check(f, CmdInventory); err != nil {
		return nil, err
	}
	b := f.Body
	if len(b) < 5 || len(b)-5 != int(b[4])*8 {
		return nil, fmt.Errorf("m3: inventory answer of %d bytes does not hold its tags", len(b))
	}
	uids := make([]UID, b[4])
	for i := range uids {
		copy(uids[i][:], b[5+8*i:])
	}
	return uids, nil
}

// ReadBlocksRequest reads count 4-byte blocks from block first of tag uid.
func ReadBlocksRequest(uid UID, first, count byte) Frame {
	b := append([]byte{CmdReadBlocks}, uid[:]...)
	return Frame{Body: append(b, first, count)}
}

// Block is one block of a read answer.
type Block struct {
	N    int // the block number
	Data [4]byte
}

// ParseReadBlocks decodes a read answer (02 00 UID n {block LE16, 4 bytes}×n).
func ParseReadBlocks(f Frame) (UID, []Block, error) {
	var u UID
	if err := check(f, CmdReadBlocks); err != nil {
		return u, nil, err
	}
	b := f.Body
	if len(b) < 11 || len(b)-11 != int(b[10])*6 {
		return u, nil, fmt.Errorf("m3: read answer of %d bytes does not hold its blocks", len(b))
	}
	copy(u[:], b[2:10])
	blocks := make([]Block, b[10])
	for i := range blocks {
		r := b[11+6*i:]
		blocks[i].N = int(r[0]) | int(r[1])<<8
		copy(blocks[i].Data[:], r[2:6])
	}
	return u, blocks, nil
}

// ReadAFIRequest reads the AFI of tag uid.
func ReadAFIRequest(uid UID) Frame { return Frame{Body: append([]byte{CmdReadAFI}, uid[:]...)} }

// ParseReadAFI decodes a read-AFI answer (0A 00 UID AFI).
func ParseReadAFI(f Frame) (UID, byte, error) {
	var u UID
	if err := check(f, CmdReadAFI); err != nil {
		return u, 0, err
	}
	if len(f.Body) < 11 {
		return u, 0, fmt.Errorf("m3: read AFI answer of %d bytes", len(f.Body))
	}
	copy(u[:], f.Body[2:10])
	return u, f.Body[10], nil
}

// WriteAFIRequest sets the AFI of tag uid.
func WriteAFIRequest(uid UID, afi byte) Frame {
	b := append([]byte{CmdWriteAFI}, uid[:]...)
	return Frame{Body: append(b, afi)}
}

// ParseWriteAFI checks a write-AFI answer (09 00 UID; 09 06 = failed).
func ParseWriteAFI(f Frame) (UID, error) {
	var u UID
	if err := check(f, CmdWriteAFI); err != nil {
		return u, err
	}
	if len(f.Body) < 10 {
		return u, fmt.Errorf("m3: write AFI answer of %d bytes", len(f.Body))
	}
	copy(u[:], f.Body[2:10])
	return u, nil
}
