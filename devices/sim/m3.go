package sim

import (
	"errors"
	"os"
	"time"

	"github.com/circdesk/circdesk/devices/m3"
)

// The simulated pad's hardware version (as the captured 3M 810 answers).
var m3Version = []byte{0x0A, 0x05, 0x00, 0x02}

// m3 answers every complete 3M frame at the start of buf and returns the
// rest. A pad ignores frames it cannot read, and commands it does not know.
func (s *Sim) m3(m *os.File, buf []byte, first time.Time) []byte {
	for len(buf) > 0 {
		f, n, err := m3.Parse(buf)
		if errors.Is(err, m3.ErrIncomplete) {
			return buf
		}
		if err != nil {
			buf = buf[n:]
			continue
		}
		s.arrived(first, n)
		first = time.Now()
		op := m3Op(f)
		fault, has := s.count(op)
		var answer []byte
		if has && fault == Fail {
			answer = []byte{f.Cmd(), m3.StatusFailed}
		} else {
			answer = s.m3Answer(f, !(has && fault == Unwritten))
		}
		buf = buf[n:]
		if answer == nil {
			continue
		}
		head := byte(m3.Start)
		if f.Head == m3.StartProbe {
			head = m3.StartProbe
		}
		s.reply(m, m3.Frame{Head: head, Body: answer}.Bytes(), fault, has)
	}
	return buf[:0]
}

func m3Op(f m3.Frame) Op {
	if f.Head == m3.StartProbe {
		return Other
	}
	switch f.Cmd() {
	case m3.CmdInventory:
		return Inventory
	case m3.CmdReadBlocks:
		return Read
	case m3.CmdWriteAFI:
		return WriteAFI
	case m3.CmdReadAFI:
		return ReadAFI
	}
	return Other
}

// m3Answer is the body of the pad's answer to f, nil for none.
func (s *Sim) m3Answer(f m3.Frame, commit bool) []byte {
	b := f.Body
	if f.Head == m3.StartProbe {
		if len(b) == 3 && b[0] == m3.CmdProbe {
			return append([]byte{m3.CmdProbe, 0x00, 0x11}, m3Version...)
		}
		return nil
	}
	failed := []byte{f.Cmd(), m3.StatusFailed}
	switch f.Cmd() {
	case m3.CmdInventory:
		s.mu.Lock()
		defer s.mu.Unlock()
		out := []byte{m3.CmdInventory, 0x00, 0x00, 0x05, byte(len(s.pad))}
		for _, t := range s.pad {
			out = append(out, t.uid[:]...)
		}
		return out
	case m3.CmdReadBlocks, m3.CmdReadAFI, m3.CmdWriteAFI:
	default:
		return nil
	}
	if len(b) < 9 {
		return failed
	}
	t := s.tag(b[1:9])
	if t == nil {
		return failed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch f.Cmd() {
	case m3.CmdReadBlocks:
		if len(b) != 11 || b[10] == 0 || (int(b[9])+int(b[10]))*BlockSize > len(t.mem) {
			return failed
		}
		out := append([]byte{m3.CmdReadBlocks, 0x00}, t.uid[:]...)
		out = append(out, b[10])
		for blk := int(b[9]); blk < int(b[9])+int(b[10]); blk++ {
			out = append(out, byte(blk), byte(blk>>8))
			out = append(out, t.mem[blk*BlockSize:(blk+1)*BlockSize]...)
		}
		return out
	case m3.CmdReadAFI:
		return append(append([]byte{m3.CmdReadAFI, 0x00}, t.uid[:]...), t.afi)
	default: // write AFI
		if len(b) != 10 {
			return failed
		}
		if commit {
			t.afi = b[9]
		}
		return append([]byte{m3.CmdWriteAFI, 0x00}, t.uid[:]...)
	}
}
