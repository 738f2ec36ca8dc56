package inventory

import (
	"context"
	"log/slog"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// Job scans into a session from every reader of a station (circ.Job):
// begin it with Station.Begin and end it with Station.End. Each scan's
// result goes to Notify, on the station goroutine.
type Job struct {
	Session *Session
	// Clean normalises a scanned code as the station does (check digits,
	// prefixes); nil leaves it as read.
	Clean func(string) string
	// Notify hears each scan's result, the earlier scans it changed, and
	// the progress after it; err is set when the scan was not stored.
	Notify func(sc Scan, changed []Changed, p Progress, err error)
}

var _ circ.Job = (*Job)(nil)

// Scan takes one scan from a reader. Patron cards are not items: ignored.
func (j *Job) Scan(ctx context.Context, sc devices.Scan) {
	if sc.Kind == devices.Card {
		return
	}
	code := sc.Value
	if j.Clean != nil {
		code = j.Clean(code)
	}
	if code == "" {
		return
	}
	res, changed, err := j.Session.Scan(ctx, Read{Item: code, ReaderKind: string(sc.Kind), Reader: sc.Reader})
	if err != nil {
		slog.Error("inventory scan", "inventory", j.Session.info.Name, "err", err)
	}
	if j.Notify != nil {
		j.Notify(res, changed, j.Session.Progress(), err)
	}
}
