package sim

import (
	"errors"
	"os"
	"time"

	"github.com/circdesk/circdesk/devices/feig"
)

// The simulated FEIG reader: an ID ISC.MR101 (reader type 76) with
// 256-byte buffers.
var feigInfo = []byte{0x03, 0x03, 0x00, 0x44, 76, 0x00, 0x08, 0x01, 0x00, 0x01, 0x00}

const feigTXBuf = 256

// feig answers every complete FEIG frame at the start of buf and returns
// what is left. Frames with a bad length or CRC are ignored, as a reader
// does (the host sees a timeout).
func (s *Sim) feig(m *os.File, buf []byte, first time.Time) []byte {
	for len(buf) > 0 {
		f, n, err := feig.Parse(buf)
		if errors.Is(err, feig.ErrIncomplete) {
			return buf
		}
		if err != nil {
			buf = buf[n:]
			continue
		}
		s.arrived(first, n)
		first = time.Now()
		op := feigOp(f)
		fault, has := s.count(op)
		var answer feig.Frame
		if has && fault == Fail {
			answer = feigFailed(f, op)
		} else {
			answer = s.feigAnswer(f, !(has && fault == Unwritten))
		}
		buf = buf[n:]
		s.reply(m, answer.Bytes(), fault, has)
	}
	return buf[:0]
}

func feigOp(f feig.Frame) Op {
	if f.Cmd != feig.CmdISO || len(f.Payload) == 0 {
		return Other
	}
	switch f.Payload[0] {
	case feig.ISOInventory:
		return Inventory
	case feig.ISOReadBlocks:
		return Read
	case feig.ISOWriteAFI:
		return WriteAFI
	case feig.ISOSystemInfo:
		return ReadAFI
	}
	return Other
}

func feigStatus(f feig.Frame, status byte, data ...byte) feig.Frame {
	return feig.Frame{Addr: 0x00, Cmd: f.Cmd, Payload: append([]byte{status}, data...)}
}

// feigFailed is the reader's answer when the tag exchange failed.
func feigFailed(f feig.Frame, op Op) feig.Frame {
	switch op {
	case Inventory:
		return feigStatus(f, feig.StatusRFError)
	case WriteAFI:
		return feigStatus(f, feig.StatusWriteError)
	}
	return feigStatus(f, feig.StatusDataFalse)
}

// feigAnswer is the reader's answer to f; commit false answers a write
// without making it.
func (s *Sim) feigAnswer(f feig.Frame, commit bool) feig.Frame {
	p := f.Payload
	switch f.Cmd {
	case feig.CmdSoftwareVersion:
		return feigStatus(f, feig.StatusOK, feigInfo[:7]...)
	case feig.CmdReaderInfo:
		if len(p) != 1 || p[0] != 0 {
			return feigStatus(f, feig.StatusLengthError)
		}
		return feigStatus(f, feig.StatusOK, feigInfo...)
	case feig.CmdRFReset:
		s.mu.Lock()
		s.pending = nil
		s.mu.Unlock()
		return feigStatus(f, feig.StatusOK)
	case feig.CmdISO:
	default:
		return feigStatus(f, feig.StatusUnknownCmd)
	}
	if len(p) < 2 {
		return feigStatus(f, feig.StatusLengthError)
	}
	sub, mode := p[0], p[1]
	if sub == feig.ISOInventory {
		return s.feigInventory(f, mode&0x80 != 0)
	}
	// The other commands name a tag (addressed) or take the only one.
	args := p[2:]
	var t *tagState
	switch mode & 0x07 {
	case 0x01:
		if len(args) < 8 {
			return feigStatus(f, feig.StatusLengthError)
		}
		t, args = s.tag(args[:8]), args[8:]
	case 0x00:
		s.mu.Lock()
		if len(s.pad) == 1 {
			t = s.pad[0]
		}
		s.mu.Unlock()
	default:
		return feigStatus(f, feig.StatusLengthError)
	}
	if t == nil {
		return feigStatus(f, feig.StatusNoTransponder)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch sub {
	case feig.ISOReadBlocks:
		if len(args) != 2 || args[1] == 0 {
			return feigStatus(f, feig.StatusLengthError)
		}
		first, n := int(args[0]), int(args[1])
		if (first+n)*BlockSize > len(t.mem) {
			return feigStatus(f, feig.StatusISOError, 0x10) // block not available
		}
		if 8+n*(BlockSize+1) > feigTXBuf {
			return feigStatus(f, feig.StatusLengthError)
		}
		data := []byte{byte(n), BlockSize}
		for b := first; b < first+n; b++ {
			blk := t.mem[b*BlockSize : (b+1)*BlockSize]
			data = append(data, 0x00) // SEC-STATUS
			for j := BlockSize - 1; j >= 0; j-- {
				data = append(data, blk[j]) // FEIG sends each block MSB first
			}
		}
		return feigStatus(f, feig.StatusOK, data...)
	case feig.ISOWriteAFI:
		if len(args) != 1 {
			return feigStatus(f, feig.StatusLengthError)
		}
		if commit {
			t.afi = args[0]
		}
		return feigStatus(f, feig.StatusOK)
	case feig.ISOSystemInfo:
		ms := feig.EncodeMemSize(BlockSize, len(t.mem)/BlockSize)
		data := append([]byte{0x00}, t.uid[:]...)
		data = append(data, t.afi, ms[0], ms[1], 0x01)
		return feigStatus(f, feig.StatusOK, data...)
	}
	return feigStatus(f, feig.StatusUnknownCmd)
}

// feigInventory answers an inventory: all tags on the pad, at most limit
// per answer, the rest on MORE requests after status 0x94.
func (s *Sim) feigInventory(f feig.Frame, more bool) feig.Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !more || s.pending == nil {
		s.pending = append([]*tagState{}, s.pad...)
	}
	batch := s.pending
	status := byte(feig.StatusOK)
	if s.limit > 0 && len(batch) > s.limit {
		batch, status = batch[:s.limit], feig.StatusMoreData
		s.pending = s.pending[s.limit:]
	} else {
		s.pending = nil
	}
	if len(batch) == 0 {
		return feigStatus(f, feig.StatusNoTransponder)
	}
	data := []byte{byte(len(batch))}
	for _, t := range batch {
		data = append(data, 0x03, 0x00) // ISO 15693, DSFID
		data = append(data, t.uid[:]...)
	}
	return feigStatus(f, status, data...)
}
