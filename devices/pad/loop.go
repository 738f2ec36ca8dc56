// Package pad is the presence loop every HF RFID pad driver runs between
// its commands: take an inventory every poll, read each tag that arrived,
// emit one scan for it, and scan it again only after it has left and come
// back. A reader family (feig, m3) gives the loop its protocol: hello,
// inventory and tag read.
package pad

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/rfid"
)

// UID is a tag's UID as a family holds it.
type UID interface {
	comparable
	String() string // upper-case MSB-first hex, as Scan.Tag[devices.TagUID]
}

// Loop is one pad's presence loop: its name and pacing, and its family's
// protocol. Run runs it.
type Loop[U UID] struct {
	Name string        // Scan.Reader, and the start of Run's errors
	Poll time.Duration // how long the line stays quiet between inventories
	Line *Line         // when the line was last used: a write defers the next inventory

	// Hello makes sure the reader is there and ready; an error ends Run.
	Hello func(ctx context.Context) error
	// Inventory lists the tags in the field. complete is false when the
	// reader could not finish the inventory: tags then holds the ones it
	// did list (a FEIG reader lists some, a 3M pad none). The loop takes
	// those as present and counts no tag missing on that round. An error
	// ends Run.
	Inventory func(ctx context.Context) (tags []U, complete bool, err error)
	// ReadTag reads a tag's AFI and its user memory, as far as the
	// library record on it goes (rfid.Complete). An error that is not Lost
	// is a failed read, tried again on the next rounds.
	ReadTag func(ctx context.Context, uid U) (afi byte, mem []byte, err error)
}

// presence is what the loop knows of a tag in the field.
type presence struct {
	misses   int  // complete inventories in a row that did not see it
	scanned  bool // its scan was emitted
	failures int  // reads that failed
}

// Presence thresholds: a tag is gone once leaveAfter complete inventories
// in a row missed it; a tag that cannot be read is reported after
// readFailures tries.
const (
	leaveAfter   = 2
	readFailures = 3
)

// Run takes an inventory every Poll, reads each tag that arrived and emits
// one scan for it; a tag lying on the pad is not scanned again until it
// has left and come back. A tag that cannot be read is reported, once, by
// its UID with devices.TagError saying why. Run returns nil when ctx ends,
// and an error when the port fails or the reader stops answering.
func (l Loop[U]) Run(ctx context.Context, emit func(devices.Scan)) error {
	if err := l.Hello(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("%s: %w", l.Name, err)
	}
	present := map[U]*presence{}
	for {
		if err := l.Line.wait(ctx, l.Poll); err != nil {
			return nil
		}
		tags, complete, err := l.Inventory(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", l.Name, err)
		}
		l.arrived(present, tags, complete)
		for _, uid := range tags {
			p := present[uid]
			if p.scanned {
				continue
			}
			sc, ok, err := l.read(ctx, uid, p)
			if ctx.Err() != nil {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", l.Name, err)
			}
			if ok {
				p.scanned = true
				emit(sc)
			}
		}
	}
}

// arrived updates present with one inventory: the tags it lists are
// present; after a complete one, a tag it missed leaveAfter times in a row
// has left.
func (l Loop[U]) arrived(present map[U]*presence, tags []U, complete bool) {
	seen := make(map[U]bool, len(tags))
	for _, uid := range tags {
		seen[uid] = true
		if p := present[uid]; p != nil {
			p.misses = 0
		} else {
			present[uid] = &presence{}
		}
	}
	if !complete {
		return
	}
	for uid, p := range present {
		if !seen[uid] {
			if p.misses++; p.misses >= leaveAfter {
				delete(present, uid)
			}
		}
	}
}

// read reads a tag that arrived. ok says there is a scan to emit: the tag's,
// or after readFailures failed reads one saying it could not be read. An
// error is one that ends the conversation (Lost).
func (l Loop[U]) read(ctx context.Context, uid U, p *presence) (sc devices.Scan, ok bool, err error) {
	afi, mem, err := l.ReadTag(ctx, uid)
	switch {
	case err == nil:
		return rfid.Scan(uid.String(), afi, mem, l.Name, time.Now()), true, nil
	case Lost(err):
		return sc, false, err
	}
	if p.failures++; p.failures < readFailures {
		return sc, false, nil
	}
	slog.Warn("an RFID tag could not be read", "reader", l.Name, "uid", uid.String(), "err", err)
	return devices.Scan{Kind: devices.RFIDItem, Value: uid.String(), Reader: l.Name, At: time.Now(),
		Tag: map[string]string{devices.TagUID: uid.String(), devices.TagError: "the tag could not be read: " + err.Error()}}, true, nil
}
