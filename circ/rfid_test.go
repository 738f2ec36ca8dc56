package circ_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// fakeGate stands in for the RFID pads' AFI writes; it remembers each
// tag's AFI and can refuse some tags.
type fakeGate struct {
	mu     sync.Mutex
	afi    map[string]byte
	refuse map[string]bool
}

func (g *fakeGate) WriteAFI(_ context.Context, uid string, afi byte) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refuse[uid] {
		return errors.New("the tag did not take the AFI")
	}
	g.afi[uid] = afi
	return nil
}

func (g *fakeGate) get(uid string) byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.afi[uid]
}

func rfidStation(t *testing.T, mode circ.Mode, policy circ.PartsPolicy) (*circ.Station, *fakeGate, *fakeClock, *circ.Desk) {
	t.Helper()
	_, desk, clock := openFixture(t)
	gate := &fakeGate{afi: map[string]byte{}, refuse: map[string]bool{}}
	st := circ.NewStation(desk, circ.StationConfig{Mode: mode, Security: gate, Parts: policy}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go st.Run(ctx)
	return st, gate, clock, desk
}

// tag is a scan from an RFID pad of part part/parts of item.
func tag(item string, part, parts int) devices.Scan {
	return devices.Scan{Kind: devices.RFIDItem, Value: item, Reader: "pad", Tag: map[string]string{
		devices.TagUID: fmt.Sprintf("E0040100%02d%s", part, item[len(item)-6:]), devices.TagItemID: item,
		devices.TagPartNumber: fmt.Sprint(part), devices.TagPartsInSet: fmt.Sprint(parts),
	}}
}

func scanTag(t *testing.T, st *circ.Station, sc devices.Scan) circ.State {
	t.Helper()
	s, err := st.Scan(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRFIDSecurity(t *testing.T) {
	ctx := context.Background()
	st, gate, clock, desk := rfidStation(t, circ.ModeCheckout, "")
	scan(t, st, maya)
	book := tag(free1, 1, 1)
	s := scanTag(t, st, book)
	if s.Last == nil || !s.Last.OK || s.Last.Warning != "" {
		t.Fatalf("RFID checkout: %+v", s.Last)
	}
	if afi := gate.get(book.Tag[devices.TagUID]); afi != 0xC2 {
		t.Errorf("after checkout the tag's AFI is %#x, want the on-loan 0xC2", afi)
	}
	// A tag that will not take the AFI: the book still goes out, and the
	// child is told to take it to the desk.
	other := tag(free2, 1, 1)
	gate.refuse[other.Tag[devices.TagUID]] = true
	clock.Add(time.Second)
	s = scanTag(t, st, other)
	if s.Last == nil || !s.Last.OK || s.Last.Warning != circ.CodeSecurityNotCleared {
		t.Fatalf("a tag that refuses its AFI: %+v, want checked out with security_not_cleared", s.Last)
	}
	rows, _ := desk.Store.Journal(ctx, circ.JournalFilter{})
	last := rows[len(rows)-1]
	if last.Action != circ.SecurityAlert || last.Item != free2 || last.Code != circ.CodeSecurityNotCleared || last.Sync != circ.LocalOnly {
		t.Errorf("the failed write is not journaled as a desk alert: %+v", last)
	}
}

func TestRFIDReturnSecuresTag(t *testing.T) {
	st, gate, _, _ := rfidStation(t, circ.ModeCheckin, "")
	book := tag(samsBook, 1, 1)
	if s := scanTag(t, st, book); s.Last == nil || s.Last.Code != circ.CodeReturned {
		t.Fatalf("RFID return: %+v", s.Last)
	}
	if afi := gate.get(book.Tag[devices.TagUID]); afi != 0x07 {
		t.Errorf("after check-in the tag's AFI is %#x, want the in-stock 0x07", afi)
	}
}

func TestSetWaitsForEveryPart(t *testing.T) {
	st, gate, clock, desk := rfidStation(t, circ.ModeCheckout, circ.PartsWait)
	scan(t, st, maya)
	for part := 1; part <= 2; part++ {
		clock.Add(time.Second)
		s := scanTag(t, st, tag(kit, part, 3))
		if s.Last == nil || s.Last.Code != circ.CodeWaitingForParts || s.Last.Parts.Seen != part || s.Last.Parts.Total != 3 || len(s.Books) != 0 {
			t.Fatalf("part %d of 3: %+v, want waiting with %d of 3 seen", part, s.Last, part)
		}
	}
	clock.Add(time.Second)
	s := scanTag(t, st, tag(kit, 3, 3))
	if s.Last == nil || !s.Last.OK || s.Last.Code != circ.CodeCheckedOut || len(s.Books) != 1 || len(s.Last.Parts.Missing) != 0 {
		t.Fatalf("all three parts: %+v", s.Last)
	}
	for part := 1; part <= 3; part++ {
		if afi := gate.get(tag(kit, part, 3).Tag[devices.TagUID]); afi != 0xC2 {
			t.Errorf("part %d AFI %#x, want 0xC2", part, afi)
		}
	}
	rows, _ := desk.Store.Journal(context.Background(), circ.JournalFilter{})
	if len(rows) != 1 {
		t.Errorf("%d journal rows for one set, want 1", len(rows))
	}
}

func TestSetAllowedWithPartsMissing(t *testing.T) {
	st, gate, clock, desk := rfidStation(t, circ.ModeCheckout, circ.PartsAllow)
	scan(t, st, maya)
	clock.Add(time.Second)
	s := scanTag(t, st, tag(kit, 2, 3))
	if s.Last == nil || !s.Last.OK || s.Last.Warning != circ.CodePartsMissing || !slices.Equal(s.Last.Parts.Missing, []int{1, 3}) {
		t.Fatalf("one part of three, policy allow: %+v, want out with parts 1 and 3 named missing", s.Last)
	}
	// The missing parts turn up: they are secured too, with no second
	// loan, and the banner stops saying they are missing.
	clock.Add(time.Second)
	scanTag(t, st, tag(kit, 1, 3))
	clock.Add(time.Second)
	late := tag(kit, 3, 3)
	s = scanTag(t, st, late)
	if s.Last == nil || s.Last.Warning != "" || len(s.Last.Parts.Missing) != 0 || s.Books[0].Parts.Seen != 3 {
		t.Errorf("after every part arrived: %+v, want no parts missing", s.Last)
	}
	if afi := gate.get(late.Tag[devices.TagUID]); afi != 0xC2 {
		t.Errorf("the late part's AFI %#x, want 0xC2", afi)
	}
	rows, _ := desk.Store.Journal(context.Background(), circ.JournalFilter{})
	if len(rows) != 1 {
		t.Errorf("%d journal rows, want the one checkout", len(rows))
	}
}

func TestSetReturnedOnce(t *testing.T) {
	ctx := context.Background()
	st, gate, clock, desk := rfidStation(t, circ.ModeCheckout, circ.PartsAllow)
	scan(t, st, maya)
	scanTag(t, st, tag(kit, 1, 3))
	st.SetMode(ctx, circ.ModeCheckin)
	for part := 1; part <= 3; part++ {
		clock.Add(3 * time.Second)
		scanTag(t, st, tag(kit, part, 3))
		if afi := gate.get(tag(kit, part, 3).Tag[devices.TagUID]); afi != 0x07 {
			t.Errorf("returned part %d AFI %#x, want 0x07", part, afi)
		}
	}
	rows, _ := desk.Store.Journal(ctx, circ.JournalFilter{})
	checkins := 0
	for _, r := range rows {
		if r.Action == circ.Checkin {
			checkins++
		}
	}
	if checkins != 1 {
		t.Errorf("%d check-ins for one set, want 1", checkins)
	}
}

func TestUnsupportedTag(t *testing.T) {
	st, _, _, _ := rfidStation(t, circ.ModeCheckout, "")
	scan(t, st, maya)
	sc := tag(free1, 1, 1)
	sc.Tag[devices.TagError] = "unsupported tag data: blank tag"
	if s := scanTag(t, st, sc); s.Last == nil || s.Last.Code != circ.CodeUnsupportedTag {
		t.Errorf("a blank tag: %+v, want unsupported_tag", s.Last)
	}
}
