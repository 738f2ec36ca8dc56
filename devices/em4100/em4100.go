// Package em4100 is the driver for 125 kHz EM4100 ID-card readers that send
// frames over a serial line: RDM6300/RDM630 modules and ID Innovations
// ID-12/ID-20 in ASCII mode. It registers the reader kind "em4100".
//
// A scan's Value is the card's 10 hex digits, upper case, as the module sends
// them; Tag carries them again (devices.CardHex) with the 10-digit decimal
// (devices.CardDecimal) and the Wiegand-style facility,card
// (devices.CardFacilityCard) renderings, so a patron can be matched on the
// number printed on the card whichever one it is.
//
// The modules repeat the frame for as long as a card lies on them; the
// driver reports a card once and again only after it has been away for
// RepeatWindow. The default line settings are 9600 8N1.
package em4100

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/serialport"
)

// Kind is the reader kind this package registers.
const Kind = "em4100"

// Defaults are the modules' fixed line settings.
var Defaults = serialport.Settings{Baud: 9600, DataBits: 8, Parity: "N", StopBits: 1}

// RepeatWindow is how long a card must go unseen before the same card
// counts as a new scan.
const RepeatWindow = 1500 * time.Millisecond

func init() { devices.Register(Kind, Open) }

// Open opens an EM4100 reader on cfg.Port. The kind has no options.
func Open(cfg devices.Config) (devices.Reader, error) {
	for k := range cfg.Options {
		return nil, &devices.ConfigError{Reader: cfg.Label(), Err: fmt.Errorf("%q is not an option of an EM4100 card reader (it has none)", k)}
	}
	p, err := serialport.Open(cfg, Defaults)
	if err != nil {
		return nil, err
	}
	return &reader{label: cfg.Label(), port: p}, nil
}

type reader struct {
	label  string
	port   serialport.Port
	framer Framer
	repeat Repeats
}

// Run reads cards until ctx ends or the port fails.
func (r *reader) Run(ctx context.Context, emit func(devices.Scan)) error {
	buf := make([]byte, 256)
	for ctx.Err() == nil {
		n, err := r.port.Read(buf)
		if errors.Is(err, serialport.ErrTimeout) {
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		now := time.Now()
		for _, c := range r.framer.Feed(buf[:n]) {
			if r.repeat.Seen(c.ID, now) {
				continue
			}
			emit(Scan(c, r.label, now))
		}
	}
	return nil
}

// Close releases the port; it never blocks.
func (r *reader) Close() error { return r.port.Close() }

// Scan is the scan a card makes.
func Scan(c Card, reader string, at time.Time) devices.Scan {
	h := c.Hex()
	return devices.Scan{
		Kind:   devices.Card,
		Value:  h,
		Raw:    c.Raw,
		Reader: reader,
		At:     at,
		Tag: map[string]string{
			devices.CardHex:          h,
			devices.CardDecimal:      c.Decimal(),
			devices.CardFacilityCard: c.FacilityCard(),
		},
	}
}

// Repeats tells a card still lying on the reader from a new scan. The zero
// value is ready; it is not safe for concurrent use.
type Repeats struct {
	last   [5]byte
	seenAt time.Time
	any    bool
}

// Seen records card id read at at and reports whether it is a repeat: the
// same card as the last one, read less than RepeatWindow after it was last
// read. A card held on the reader therefore scans once, however long.
func (r *Repeats) Seen(id [5]byte, at time.Time) bool {
	repeat := r.any && id == r.last && at.Sub(r.seenAt) < RepeatWindow && !at.Before(r.seenAt)
	r.last, r.seenAt, r.any = id, at, true
	return repeat
}
