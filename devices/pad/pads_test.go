package pad_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/feig"
	"github.com/circdesk/circdesk/devices/m3"
	"github.com/circdesk/circdesk/devices/rfid"
	"github.com/circdesk/circdesk/devices/serialport"
	"github.com/circdesk/circdesk/devices/sim"
	"github.com/circdesk/circdesk/devices/sim/simtest"
)

// The pad families, each run on its simulated reader over a real
// pseudo-terminal: every test below holds for both.
var families = []struct {
	kind     string
	noAnswer error  // what Run ends with when the reader never answers
	notOnPad string // what a write to a tag that is not on the pad says
}{
	{"feig", feig.ErrNoAnswer, "not on the reader"},
	{"3m", m3.ErrNoAnswer, "did not take"},
}

func eachFamily(t *testing.T, test func(t *testing.T, kind string)) {
	for _, f := range families {
		t.Run(f.kind, func(t *testing.T) { test(t, f.kind) })
	}
}

var values = simtest.Values

func TestScansEachTagOnceWhileItStays(t *testing.T) {
	eachFamily(t, func(t *testing.T, kind string) {
		tags := []sim.Tag{
			{Item: "31234000123453", Owner: "US-NcCM"},
			{Item: "31234000123461", Model: rfid.ISO28560_2, Owner: "US-NcCM"},
			{Item: "31234000123479", Model: rfid.RFID501},
			{Item: "31234000123487", Parts: 3, Part: 2},
		}
		p := simtest.Start(t, kind, tags, nil, nil)
		scans := p.WaitScans(4, 5*time.Second)
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
			if sc.Tag[devices.TagUID] != simtest.UIDOf(t, tag) || sc.Tag[devices.TagAFI] != "07" || sc.Tag[devices.TagItemID] != tag.Item {
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
		if got := p.Rounds(5); len(got) != 4 {
			t.Fatalf("%d scans after the tags lay still, want 4: %v", len(got), values(got))
		}

		// Lifted and put back: scanned again, the others not.
		p.Sim.Lift(simtest.UIDOf(t, tags[0]))
		p.Rounds(4)
		if err := p.Sim.Place(tags[0]); err != nil {
			t.Fatal(err)
		}
		scans = p.WaitScans(5, 3*time.Second)
		if scans[4].Value != tags[0].Item {
			t.Errorf("scan after the tag came back: %v", values(scans))
		}
		if got := p.Rounds(5); len(got) != 5 {
			t.Errorf("%d scans, want 5: %v", len(got), values(got))
		}
	})
}

func TestWriteAFI(t *testing.T) {
	for _, f := range families {
		t.Run(f.kind, func(t *testing.T) {
			tag := sim.Tag{Item: "31234000123453"}
			uid := simtest.UIDOf(t, tag)
			p := simtest.Start(t, f.kind, []sim.Tag{tag}, nil, map[string]string{"afi_retries": "4"})
			p.WaitScans(1, 3*time.Second)
			w := p.Writer()
			ctx := context.Background()

			if err := w.WriteAFI(ctx, uid, rfid.AFIOnLoan); err != nil {
				t.Fatalf("write C2: %v", err)
			}
			if afi, _ := p.Sim.AFI(uid); afi != rfid.AFIOnLoan {
				t.Fatalf("tag AFI %02X after the write, want C2", afi)
			}

			// Two write errors (marginal coupling), then it takes.
			p.Sim.Inject(sim.WriteAFI, sim.Fail, 2)
			if err := w.WriteAFI(ctx, uid, rfid.AFIInStock); err != nil {
				t.Fatalf("write after two failures: %v", err)
			}
			// The reader says done but the tag did not change: the read-back shows it.
			p.Sim.Inject(sim.WriteAFI, sim.Unwritten, 1)
			reads := p.Sim.Count(sim.ReadAFI)
			if err := w.WriteAFI(ctx, uid, rfid.AFIOnLoan); err != nil {
				t.Fatalf("write after one that did not take: %v", err)
			}
			if afi, _ := p.Sim.AFI(uid); afi != rfid.AFIOnLoan || p.Sim.Count(sim.ReadAFI) < reads+2 {
				t.Fatalf("AFI %02X after %d read-backs", afi, p.Sim.Count(sim.ReadAFI)-reads)
			}
			// The answer is lost but the tag took it: the read-back says so.
			p.Sim.Inject(sim.WriteAFI, sim.Garbage, 1)
			if err := w.WriteAFI(ctx, uid, rfid.AFIInStock); err != nil {
				t.Fatalf("write whose answer was lost: %v", err)
			}

			// It never takes: reported after afi_retries tries, the tag unchanged.
			writes := p.Sim.Count(sim.WriteAFI)
			p.Sim.Inject(sim.WriteAFI, sim.Fail, 100)
			err := w.WriteAFI(ctx, uid, rfid.AFIOnLoan)
			if err == nil || !strings.Contains(err.Error(), "did not take") {
				t.Fatalf("write that never takes: %v", err)
			}
			if n := p.Sim.Count(sim.WriteAFI) - writes; n != 4 {
				t.Errorf("%d write tries, want 4", n)
			}
			if afi, _ := p.Sim.AFI(uid); afi != rfid.AFIInStock {
				t.Errorf("tag AFI %02X, want it unchanged (07)", afi)
			}
			p.Sim.ClearFaults()

			if err := w.WriteAFI(ctx, "E004019999999999", rfid.AFIOnLoan); err == nil || !strings.Contains(err.Error(), f.notOnPad) {
				t.Errorf("write to a tag not on the pad: %v", err)
			}
			if err := w.WriteAFI(ctx, "nonsense", rfid.AFIOnLoan); err == nil {
				t.Error("write to a malformed UID succeeded")
			}
			if got := p.Rounds(3); len(got) != 1 {
				t.Errorf("AFI writes made scans: %v", values(got))
			}
		})
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
	eachFamily(t, func(t *testing.T, kind string) {
		p := simtest.Start(t, kind, tags, nil, nil)
		scans := p.WaitScans(3, 5*time.Second)
		for _, sc := range scans {
			if sc.Tag[devices.TagError] == "" || sc.Value != sc.Tag[devices.TagUID] || sc.Kind != devices.RFIDItem {
				t.Errorf("tag %s: value %q, tag %v; want the UID and an error", sc.Tag[devices.TagUID], sc.Value, sc.Tag)
			}
		}
	})
}

func TestMarginalReadsAndNoise(t *testing.T) {
	eachFamily(t, func(t *testing.T, kind string) {
		p := simtest.Start(t, kind, simtest.Stack(3), func(s *sim.Sim) {
			// Two bad answers in a row are tried again; a third would end Run.
			s.Inject(sim.Inventory, sim.Garbage, 1)
			s.Inject(sim.Inventory, sim.BadCRC, 1)
			s.Inject(sim.Read, sim.Fail, 2)
			s.Inject(sim.ReadAFI, sim.BadCRC, 1)
			s.Inject(sim.ReadAFI, sim.Partial, 1)
		}, nil)
		p.WaitScans(3, 6*time.Second)
		got := p.Rounds(5)
		if len(got) != 3 {
			t.Fatalf("%d scans, want 3: %v", len(got), values(got))
		}
		for _, sc := range got {
			if sc.Tag[devices.TagError] != "" {
				t.Errorf("%s: %v", sc.Value, sc.Tag)
			}
		}
		// Noise between commands does not make a tag appear or vanish.
		if err := p.Sim.Send([]byte{0x13, 0x00, 0xB0, 0x00, 0x01, 0x02, 0xFF}); err != nil {
			t.Fatal(err)
		}
		if got := p.Rounds(5); len(got) != 3 {
			t.Errorf("%d scans after line noise: %v", len(got), values(got))
		}
	})
}

func TestReaderThatNeverAnswers(t *testing.T) {
	for _, f := range families {
		t.Run(f.kind, func(t *testing.T) {
			p := simtest.Start(t, f.kind, simtest.Stack(1), func(s *sim.Sim) { s.Inject(sim.AnyOp, sim.Silent, 1000) }, nil)
			if err := p.Stopped(5 * time.Second); !errors.Is(err, f.noAnswer) {
				t.Errorf("Run: %v, want %v", err, f.noAnswer)
			}
			if got := p.Scans(); len(got) != 0 {
				t.Errorf("scans from a silent reader: %v", values(got))
			}
		})
	}
}

func TestUnplugMidFrame(t *testing.T) {
	eachFamily(t, func(t *testing.T, kind string) {
		p := simtest.Start(t, kind, simtest.Stack(2), nil, nil)
		p.WaitScans(2, 3*time.Second)
		p.Sim.Inject(sim.Inventory, sim.Unplug, 1)
		if err := p.Stopped(5 * time.Second); !errors.Is(err, serialport.ErrDisconnected) {
			t.Errorf("Run: %v, want a disconnect", err)
		}
		if got := p.Scans(); len(got) != 2 {
			t.Errorf("%d scans, want the 2 from before the unplug", len(got))
		}
	})
}

func TestOptions(t *testing.T) {
	eachFamily(t, func(t *testing.T, kind string) {
		for _, opts := range []map[string]string{{"poll": "fast"}, {"retries": "0"}, {"colour": "red"}} {
			_, err := devices.Open(devices.Config{Kind: kind, Port: "/dev/null", Options: opts})
			var ce *devices.ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("options %v: %v, want a ConfigError", opts, err)
			}
		}
	})
}
