package m3

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
const Kind = "3m"

// Defaults are the pads' line settings: 19200 8N1.
var Defaults = serialport.Settings{Baud: 19200, DataBits: 8, Parity: "N", StopBits: 1}

func init() { devices.Register(Kind, Open) }

// Options tune the driver; Open reads them from devices.Config.Options:
//
//	poll        the pause between inventories ("150ms")
//	timeout     how long the pad may take to start answering ("300ms")
//	retries     tries of a command on a marginal read ("3")
//	afi_retries tries of an AFI write with its read-back ("10")
//	blocks      the most 4-byte blocks read from a tag ("28"); reading
//	            stops earlier, 8 blocks at a time, once the record is whole
type Options struct {
	Poll       time.Duration
	Timeout    time.Duration
	Retries    int
	AFIRetries int
	Blocks     int
}

// DefaultOptions are the options a Config that sets none gets.
var DefaultOptions = Options{Poll: 150 * time.Millisecond, Timeout: 300 * time.Millisecond, Retries: 3, AFIRetries: 10, Blocks: 28}

// blocksPerRead is what one read asks for (Biblio-RFID's tested 8).
const blocksPerRead = 8

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
		case "retries", "afi_retries", "blocks":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 && k != "blocks" || n > 256 {
				return bad("%s %q is not a number from 1 to 100 (blocks: to 256)", k, v)
			}
			switch k {
			case "retries":
				o.Retries = n
			case "afi_retries":
				o.AFIRetries = n
			default:
				o.Blocks = n
			}
		default:
			return bad("%q is not an option of a 3M pad (it has poll, timeout, retries, afi_retries and blocks)", k)
		}
	}
	return o, nil
}

// Open opens a 3M pad on cfg.Port.
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

// Reader is an open 3M pad. It is a devices.Reader and a
// devices.TagWriter; one command is on the line at a time (the pad ignores
// a command while it is busy).
type Reader struct {
	name string
	opt  Options

	mu      sync.Mutex // one command in flight
	conn    pad.Conn[Frame]
	version string // the pad's hardware version, once probed
}

// New makes a Reader on an open port; name is Scan.Reader, baud the line
// speed (for timeouts).
func New(p serialport.Port, name string, baud int, opt Options) *Reader {
	if baud <= 0 {
		baud = Defaults.Baud
	}
	return &Reader{name: name, opt: opt, conn: pad.Conn[Frame]{
		Port: p, Device: "the 3M pad", NoAnswer: ErrNoAnswer, Baud: baud, Bits: 10, Timeout: opt.Timeout,
		Framing: pad.Framing[Frame]{Parse: Parse, Incomplete: ErrIncomplete, Find: Find, MaxFrame: MaxFrame},
		Retry:   failed,
	}}
}

// Close releases the port; it never blocks.
func (r *Reader) Close() error { return r.conn.Port.Close() }

// ErrNoAnswer means the pad sent no valid answer to a command, however
// often it was sent.
var ErrNoAnswer = errors.New("the 3M pad does not answer")

// failed reports a failure the pad reports (status 06): worth another try.
func failed(err error) bool {
	var se *StatusError
	return errors.As(err, &se)
}

// answers reports whether f is the pad's answer to req.
func answers(f, req Frame) bool {
	return (f.Head == StartProbe) == (req.Head == StartProbe) && f.Cmd() == req.Cmd()
}

// do sends req until parse accepts the answer, at most tries times; every
// failure the pad reports (status 06) is worth another try. The caller
// holds r.mu.
func (r *Reader) do(ctx context.Context, req Frame, tries int, parse func(Frame) error) error {
	return r.conn.Do(ctx, req.Bytes(), func(f Frame) bool { return answers(f, req) }, tries, parse)
}

// hello probes the pad for its hardware version: a pad that does not
// answer is not there.
func (r *Reader) hello(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.do(ctx, ProbeRequest(), r.opt.Retries, func(f Frame) error {
		v, err := ParseProbe(f)
		if err == nil && r.version != v {
			r.version = v
			slog.Info("3M pad found", "reader", r.name, "hardware", v)
		}
		return err
	})
}

// inventory lists the tags on the pad. When the pad could not finish
// (status 06, a *StatusError) complete is false: it lists no tags then.
func (r *Reader) inventory(ctx context.Context) (uids []UID, complete bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err = r.do(ctx, InventoryRequest(), r.opt.Retries, func(f Frame) error {
		var err error
		uids, err = ParseInventory(f)
		return err
	})
	var se *StatusError
	if errors.As(err, &se) {
		return nil, false, nil
	}
	return uids, err == nil, err
}

func (r *Reader) readAFI(ctx context.Context, uid UID, tries int) (byte, error) {
	var afi byte
	err := r.do(ctx, ReadAFIRequest(uid), tries, func(f Frame) error {
		u, a, err := ParseReadAFI(f)
		if err == nil && u != uid {
			return fmt.Errorf("m3: AFI of tag %s in answer to a read of %s", u, uid)
		}
		afi = a
		return err
	})
	return afi, err
}

// readTag reads the tag's AFI and as much of its memory as its data needs:
// 8 blocks at a time until the record is whole (rfid.Complete) or the tag
// is blank, Blocks at most.
func (r *Reader) readTag(ctx context.Context, uid UID) (afi byte, mem []byte, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if afi, err = r.readAFI(ctx, uid, r.opt.Retries); err != nil {
		return 0, nil, err
	}
	for first := 0; first < r.opt.Blocks; first += blocksPerRead {
		n := min(blocksPerRead, r.opt.Blocks-first)
		var blocks []Block
		err := r.do(ctx, ReadBlocksRequest(uid, byte(first), byte(n)), r.opt.Retries, func(f Frame) error {
			u, b, err := ParseReadBlocks(f)
			if err == nil && u != uid {
				return fmt.Errorf("m3: blocks of tag %s in answer to a read of %s", u, uid)
			}
			blocks = b
			return err
		})
		if err != nil {
			if first > 0 {
				break // past the end of a small tag
			}
			return 0, nil, err
		}
		chunk := make([]byte, n*4)
		for _, b := range blocks {
			if i := b.N - first; i >= 0 && i < n {
				copy(chunk[i*4:], b.Data[:])
			}
		}
		mem = append(mem, chunk...)
		if rfid.Complete(mem) {
			break
		}
		if _, derr := rfid.Decode(mem); errors.Is(derr, rfid.ErrBlank) {
			break
		}
	}
	return afi, mem, nil
}

// Run takes an inventory every Poll, reads each tag that arrived and emits
// one scan for it; a tag lying on the pad is not scanned again until it
// has left and come back (pad.Loop). It returns nil when ctx ends, and an
// error when the port fails or the pad stops answering.
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
		werr := r.do(ctx, WriteAFIRequest(u, afi), 1, func(f Frame) error {
			_, err := ParseWriteAFI(f)
			return err
		})
		if pad.Lost(werr) {
			return fmt.Errorf("write the AFI of tag %s: %w", uid, werr)
		}
		var se *StatusError
		if errors.As(werr, &se) {
			last = werr // 09 06: not written
			continue
		}
		got, rerr := r.readAFI(ctx, u, 1)
		switch {
		case rerr == nil && got == afi:
			return nil
		case pad.Lost(rerr):
			return fmt.Errorf("read back the AFI of tag %s: %w", uid, rerr)
		case rerr == nil:
			last = fmt.Errorf("it still reads %02X", got)
		case werr != nil:
			last = werr
		default:
			last = rerr
		}
	}
	return fmt.Errorf("tag %s did not take AFI %02X after %d tries (is it on the pad?): %w", uid, afi, r.opt.AFIRetries, last)
}
