package feig

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Control commands and the ISO host command with its sub-commands.
const (
	CmdSoftwareVersion = 0x65 // [0x65] Get Software Version
	CmdReaderInfo      = 0x66 // [0x66] Get Reader Info
	CmdRFReset         = 0x69 // [0x69] RF Reset
	CmdISO             = 0xB0 // [0xB0] ISO 15693 host commands

	ISOInventory  = 0x01 // [0xB0][0x01] Inventory
	ISOReadBlocks = 0x23 // [0xB0][0x23] Read Multiple Blocks
	ISOWriteAFI   = 0x27 // [0xB0][0x27] Write AFI
	ISOSystemInfo = 0x2B // [0xB0][0x2B] Get System Information
)

// Host is the COM-ADR a host sends to reach whichever reader is on the line.
const Host = 0xFF

// MODE bits of [0xB0] requests.
const (
	modeAddressed = 0x01 // UID follows MODE
	modeMore      = 0x80 // Inventory: the rest after status 0x94
)

// Status bytes (byte 4 of a response).
const (
	StatusOK            = 0x00
	StatusNoTransponder = 0x01 // no tag in range (not an error for Inventory)
	StatusDataFalse     = 0x02 // CRC, parity or framing error from the tag
	StatusWriteError    = 0x03
	StatusAddressError  = 0x04 // block past the tag's memory
	StatusWrongType     = 0x05
	StatusUnknownCmd    = 0x80
	StatusLengthError   = 0x81
	StatusNotAvailable  = 0x82 // the reader is in scan, buffered or notification mode
	StatusRFError       = 0x83 // anticollision not finished: partial data
	StatusRFWarning     = 0x84
	StatusOverflow      = 0x93
	StatusMoreData      = 0x94 // Inventory: more data sets follow on a MORE request
	StatusISOError      = 0x95 // the next byte is the ISO 15693 error code
)

// StatusError is a response whose STATUS says the command failed.
type StatusError struct {
	Cmd, Sub byte // the command (and [0xB0] sub-command) answered
	Status   byte
	ISOError byte // with StatusISOError: the tag's ISO 15693 error code
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("feig: command %02X", e.Cmd)
	if e.Cmd == CmdISO {
		s += fmt.Sprintf("/%02X", e.Sub)
	}
	s += fmt.Sprintf(": status %02X (%s)", e.Status, statusText(e.Status))
	if e.Status == StatusISOError {
		s += fmt.Sprintf(", ISO error %02X", e.ISOError)
	}
	return s
}

// Marginal reports whether the failure is the kind a marginal coupling
// causes and a retry may cure: no transponder, data false, write error, an
// RF communication error, or the tag's "unknown error".
func (e *StatusError) Marginal() bool {
	switch e.Status {
	case StatusNoTransponder, StatusDataFalse, StatusWriteError, StatusRFError:
		return true
	case StatusISOError:
		return e.ISOError == 0x0F
	}
	return false
}

func statusText(s byte) string {
	switch s {
	case StatusOK:
		return "OK"
	case StatusNoTransponder:
		return "no transponder"
	case StatusDataFalse:
		return "data false"
	case StatusWriteError:
		return "write error"
	case StatusAddressError:
		return "address error"
	case StatusWrongType:
		return "wrong transponder type"
	case StatusUnknownCmd:
		return "unknown command"
	case StatusLengthError:
		return "length error"
	case StatusNotAvailable:
		return "command not available: switch the reader to host mode"
	case StatusRFError:
		return "RF communication error"
	case StatusRFWarning:
		return "RF warning"
	case StatusOverflow:
		return "data buffer overflow"
	case StatusMoreData:
		return "more data"
	case StatusISOError:
		return "ISO 15693 error"
	}
	return "unknown status"
}

// UID is an ISO 15693 tag UID as FEIG sends it: MSB first (E0, the
// manufacturer code, the serial number).
type UID [8]byte

// String is the UID as upper-case MSB-first hex, the form devices.TagUID
// uses.
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

// InventoryRequest asks for the tags in the field; more fetches the data
// sets left over after a StatusMoreData answer.
func InventoryRequest(more bool) Frame {
	mode := byte(0)
	if more {
		mode = modeMore
	}
	return Frame{Addr: Host, Cmd: CmdISO, Payload: []byte{ISOInventory, mode}}
}

// ReadBlocksRequest reads count blocks from block first of the tag uid
// (addressed mode; count is the real number, not count-1).
func ReadBlocksRequest(uid UID, first, count byte) Frame {
	p := append([]byte{ISOReadBlocks, modeAddressed}, uid[:]...)
	return Frame{Addr: Host, Cmd: CmdISO, Payload: append(p, first, count)}
}

// WriteAFIRequest sets the AFI of the tag uid (addressed mode).
func WriteAFIRequest(uid UID, afi byte) Frame {
	p := append([]byte{ISOWriteAFI, modeAddressed}, uid[:]...)
	return Frame{Addr: Host, Cmd: CmdISO, Payload: append(p, afi)}
}

// SystemInfoRequest asks the tag uid for its system information (addressed).
func SystemInfoRequest(uid UID) Frame {
	return Frame{Addr: Host, Cmd: CmdISO, Payload: append([]byte{ISOSystemInfo, modeAddressed}, uid[:]...)}
}

// RFResetRequest switches the field off for about 15 ms.
func RFResetRequest() Frame { return Frame{Addr: Host, Cmd: CmdRFReset} }

// SoftwareVersionRequest asks for the firmware version and reader type.
func SoftwareVersionRequest() Frame { return Frame{Addr: Host, Cmd: CmdSoftwareVersion} }

// ReaderInfoRequest asks for the reader info of mode 0 (versions and buffer sizes).
func ReaderInfoRequest() Frame { return Frame{Addr: Host, Cmd: CmdReaderInfo, Payload: []byte{0x00}} }

// check returns a StatusError unless f answers cmd (and sub) with one of
// the statuses ok.
func check(f Frame, cmd, sub byte, ok ...byte) error {
	if f.Cmd != cmd || len(f.Payload) == 0 {
		return fmt.Errorf("feig: answer to command %02X is not one (command %02X, % X)", cmd, f.Cmd, f.Payload)
	}
	st := f.Payload[0]
	for _, o := range ok {
		if st == o {
			return nil
		}
	}
	e := &StatusError{Cmd: cmd, Sub: sub, Status: st}
	if st == StatusISOError && len(f.Payload) > 1 {
		e.ISOError = f.Payload[1]
	}
	return e
}

// ParseStatus checks a response that carries no data (Write AFI, RF Reset).
func ParseStatus(f Frame, cmd, sub byte) error { return check(f, cmd, sub, StatusOK) }

// InventoryTag is one data set of an Inventory response.
type InventoryTag struct {
	TrType byte // 0x03: ISO 15693
	DSFID  byte
	UID    UID
}

// ParseInventory decodes an Inventory response. No tag in the field is no
// error (no tags). more is true after StatusMoreData: send
// InventoryRequest(true) for the rest. A partial answer (status 0x83,
// 0x84, 0x93) gives its tags together with a StatusError.
func ParseInventory(f Frame) (tags []InventoryTag, more bool, err error) {
	if err := check(f, CmdISO, ISOInventory, StatusOK, StatusNoTransponder, StatusMoreData, StatusRFError, StatusRFWarning, StatusOverflow); err != nil {
		return nil, false, err
	}
	st := f.Status()
	d := f.Data()
	partial := st == StatusRFError || st == StatusRFWarning || st == StatusOverflow
	switch {
	case st == StatusNoTransponder || len(d) == 0 && st == StatusOK:
		return nil, false, nil
	case len(d) == 0 && partial:
		return nil, false, &StatusError{Cmd: CmdISO, Sub: ISOInventory, Status: st}
	}
	if len(d) < 1 || len(d)-1 != int(d[0])*10 {
		return nil, false, fmt.Errorf("feig: inventory of %d data sets in %d bytes", firstOr0(d), len(d))
	}
	tags = make([]InventoryTag, d[0])
	for i := range tags {
		ds := d[1+10*i:]
		tags[i].TrType, tags[i].DSFID = ds[0], ds[1]
		copy(tags[i].UID[:], ds[2:10])
	}
	switch {
	case st == StatusMoreData:
		return tags, true, nil
	case partial:
		return tags, false, &StatusError{Cmd: CmdISO, Sub: ISOInventory, Status: st}
	}
	return tags, false, nil
}

func firstOr0(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	return int(b[0])
}

// Blocks is the data of a Read Multiple Blocks response.
type Blocks struct {
	Size     int    // bytes per block (DB-SIZE)
	Data     []byte // the blocks in tag memory order (FEIG's per-block byte reversal undone)
	Security []byte // one SEC-STATUS byte per block
}

// ParseReadBlocks decodes a Read Multiple Blocks response.
func ParseReadBlocks(f Frame) (Blocks, error) {
	if err := check(f, CmdISO, ISOReadBlocks, StatusOK); err != nil {
		return Blocks{}, err
	}
	d := f.Data()
	if len(d) < 2 || d[1] == 0 || len(d)-2 != int(d[0])*(int(d[1])+1) {
		return Blocks{}, fmt.Errorf("feig: read blocks answer of %d bytes does not hold its blocks", len(d))
	}
	n, size := int(d[0]), int(d[1])
	b := Blocks{Size: size, Data: make([]byte, 0, n*size), Security: make([]byte, 0, n)}
	for i := range n {
		rec := d[2+i*(size+1):][:size+1]
		b.Security = append(b.Security, rec[0])
		for j := size; j >= 1; j-- {
			b.Data = append(b.Data, rec[j])
		}
	}
	return b, nil
}

// SystemInfo is the data of a Get System Information response.
type SystemInfo struct {
	DSFID     byte
	UID       UID
	AFI       byte
	BlockSize int // bytes per block; 0 when the tag does not say
	Blocks    int // number of blocks; 0 when the tag does not say
	ICRef     byte
}

// ParseSystemInfo decodes a Get System Information response. MEM-SIZE is
// read as the ISO 15693 values passed through MSB first (byte 15 = block
// size - 1 in its low 5 bits, byte 16 = number of blocks - 1): feig.md §6
// notes this is not settled on hardware, so the driver also trusts the
// DB-SIZE of its reads and stops at an address error.
func ParseSystemInfo(f Frame) (SystemInfo, error) {
	if err := check(f, CmdISO, ISOSystemInfo, StatusOK); err != nil {
		return SystemInfo{}, err
	}
	d := f.Data()
	if len(d) < 13 {
		return SystemInfo{}, fmt.Errorf("feig: system information of %d bytes, want 13", len(d))
	}
	si := SystemInfo{DSFID: d[0], AFI: d[9], ICRef: d[12]}
	copy(si.UID[:], d[1:9])
	if d[10] != 0 || d[11] != 0 {
		si.BlockSize = int(d[10]&0x1F) + 1
		si.Blocks = int(d[11]) + 1
	}
	return si, nil
}

// EncodeMemSize is MEM-SIZE as ParseSystemInfo reads it.
func EncodeMemSize(blockSize, blocks int) [2]byte {
	return [2]byte{byte(blockSize-1) & 0x1F, byte(blocks - 1)}
}

// ReaderInfo is the data of a Get Reader Info (mode 0) response.
type ReaderInfo struct {
	SWRev  [2]byte
	DRev   byte
	HWType byte
	SWType byte // the reader model, a decimal code (31 ISC.M02, 76 ISC.MR101-A, 83 CPR40, …)
	TRType uint16
	RXBuf  int // bytes the reader accepts in one request
	TXBuf  int // bytes the reader can send in one response
}

// ParseReaderInfo decodes a Get Reader Info (mode 0) response.
func ParseReaderInfo(f Frame) (ReaderInfo, error) {
	if err := check(f, CmdReaderInfo, 0, StatusOK); err != nil {
		return ReaderInfo{}, err
	}
	d := f.Data()
	if len(d) < 11 {
		return ReaderInfo{}, fmt.Errorf("feig: reader info of %d bytes, want 11", len(d))
	}
	return ReaderInfo{
		SWRev: [2]byte{d[0], d[1]}, DRev: d[2], HWType: d[3], SWType: d[4],
		TRType: uint16(d[5])<<8 | uint16(d[6]),
		RXBuf:  int(d[7])<<8 | int(d[8]),
		TXBuf:  int(d[9])<<8 | int(d[10]),
	}, nil
}
