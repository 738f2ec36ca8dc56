package m3_test

import (
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/rfid"
	"github.com/circdesk/circdesk/devices/sim"
	"github.com/circdesk/circdesk/devices/sim/simtest"
)

// What every pad does (tags scanned once while they stay, AFI writes,
// faults, unplugs) is tested for FEIG and 3M together in devices/pad; here
// is what only the 3M protocol has.

func TestDataLongerThanEightBlocks(t *testing.T) {
	mem, err := rfid.EncodeISO28560_2(rfid.Data{ItemID: "31234000123453", Owner: "US-NcCM", TypeOfUsage: 1,
		PartsInSet: 1, PartNumber: 1, ShelfLocation: "J FIC ROWLING Harry Potter and the Philosopher's Stone"})
	if err != nil {
		t.Fatal(err)
	}
	if len(mem) <= 32 {
		t.Fatalf("test data of %d bytes fits 8 blocks", len(mem))
	}
	p := simtest.Start(t, "3m", []sim.Tag{{UID: "E004010000000042", Memory: mem}}, nil, nil)
	sc := p.WaitScans(1, 3*time.Second)[0]
	if sc.Value != "31234000123453" || sc.Tag[devices.TagError] != "" || sc.Tag[devices.TagOwner] != "US-NcCM" {
		t.Errorf("scan of a long ISO 28560-2 tag: %q %v", sc.Value, sc.Tag)
	}
	if n := p.Sim.Count(sim.Read); n < 2 {
		t.Errorf("%d reads for %d bytes of data", n, len(mem))
	}
}
