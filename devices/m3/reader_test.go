package m3_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/m3"
	"github.com/circdesk/circdesk/devices/rfid"
	"github.com/circdesk/circdesk/devices/serialport"
	"github.com/circdesk/circdesk/devices/sim"
)

// pad is a simulated 3M pad with the real driver running on it.
type pad struct {
	t      *testing.T
	sim    *sim.Sim
	reader devices.Reader
	cancel context.CancelFunc
	done   chan error

	mu    sync.Mutex
	scans []devices.Scan
}

func start(t *testing.T, tags []sim.Tag, setup func(*sim.Sim), options map[string]string) *pad {
	t.Helper()
	s, err := sim.Start("3m", tags)
	if err != nil {
		t.Skipf("no simulated reader: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if setup != nil {
		setup(s)
	}
	opts := map[string]string{"poll": "50ms", "timeout": "150ms"}
	for k, v := range options {
		opts[k] = v
	}
	r, err := devices.Open(devices.Config{Kind: "3m", Port: s.Path(), Name: "pad", Options: opts})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &pad{t: t, sim: s, reader: r, cancel: cancel, done: make(chan error, 1)}
	go func() {
		p.done <- r.Run(ctx, func(sc devices.Scan) {
			p.mu.Lock()
			p.scans = append(p.scans, sc)
			p.mu.Unlock()
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(3 * time.Second):
			t.Error("Run did not return after its context ended")
		}
		r.Close()
	})
	return p
}

func (p *pad) got() []devices.Scan {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]devices.Scan(nil), p.scans...)
}

// waitScans waits until n scans came and returns them.
func (p *pad) waitScans(n int, within time.Duration) []devices.Scan {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if got := p.got(); len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.t.Fatalf("%d scans within %v, want %d: %v", len(p.got()), within, n, values(p.got()))
	return nil
}

func values(scans []devices.Scan) []string {
	var v []string
	for _, s := range scans {
		v = append(v, s.Value)
	}
	return v
}

func uidOf(t *testing.T, tag sim.Tag) string {
	t.Helper()
	u, err := sim.UIDOf(tag)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestScansEachTagOnceWhileItStays(t *testing.T) {
	tags := []sim.Tag{
		{Item: "31234000123453", Owner: "US-NcCM"},
		{Item: "31234000123461", Model: rfid.ISO28560_2, Owner: "US-NcCM"},
		{Item: "31234000123479", Model: rfid.RFID501},
		{Item: "31234000123487", Parts: 3, Part: 2},
	}
	p := start(t, tags, nil, nil)
	scans := p.waitScans(4, 5*time.Second)
	byItem := map[string]devices.Scan{}
	for _, sc := range scans {
		byItem[sc.Value] = sc
	}
	for _, tag := range tags {
		sc, ok := byItem[tag.Item]
		if !ok {
			t.Fatalf("no scan of %s: %v", tag.Item, values(scans))
		}
		if sc.Kind != devices.RFIDItem || sc.Reader != "pad" || sc.Tag[devices.TagError] != "" {
			t.Errorf("%s: %+v", tag.Item, sc)
		}
		if sc.Tag[devices.TagUID] != uidOf(t, tag) || sc.Tag[devices.TagAFI] != "07" || sc.Tag[devices.TagItemID] != tag.Item {
			t.Errorf("%s: tag fields %v", tag.Item, sc.Tag)
		}
	}
	if f := byItem["31234000123487"].Tag; f[devices.TagPartsInSet] != "3" || f[devices.TagPartNumber] != "2" {
		t.Errorf("part 2 of 3: %v", f)
	}
	if m := byItem["31234000123479"].Tag[devices.TagModel]; m != string(rfid.RFID501) {
		t.Errorf("3M tag model %q", m)
	}

	// Lying on the pad through many inventories: no second scan.
	before := p.sim.Count(sim.Inventory)
	for p.sim.Count(sim.Inventory) < before+5 {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(p.got()); n != 4 {
		t.Fatalf("%d scans after the tags lay still, want 4: %v", n, values(p.got()))
	}

	// Lifted and put back: scanned again, the others not.
	p.sim.Lift(uidOf(t, tags[0]))
	before = p.sim.Count(sim.Inventory)
	for p.sim.Count(sim.Inventory) < before+4 {
		time.Sleep(20 * time.Millisecond)
	}
	if err := p.sim.Place(tags[0]); err != nil {
		t.Fatal(err)
	}
	scans = p.waitScans(5, 3*time.Second)
	if scans[4].Value != tags[0].Item {
		t.Errorf("scan after the tag came back: %v", values(scans))
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(p.got()); n != 5 {
		t.Errorf("%d scans, want 5: %v", n, values(p.got()))
	}
}

func stack(n int) []sim.Tag {
	tags := make([]sim.Tag, n)
	for i := range tags {
		tags[i] = sim.Tag{Item: "3123400" + strings.Repeat("0", 5) + string(rune('A'+i/26)) + string(rune('a'+i%26)), Owner: "US-NcCM"}
	}
	return tags
}

func writer(t *testing.T, p *pad) devices.TagWriter {
	w, ok := p.reader.(devices.TagWriter)
	if !ok {
		t.Fatal("the 3M pad is not a TagWriter")
	}
	return w
}

func TestWriteAFI(t *testing.T) {
	tag := sim.Tag{Item: "31234000123453"}
	uid := uidOf(t, tag)
	p := start(t, []sim.Tag{tag}, nil, map[string]string{"afi_retries": "4"})
	p.waitScans(1, 3*time.Second)
	w := writer(t, p)
	ctx := context.Background()

	if err := w.WriteAFI(ctx, uid, rfid.AFIOnLoan); err != nil {
		t.Fatalf("write C2: %v", err)
	}
	if afi, _ := p.sim.AFI(uid); afi != rfid.AFIOnLoan {
		t.Fatalf("tag AFI %02X after the write, want C2", afi)
	}

	// Two write errors (marginal coupling), then it takes.
	p.sim.Inject(sim.WriteAFI, sim.Fail, 2)
	if err := w.WriteAFI(ctx, uid, rfid.AFIInStock); err != nil {
		t.Fatalf("write after two failures: %v", err)
	}
	// The reader says done but the tag did not change: the read-back shows it.
	p.sim.Inject(sim.WriteAFI, sim.Unwritten, 1)
	reads := p.sim.Count(sim.ReadAFI)
	if err := w.WriteAFI(ctx, uid, rfid.AFIOnLoan); err != nil {
		t.Fatalf("write after one that did not take: %v", err)
	}
	if afi, _ := p.sim.AFI(uid); afi != rfid.AFIOnLoan || p.sim.Count(sim.ReadAFI) < reads+2 {
		t.Fatalf("AFI %02X after %d read-backs", afi, p.sim.Count(sim.ReadAFI)-reads)
	}
	// The answer is lost but the tag took it: the read-back says so.
	p.sim.Inject(sim.WriteAFI, sim.Garbage, 1)
	if err := w.WriteAFI(ctx, uid, rfid.AFIInStock); err != nil {
		t.Fatalf("write whose answer was lost: %v", err)
	}

	// It never takes: reported after afi_retries tries, the tag unchanged.
	writes := p.sim.Count(sim.WriteAFI)
	p.sim.Inject(sim.WriteAFI, sim.Fail, 100)
	err := w.WriteAFI(ctx, uid, rfid.AFIOnLoan)
	if err == nil || !strings.Contains(err.Error(), "did not take") {
		t.Fatalf("write that never takes: %v", err)
	}
	if n := p.sim.Count(sim.WriteAFI) - writes; n != 4 {
		t.Errorf("%d write tries, want 4", n)
	}
	if afi, _ := p.sim.AFI(uid); afi != rfid.AFIInStock {
		t.Errorf("tag AFI %02X, want it unchanged (07)", afi)
	}
	p.sim.ClearFaults()

	if err := w.WriteAFI(ctx, "E004019999999999", rfid.AFIOnLoan); err == nil || !strings.Contains(err.Error(), "did not take") {
		t.Errorf("write to a tag not on the pad: %v", err)
	}
	if err := w.WriteAFI(ctx, "nonsense", rfid.AFIOnLoan); err == nil {
		t.Error("write to a malformed UID succeeded")
	}
	if len(p.got()) != 1 {
		t.Errorf("AFI writes made scans: %v", values(p.got()))
	}
}

func TestBadTagData(t *testing.T) {
	good, err := rfid.EncodeISO28560_3(rfid.Data{ItemID: "11223344", PartsInSet: 1, PartNumber: 1, TypeOfUsage: 1, Owner: "DE-705"}, 32)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), good...)
	corrupt[10] ^= 0x01
	tags := []sim.Tag{
		{UID: "E004010000000001", Memory: corrupt},
		{UID: "E004010000000002", Memory: make([]byte, 32)},
		{UID: "E004010000000003", Memory: []byte("\x5a\x17 a vendor's own layout, no ISO")},
	}
	p := start(t, tags, nil, nil)
	scans := p.waitScans(3, 5*time.Second)
	for _, sc := range scans {
		if sc.Tag[devices.TagError] == "" || sc.Value != sc.Tag[devices.TagUID] || sc.Kind != devices.RFIDItem {
			t.Errorf("tag %s: value %q, tag %v; want the UID and an error", sc.Tag[devices.TagUID], sc.Value, sc.Tag)
		}
	}
}

func TestMarginalReadsAndNoise(t *testing.T) {
	tags := stack(3)
	p := start(t, tags, func(s *sim.Sim) {
		// Two bad answers in a row are tried again; a third would end Run.
		s.Inject(sim.Inventory, sim.Garbage, 1)
		s.Inject(sim.Inventory, sim.BadCRC, 1)
		s.Inject(sim.Read, sim.Fail, 2)
		s.Inject(sim.ReadAFI, sim.BadCRC, 1)
		s.Inject(sim.ReadAFI, sim.Partial, 1)
	}, nil)
	p.waitScans(3, 6*time.Second)
	time.Sleep(400 * time.Millisecond)
	got := p.got()
	if len(got) != 3 {
		t.Fatalf("%d scans, want 3: %v", len(got), values(got))
	}
	for _, sc := range got {
		if sc.Tag[devices.TagError] != "" {
			t.Errorf("%s: %v", sc.Value, sc.Tag)
		}
	}
	// Noise between commands does not make a tag appear or vanish.
	p.sim.Send([]byte{0x13, 0x00, 0xB0, 0x00, 0x01, 0x02, 0xFF})
	time.Sleep(300 * time.Millisecond)
	if n := len(p.got()); n != 3 {
		t.Errorf("%d scans after line noise", n)
	}
}

func TestReaderThatNeverAnswers(t *testing.T) {
	p := start(t, stack(1), func(s *sim.Sim) { s.Inject(sim.AnyOp, sim.Silent, 1000) }, nil)
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		if !errors.Is(err, m3.ErrNoAnswer) {
			t.Errorf("Run: %v, want ErrNoAnswer", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run went on with a reader that never answers")
	}
	if len(p.got()) != 0 {
		t.Errorf("scans from a silent reader: %v", values(p.got()))
	}
}

func TestUnplugMidFrame(t *testing.T) {
	p := start(t, stack(2), nil, nil)
	p.waitScans(2, 3*time.Second)
	p.sim.Inject(sim.Inventory, sim.Unplug, 1)
	select {
	case err := <-p.done:
		p.done <- err
		if !errors.Is(err, serialport.ErrDisconnected) {
			t.Errorf("Run: %v, want a disconnect", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run went on after the reader was unplugged")
	}
	if n := len(p.got()); n != 2 {
		t.Errorf("%d scans, want the 2 from before the unplug", n)
	}
}

func TestOptions(t *testing.T) {
	for _, opts := range []map[string]string{{"poll": "fast"}, {"retries": "0"}, {"colour": "red"}} {
		_, err := devices.Open(devices.Config{Kind: "3m", Port: "/dev/null", Options: opts})
		var ce *devices.ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("options %v: %v, want a ConfigError", opts, err)
		}
	}
}

func TestDataLongerThanEightBlocks(t *testing.T) {
	mem, err := rfid.EncodeISO28560_2(rfid.Data{ItemID: "31234000123453", Owner: "US-NcCM", TypeOfUsage: 1,
		PartsInSet: 1, PartNumber: 1, ShelfLocation: "J FIC ROWLING Harry Potter and the Philosopher's Stone"})
	if err != nil {
		t.Fatal(err)
	}
	if len(mem) <= 32 {
		t.Fatalf("test data of %d bytes fits 8 blocks", len(mem))
	}
	p := start(t, []sim.Tag{{UID: "E004010000000042", Memory: mem}}, nil, nil)
	sc := p.waitScans(1, 3*time.Second)[0]
	if sc.Value != "31234000123453" || sc.Tag[devices.TagError] != "" || sc.Tag[devices.TagOwner] != "US-NcCM" {
		t.Errorf("scan of a long ISO 28560-2 tag: %q %v", sc.Value, sc.Tag)
	}
	if n := p.sim.Count(sim.Read); n < 2 {
		t.Errorf("%d reads for %d bytes of data", n, len(mem))
	}
}
