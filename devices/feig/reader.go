package feig

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/pad"
	"github.com/circdesk/circdesk/devices/rfid"
	"github.com/circdesk/circdesk/devices/serialport"
)

// Kind is the reader kind this package registers.
const Kind = "feig"

// Defaults are the line settings of FEIG ISC readers' host port: 38400 8E1.
var Defaults = serialport.Settings{Baud: 38400, DataBits: 8, Parity: "E", StopBits: 1}

func init() { devices.Register(Kind, Open) }

// Options tune the driver; Open reads them from devices.Config.Options:
//
//	poll        the pause between inventories ("150ms")
//	timeout     how long the reader may take to start answering ("300ms")
//	retries     tries of a command on a marginal read ("3")
//	afi_retries tries of an AFI write with its read-back ("10")
type Options struct {
	Poll       time.Duration
	Timeout    time.Duration
	Retries    int
	AFIRetries int
}

// DefaultOptions are the options a Config that sets none gets.
var DefaultOptions = Options{Poll: 150 * time.Millisecond, Timeout: 300 * time.Millisecond, Retries: 3, AFIRetries: 10}

// ParseOptions reads cfg.Options over DefaultOptions; a bad option is a
// *devices.ConfigError.
func ParseOptions(cfg devices.Config) (Options, error) {
	o := DefaultOptions
	bad := func(format string, args ...any) (Options, error) {
		return o, &devices.ConfigError{Reader: cfg.Label(), Err: fmt.Errorf(format, args...)}
	}
	for k, v := range cfg.Options {
		switch k {
		case "poll", "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d < 10*time.Millisecond || d > 10*time.Second {
				return bad("%s %q is not a time like \"150ms\" (10ms to 10s)", k, v)
			}
			if k == "poll" {
				o.Poll = d
			} else {
				o.Timeout = d
			}
		case "retries", "afi_retries":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return bad("%s %q is not a number of tries from 1 to 100", k, v)
			}
			if k == "retries" {
				o.Retries = n
			} else {
				o.AFIRetries = n
			}
		default:
			return bad("%q is not an option of a FEIG reader (it has poll, timeout, retries and afi_retries)", k)
		}
	}
	return o, nil
}

// Open opens a FEIG reader on cfg.Port.
func Open(cfg devices.Config) (devices.Reader, error) {
	opt, err := ParseOptions(cfg)
	if err != nil {
		return nil, err
	}
	s, err := serialport.Resolve(cfg, Defaults)
	if err != nil {
		return nil, &devices.ConfigError{Reader: cfg.Label(), Err: err}
	}
	p, err := serialport.Open(cfg, Defaults)
	if err != nil {
		return nil, err
	}
	return New(p, cfg.Label(), s.Baud, opt), nil
}

// Reader is an open FEIG reader. It is a devices.Reader and a
// devices.TagWriter; one command is on the line at a time, whichever
// goroutine sends it.
type Reader struct {
	name string
	opt  Options

	mu    sync.Mutex // one command in flight
	conn  pad.Conn[Frame]
	txBuf int // the reader's send buffer in bytes (Get Reader Info); 0 until known
}

// New makes a Reader on an open port; name is Scan.Reader, baud the line
// speed (for timeouts).
func New(p serialport.Port, name string, baud int, opt Options) *Reader {
	if baud <= 0 {
		baud = Defaults.Baud
	}
	return &Reader{name: name, opt: opt, conn: pad.Conn[Frame]{
		Port: p, Device: "the FEIG reader", NoAnswer: ErrNoAnswer, Baud: baud, Bits: 11, Timeout: opt.Timeout,
		Framing: pad.Framing[Frame]{Parse: Parse, Incomplete: ErrIncomplete, Find: Find, MaxFrame: MaxFrame},
		Retry:   marginal,
	}}
}

// Close releases the port; it never blocks.
func (r *Reader) Close() error { return r.conn.Port.Close() }

// ErrNoAnswer means the reader sent no valid answer to a command, however
// often it was sent.
var ErrNoAnswer = errors.New("the FEIG reader does not answer")

// marginal reports a status worth another try: a marginal read.
func marginal(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Marginal()
}

// do sends req until parse accepts the answer, at most tries times: a
// missing or garbled answer and a marginal status are tried again. The
// caller holds r.mu.
func (r *Reader) do(ctx context.Context, req Frame, tries int, parse func(Frame) error) error {
	return r.conn.Do(ctx, req.Bytes(), func(f Frame) bool { return f.Cmd == req.Cmd }, tries, parse)
}

// hello learns the reader's buffer size, which bounds the blocks one read
// may ask for (a reader without [0x66] still works, with small reads), and
// resets the RF field. A reader that does not answer is not there.
func (r *Reader) hello(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.do(ctx, ReaderInfoRequest(), r.opt.Retries, func(f Frame) error {
		ri, err := ParseReaderInfo(f)
		if err == nil && ri.TXBuf > 0 {
			r.txBuf = ri.TXBuf
		}
		return err
	})
	var se *StatusError
	if err != nil && !errors.As(err, &se) {
		return err
	}
	// Start from a known field: every tag back to Ready (an older reader
	// may not know Get Reader Info, but all know RF Reset).
	err = r.do(ctx, RFResetRequest(), r.opt.Retries, func(f Frame) error { return ParseStatus(f, CmdRFReset, 0) })
	if err != nil && !errors.As(err, &se) {
		return err
	}
	return nil
}

// blocksPerRead is how many blocks of size bytes one read may ask for:
// what fits the reader's send buffer, 128 bytes (CPR, LR200) and a
// standard frame; 8 when the buffer size is unknown.
func (r *Reader) blocksPerRead(size int) int {
	if r.txBuf == 0 {
		return 8
	}
	n := min((r.txBuf-12)/(size+1), 128/size, (MaxStandard-8)/(size+1))
	return max(n, 1)
}

// inventory lists the tags in the field, following 0x94 continuations.
// When the reader could not finish (a *StatusError), complete is false and
// tags are the ones it did list.
func (r *Reader) inventory(ctx context.Context) (tags []UID, complete bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	more := false
	for range 64 {
		var got []InventoryTag
		var m bool
		err := r.do(ctx, InventoryRequest(more), r.opt.Retries, func(f Frame) error {
			var err error
			got, m, err = ParseInventory(f)
			return err
		})
		for _, t := range got {
			tags = append(tags, t.UID)
		}
		var se *StatusError
		if errors.As(err, &se) {
			slog.Debug("FEIG inventory incomplete", "reader", r.name, "err", err)
			return tags, false, nil
		}
		if err != nil {
			return tags, false, err
		}
		if !m {
			return tags, true, nil
		}
		more = true
	}
	return tags, false, errors.New("the FEIG reader keeps saying more tags follow")
}

// systemInfo reads the tag's system information (AFI, memory size).
func (r *Reader) systemInfo(ctx context.Context, uid UID, tries int) (SystemInfo, error) {
	var si SystemInfo
	err := r.do(ctx, SystemInfoRequest(uid), tries, func(f Frame) error {
		var err error
		si, err = ParseSystemInfo(f)
		return err
	})
	return si, err
}

// endOfMemory reports the answers a read past a tag's memory gets.
func endOfMemory(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Status == StatusAddressError || se.Status == StatusISOError && se.ISOError == 0x10)
}

// readTag reads the tag's AFI and its user memory, as far as the library
// record on it goes (rfid.Complete).
func (r *Reader) readTag(ctx context.Context, uid UID) (afi byte, mem []byte, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	si, err := r.systemInfo(ctx, uid, r.opt.Retries)
	if err != nil {
		return 0, nil, err
	}
	size, blocks := si.BlockSize, si.Blocks
	if size == 0 {
		size, blocks = 4, 64 // the tag does not say: read until the memory ends
	}
	per := r.blocksPerRead(size)
	// Most library records fit in the first 36 bytes: read those first,
	// and the rest only when the record goes on.
	lead := max(1, min(per, (firstBytes+size-1)/size))
	for first := 0; first < blocks && first < 256; {
		n := min(per, blocks-first, 256-first)
		if first == 0 {
			n = min(n, lead)
		}
		var b Blocks
		err := r.do(ctx, ReadBlocksRequest(uid, byte(first), byte(n)), r.opt.Retries, func(f Frame) error {
			var err error
			b, err = ParseReadBlocks(f)
			return err
		})
		if endOfMemory(err) && first > 0 {
			break
		}
		if err != nil {
			return 0, nil, err
		}
		mem = append(mem, b.Data...)
		first += n
		if rfid.Complete(mem) {
			break // the record is whole: the rest of the memory is not needed
		}
	}
	return si.AFI, mem, nil
}

// firstBytes is how much of a tag's memory the first read asks for: an
// ISO 28560-3 basic block of 34 bytes, or 3M's 32.
const firstBytes = 36

// Run takes an inventory every Poll, reads each tag that arrived and emits
// one scan for it; a tag lying on the pad is not scanned again until it
// has left and come back (pad.Loop). It returns nil when ctx ends, and an
// error when the port fails or the reader stops answering.
func (r *Reader) Run(ctx context.Context, emit func(devices.Scan)) error {
	return pad.Loop[UID]{Name: r.name, Poll: r.opt.Poll, Line: &r.conn.Line,
		Hello: r.hello, Inventory: r.inventory, ReadTag: r.readTag}.Run(ctx, emit)
}

// WriteAFI sets the AFI of the tag uid and reads it back, trying again
// (AFIRetries in all) while the tag does not take it.
func (r *Reader) WriteAFI(ctx context.Context, uid string, afi byte) error {
	u, err := ParseUID(uid)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var last error
	for range r.opt.AFIRetries {
		werr := r.do(ctx, WriteAFIRequest(u, afi), 1, func(f Frame) error { return ParseStatus(f, CmdISO, ISOWriteAFI) })
		if pad.Lost(werr) {
			return fmt.Errorf("write the AFI of tag %s: %w", uid, werr)
		}
		var se *StatusError
		if errors.As(werr, &se) {
			// The reader says the write failed: no read-back needed.
			last = werr
			if !se.Marginal() {
				break
			}
			continue
		}
		// Written, or the answer was lost: the tag itself tells.
		si, rerr := r.systemInfo(ctx, u, 1)
		switch {
		case rerr == nil && si.AFI == afi:
			return nil
		case pad.Lost(rerr):
			return fmt.Errorf("read back the AFI of tag %s: %w", uid, rerr)
		case rerr == nil:
			last = fmt.Errorf("it still reads %02X", si.AFI)
		case werr != nil:
			last = werr
		default:
			last = rerr
		}
	}
	var se *StatusError
	if errors.As(last, &se) && se.Status == StatusNoTransponder {
		return fmt.Errorf("tag %s is not on the reader: %w", uid, last)
	}
	return fmt.Errorf("tag %s did not take AFI %02X after %d tries: %w", uid, afi, r.opt.AFIRetries, last)
}
