// Package sim simulates the readers a station uses on pseudo-terminals, so
// that the real drivers can be demonstrated, tried by hand and tested
// without hardware: a serial barcode scanner ("line"), an RDM6300 ID-card
// reader ("em4100"), a FEIG ISC HF reader ("feig") and a 3M 210/810 pad
// ("3m"). A driver opens Path (or a Link to it) as it opens a real port.
//
// The RFID readers answer the commands their drivers send for the tags
// currently on the pad, with memory made by devices/rfid's encoders, and
// can be made to misbehave (Inject) and to pace their bytes at the baud
// rate (SetBaud), as a real wire does.
package sim

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"

	"github.com/circdesk/circdesk/devices/em4100"
)

// Kinds are the reader kinds Start simulates.
var Kinds = []string{"line", "em4100", "feig", "3m"}

// Op is a kind of command a simulated RFID reader answers, for Inject and
// Count.
type Op int

// The commands.
const (
	AnyOp     Op = iota // every command
	Inventory           // the tags in the field
	Read                // read blocks
	WriteAFI            // write AFI
	ReadAFI             // FEIG Get System Information, 3M read AFI
	Other               // version, reader info, RF reset, probe, unknown
	numOps
)

func (o Op) String() string {
	return [...]string{"any", "inventory", "read", "write AFI", "read AFI", "other"}[o]
}

// Fault is a way of answering wrongly.
type Fault int

// The faults.
const (
	// Fail answers with the reader's error status for the command (FEIG:
	// 0x03 write error, 0x02 data false, 0x83 RF error; 3M: status 06).
	Fail Fault = iota
	// Garbage answers with bytes that are no frame.
	Garbage
	// BadCRC answers with the right frame and a wrong CRC.
	BadCRC
	// Partial answers with the first half of the frame only.
	Partial
	// Silent does not answer.
	Silent
	// Unplug sends the first half of the answer and unplugs the reader.
	Unplug
	// Unwritten answers a write as done without changing the tag: a write
	// that did not take, which only reading it back shows.
	Unwritten
)

type injection struct {
	op    Op
	fault Fault
	left  int
}

// Sim is one simulated reader on a pseudo-terminal.
type Sim struct {
	kind string

	mu       sync.Mutex
	master   *os.File
	slave    *os.File // held open so that the pty lives between driver opens
	path     string
	link     string
	baud     int
	bits     int // bits per byte on the wire: start + 8 data + parity + stop
	limit    int // FEIG: data sets per inventory answer
	pad      []*tagState
	pending  []*tagState // FEIG: inventory data sets not yet sent (after 0x94)
	inject   []injection
	counts   [numOps]int
	in, out  int64 // bytes received and sent
	card     []byte
	cardStop chan struct{}
	tags     []Tag
	closed   bool
	done     chan struct{}

	wmu sync.Mutex // one writer on the line at a time
}

// Start creates a pty that behaves like a reader of kind: "line",
// "em4100", "feig" or "3m". For the RFID kinds tags are put on the pad at
// once; for "line" and "em4100" they are kept (Tags) for a caller to Type
// or PresentCard.
func Start(kind string, tags []Tag) (*Sim, error) {
	s := &Sim{kind: kind, limit: 24, bits: 10}
	switch kind {
	case "feig":
		s.bits = 11 // 8E1
	case "3m", "line", "em4100":
	default:
		return nil, fmt.Errorf("sim: %q is not a reader kind the simulator knows (it knows %s)", kind, strings.Join(Kinds, ", "))
	}
	s.tags = append([]Tag(nil), tags...)
	if kind == "feig" || kind == "3m" {
		if err := s.Place(tags...); err != nil {
			return nil, err
		}
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	return s, nil
}

// open creates the pseudo-terminal and starts answering on it.
func (s *Sim) open() error {
	master, slave, err := pty.Open()
	if err != nil {
		return fmt.Errorf("sim: no pseudo-terminal: %w", err)
	}
	if err := makeRaw(slave); err != nil {
		master.Close()
		slave.Close()
		return fmt.Errorf("sim: raw mode on %s: %w", slave.Name(), err)
	}
	s.mu.Lock()
	s.master, s.slave, s.path, s.done = master, slave, slave.Name(), make(chan struct{})
	s.mu.Unlock()
	go s.serve(master, s.done)
	return nil
}

// Kind is the simulated reader's kind.
func (s *Sim) Kind() string { return s.kind }

// Path is the pty's slave device: the port a driver opens.
func (s *Sim) Path() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.path
}

// Link makes path a symbolic link to the pty (replacing a link already
// there), for a stable name such as ./ttySIM0; Close removes it.
func (s *Sim) Link(path string) error {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSymlink == 0 {
			return fmt.Errorf("sim: %s exists and is not a link: not replacing it", path)
		}
		os.Remove(path)
	}
	if err := os.Symlink(s.Path(), path); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	s.mu.Lock()
	s.link = path
	s.mu.Unlock()
	return nil
}

// Tags are the tags Start was given.
func (s *Sim) Tags() []Tag { return append([]Tag(nil), s.tags...) }

// SetBaud paces what the reader sends at baud (10 bits a byte, 11 for
// FEIG's 8E1) and takes the time a command needs to arrive at that speed
// before answering it. 0 sends at pty speed.
func (s *Sim) SetBaud(baud int) {
	s.mu.Lock()
	s.baud = baud
	s.mu.Unlock()
}

// BitsPerByte is what one byte costs on this reader's wire.
func (s *Sim) BitsPerByte() int { return s.bits }

// SetInventoryLimit sets how many tags a FEIG inventory answer holds; the
// rest follow with status 0x94 (more data) on MORE requests. 0 means all
// in one answer (an advanced frame when it exceeds 255 bytes).
func (s *Sim) SetInventoryLimit(n int) {
	s.mu.Lock()
	s.limit = n
	s.mu.Unlock()
}

// Inject makes the next n answers to op go wrong with f.
func (s *Sim) Inject(op Op, f Fault, n int) {
	s.mu.Lock()
	s.inject = append(s.inject, injection{op: op, fault: f, left: n})
	s.mu.Unlock()
}

// ClearFaults cancels the faults still due.
func (s *Sim) ClearFaults() {
	s.mu.Lock()
	s.inject = nil
	s.mu.Unlock()
}

// fault returns the fault for an answer to op, if one is due.
func (s *Sim) fault(op Op) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.inject {
		in := &s.inject[i]
		if in.left > 0 && (in.op == AnyOp || in.op == op) {
			in.left--
			return in.fault, true
		}
	}
	return 0, false
}

// Count is how many commands of op the reader received (AnyOp: all).
func (s *Sim) Count(op Op) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if op == AnyOp {
		n := 0
		for _, c := range s.counts {
			n += c
		}
		return n
	}
	return s.counts[op]
}

// Wire is how many bytes the reader received and sent so far.
func (s *Sim) Wire() (received, sent int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.in, s.out
}

// WireTime is how long the bytes so far take on a wire at baud: the least
// time any driver could have needed to exchange them.
func (s *Sim) WireTime(baud int) time.Duration {
	in, out := s.Wire()
	return time.Duration(float64(in+out) * float64(s.bits) / float64(baud) * float64(time.Second))
}

// Place puts tags on the pad (a tag already there, by UID, is replaced).
func (s *Sim) Place(tags ...Tag) error {
	states := make([]*tagState, 0, len(tags))
	for _, t := range tags {
		st, err := t.build()
		if err != nil {
			return err
		}
		states = append(states, st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range states {
		if i := s.find(st.uid); i >= 0 {
			s.pad[i] = st
		} else {
			s.pad = append(s.pad, st)
		}
	}
	return nil
}

// Lift takes the tags with these UIDs off the pad.
func (s *Sim) Lift(uids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range uids {
		if i := s.find(parseUID(u)); i >= 0 {
			s.pad = append(s.pad[:i], s.pad[i+1:]...)
		}
	}
}

// Clear takes every tag off the pad.
func (s *Sim) Clear() {
	s.mu.Lock()
	s.pad = nil
	s.mu.Unlock()
}

// OnPad lists the UIDs of the tags on the pad.
func (s *Sim) OnPad() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.pad))
	for i, t := range s.pad {
		out[i] = strings.ToUpper(hex.EncodeToString(t.uid[:]))
	}
	return out
}

// AFI is the security byte of the tag uid on the pad.
func (s *Sim) AFI(uid string) (byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.find(parseUID(uid)); i >= 0 {
		return s.pad[i].afi, true
	}
	return 0, false
}

func (s *Sim) find(uid [8]byte) int {
	for i, t := range s.pad {
		if t.uid == uid {
			return i
		}
	}
	return -1
}

func (s *Sim) tag(uid []byte) *tagState {
	var u [8]byte
	copy(u[:], uid)
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.find(u); i >= 0 {
		return s.pad[i]
	}
	return nil
}

func parseUID(s string) [8]byte {
	var u [8]byte
	b, _ := hex.DecodeString(strings.TrimSpace(s))
	copy(u[:], b)
	return u
}

// Type makes a "line" scanner send code and a CR.
func (s *Sim) Type(code string) error { return s.Send([]byte(code + "\r")) }

// PresentCard holds the card with number hex (10 hex digits) on an
// "em4100" reader: its RDM6300 frame is sent now and every 100 ms until
// RemoveCard.
func (s *Sim) PresentCard(hexID string) error {
	id, err := em4100.ParseID(hexID)
	if err != nil {
		return err
	}
	s.RemoveCard()
	frame := em4100.Frame(id)
	stop := make(chan struct{})
	s.mu.Lock()
	s.card, s.cardStop = frame, stop
	s.mu.Unlock()
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if s.Send(frame) != nil {
				return
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return nil
}

// RemoveCard takes the card off the reader.
func (s *Sim) RemoveCard() {
	s.mu.Lock()
	if s.cardStop != nil {
		close(s.cardStop)
		s.card, s.cardStop = nil, nil
	}
	s.mu.Unlock()
}

// Send writes raw bytes to the line, paced at the baud rate: line noise,
// half a frame, anything a test needs.
func (s *Sim) Send(b []byte) error {
	s.mu.Lock()
	m, baud := s.master, s.baud
	s.mu.Unlock()
	if m == nil {
		return errors.New("sim: the reader is unplugged")
	}
	return s.write(m, baud, b)
}

// write sends b on m; at a baud rate, byte i leaves when its last bit
// would have crossed the wire.
func (s *Sim) write(m *os.File, baud int, b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	s.out += int64(len(b))
	s.mu.Unlock()
	if baud <= 0 {
		_, err := m.Write(b)
		return err
	}
	perByte := time.Duration(float64(s.bits) / float64(baud) * float64(time.Second))
	chunk := max(1, int(time.Millisecond/perByte)) // about a millisecond's worth
	start := time.Now()
	for i := 0; i < len(b); i += chunk {
		j := min(i+chunk, len(b))
		time.Sleep(time.Until(start.Add(time.Duration(j) * perByte)))
		if _, err := m.Write(b[i:j]); err != nil {
			return err
		}
	}
	return nil
}

// arrived waits until a command of n bytes whose first bytes came at
// first would have arrived completely at the baud rate.
func (s *Sim) arrived(first time.Time, n int) {
	s.mu.Lock()
	baud := s.baud
	s.in += int64(n)
	s.mu.Unlock()
	if baud > 0 {
		time.Sleep(time.Until(first.Add(time.Duration(float64(n*s.bits) / float64(baud) * float64(time.Second)))))
	}
}

// Unplug pulls the reader's cable: the pty goes away and the driver's
// port fails. Replug brings it back.
func (s *Sim) Unplug() {
	s.mu.Lock()
	m, sl, done := s.master, s.slave, s.done
	s.master, s.slave = nil, nil
	s.mu.Unlock()
	if m != nil {
		m.Close()
		sl.Close()
		<-done
	}
}

// Replug plugs an unplugged reader in again, on a new pty (Path changes;
// a Link follows it).
func (s *Sim) Replug() error {
	s.mu.Lock()
	plugged, link, closed := s.master != nil, s.link, s.closed
	s.mu.Unlock()
	if closed {
		return errors.New("sim: the reader is closed")
	}
	if plugged {
		return nil
	}
	if err := s.open(); err != nil {
		return err
	}
	if link != "" {
		return s.Link(link)
	}
	return nil
}

// Close unplugs the reader for good and removes its Link.
func (s *Sim) Close() error {
	s.RemoveCard()
	s.Unplug()
	s.mu.Lock()
	link := s.link
	s.link, s.closed = "", true
	s.mu.Unlock()
	if link != "" {
		if err := os.Remove(link); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sim: %w", err)
		}
	}
	return nil
}

// serve answers commands arriving on m until it is closed.
func (s *Sim) serve(m *os.File, done chan struct{}) {
	defer close(done)
	var answer func(m *os.File, buf []byte, first time.Time) []byte
	switch s.kind {
	case "feig":
		answer = s.feig
	case "3m":
		answer = s.m3
	default:
		// Scanners and card readers only talk; drain what a driver sends.
		io.Copy(io.Discard, m)
		return
	}
	var buf []byte
	var first time.Time
	b := make([]byte, 4096)
	for {
		n, err := m.Read(b)
		if err != nil {
			return
		}
		if len(buf) == 0 {
			first = time.Now()
		}
		buf = append(buf, b[:n]...)
		buf = answer(m, buf, first)
		if len(buf) > 8192 {
			buf = buf[:0] // noise: a real reader's buffer would have overflowed
		}
	}
}

// count records a command of op and returns the fault due for its answer.
func (s *Sim) count(op Op) (Fault, bool) {
	s.mu.Lock()
	s.counts[op]++
	s.mu.Unlock()
	return s.fault(op)
}

// reply sends frame, spoilt by fault when has is set (Fail and Unwritten
// are the protocol handlers' to apply).
func (s *Sim) reply(m *os.File, frame []byte, fault Fault, has bool) {
	s.mu.Lock()
	baud := s.baud
	s.mu.Unlock()
	if !has || fault == Fail || fault == Unwritten {
		s.write(m, baud, frame)
		return
	}
	switch fault {
	case Garbage:
		g := make([]byte, len(frame))
		for i := range g {
			g[i] = byte(i*37 + 11)
		}
		s.write(m, baud, g)
	case BadCRC:
		bad := append([]byte(nil), frame...)
		bad[len(bad)-1] ^= 0x5A
		s.write(m, baud, bad)
	case Partial:
		s.write(m, baud, frame[:len(frame)/2])
	case Silent:
	case Unplug:
		s.write(m, baud, frame[:len(frame)/2])
		go s.Unplug()
	}
}
