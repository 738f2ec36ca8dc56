package devices

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Config is one reader a station uses, as the settings screen and the
// configuration file describe it.
type Config struct {
	Name     string            // shown in the UI and as Scan.Reader; default: Kind on Port
	Kind     string            // a registered kind: "line", "em4100", "feig", "3m", …
	Port     string            // device path (/dev/serial/by-id/…, /dev/ttyUSB0) or COM name
	Baud     int               // 0: the kind's default
	DataBits int               // 0: the kind's default (8)
	Parity   string            // "N", "E" or "O"; "": the kind's default
	StopBits int               // 0: the kind's default (1)
	Options  map[string]string // kind-specific settings (terminator, prefix, AFI values, …)
}

// Label is the reader's name for people: Name, or kind and port.
func (c Config) Label() string {
	if c.Name != "" {
		return c.Name
	}
	return c.Kind + " on " + c.Port
}

// Reader is an open reader.
type Reader interface {
	// Run reads until ctx ends or the device is lost, calling emit for
	// each scan from Run's own goroutine. It returns nil when ctx ended and
	// an error saying what happened when the device failed; the manager
	// then closes it and opens it again.
	Run(ctx context.Context, emit func(Scan)) error
	// Close releases the device. It never blocks on the device.
	Close() error
}

// TagWriter is a reader that can change an item tag's security: an HF
// RFID pad writing the AFI of a tag on it.
type TagWriter interface {
	// WriteAFI sets the AFI of the tag with UID uid (upper-case MSB-first
	// hex), reads it back, and retries on marginal coupling; it fails when
	// the tag would not take it.
	WriteAFI(ctx context.Context, uid string, afi byte) error
}

// Opener opens a reader of one kind.
type Opener func(Config) (Reader, error)

var (
	kindsMu sync.RWMutex
	kinds   = map[string]Opener{}
)

// Register makes a reader kind available, as database/sql drivers do. Each
// reader family registers itself in init; commands import the families
// they ship. Registering a kind twice panics.
func Register(kind string, open Opener) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if _, dup := kinds[kind]; dup {
		panic("devices: reader kind registered twice: " + kind)
	}
	kinds[kind] = open
}

// Open opens the reader cfg describes.
func Open(cfg Config) (Reader, error) {
	kindsMu.RLock()
	open, ok := kinds[cfg.Kind]
	kindsMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%q is not a reader kind this program knows (it knows %v)", cfg.Kind, Kinds())
	}
	return open(cfg)
}

// Kinds lists the registered reader kinds.
func Kinds() []string {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
