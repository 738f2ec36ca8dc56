package pad

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/serialport"
)

type uid string

func (u uid) String() string { return string(u) }

// round is one inventory a scripted pad answers.
type round struct {
	tags     []uid
	complete bool
}

// script runs the loop over rounds, then ends it; it returns the UIDs
// scanned, in order, and what Run returned. readErr fails the reads of a
// tag.
func script(t *testing.T, rounds []round, readErr map[uid]error) ([]string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	next := 0
	var scanned []string
	err := Loop[uid]{
		Name:  "pad",
		Line:  &Line{},
		Hello: func(context.Context) error { return nil },
		Inventory: func(context.Context) ([]uid, bool, error) {
			if next == len(rounds) {
				cancel()
				return nil, false, ctx.Err()
			}
			r := rounds[next]
			next++
			return r.tags, r.complete, nil
		},
		ReadTag: func(_ context.Context, u uid) (byte, []byte, error) {
			return 0x07, nil, readErr[u]
		},
	}.Run(ctx, func(sc devices.Scan) { scanned = append(scanned, sc.Tag[devices.TagUID]) })
	return scanned, err
}

func TestALeavingTagIsScannedAgainWhenItComesBack(t *testing.T) {
	got, err := script(t, []round{
		{[]uid{"A"}, true},
		{[]uid{"A"}, true},
		{nil, true}, // missed once: maybe a bad read of the field
		{[]uid{"A"}, true},
		{nil, true},
		{nil, true}, // missed twice in a row: it left
		{[]uid{"A"}, true},
	}, nil)
	if err != nil || !slices.Equal(got, []string{"A", "A"}) {
		t.Errorf("scans %v, Run %v; want A when it came and when it came back", got, err)
	}
}

// An incomplete inventory (a FEIG reader's partial answer, a 3M pad's
// failed one) counts no tag missing: a tag on the pad through many of them
// is scanned once; the tags it did list are read.
func TestAnIncompleteInventoryMissesNoTag(t *testing.T) {
	got, err := script(t, []round{
		{[]uid{"A"}, true},
		{nil, false},
		{nil, false},
		{[]uid{"B"}, false},
		{[]uid{"A", "B"}, true},
	}, nil)
	if err != nil || !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("scans %v, Run %v; want A once and B", got, err)
	}
}

func TestATagThatCannotBeReadIsReportedOnce(t *testing.T) {
	bad := errors.New("no answer")
	got, err := script(t, []round{
		{[]uid{"A", "B"}, true},
		{[]uid{"A", "B"}, true},
		{[]uid{"A", "B"}, true}, // the third failed read: reported
		{[]uid{"A", "B"}, true},
	}, map[uid]error{"A": bad})
	if err != nil || !slices.Equal(got, []string{"B", "A"}) {
		t.Errorf("scans %v, Run %v; want B, then A after its third failed read", got, err)
	}
}

func TestALostPortEndsRun(t *testing.T) {
	lost := fmt.Errorf("read blocks: %w", serialport.ErrDisconnected)
	_, err := script(t, []round{{[]uid{"A"}, true}}, map[uid]error{"A": lost})
	if !errors.Is(err, serialport.ErrDisconnected) || !strings.HasPrefix(err.Error(), "pad: ") {
		t.Errorf("Run: %v, want the disconnect, named", err)
	}
}
