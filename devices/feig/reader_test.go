package feig_test

import (
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/devices/sim"
	"github.com/circdesk/circdesk/devices/sim/simtest"
)

// What every pad does (tags scanned once while they stay, AFI writes,
// faults, unplugs) is tested for FEIG and 3M together in devices/pad; here
// is what only FEIG's protocol has.

func TestMoreDataContinuation(t *testing.T) {
	// The reader answers at most 3 data sets at a time: 8 tags take three
	// answers (0x94, 0x94, 0x00).
	p := simtest.Start(t, "feig", simtest.Stack(8), func(s *sim.Sim) { s.SetInventoryLimit(3) }, nil)
	scans := p.WaitScans(8, 5*time.Second)
	seen := map[string]bool{}
	for _, sc := range scans {
		if seen[sc.Value] {
			t.Errorf("%s scanned twice", sc.Value)
		}
		seen[sc.Value] = true
	}
	// Three inventories a round: after six more, every round that began
	// before is done, and none scanned a tag again.
	if got := p.Rounds(6); len(got) != 8 {
		t.Errorf("%d scans of 8 tags lying still: %s", len(got), strings.Join(simtest.Values(got), " "))
	}
}

func TestAdvancedFrameInventory(t *testing.T) {
	// 30 tags in one answer of 307 bytes: an advanced frame.
	p := simtest.Start(t, "feig", simtest.Stack(30), func(s *sim.Sim) { s.SetInventoryLimit(0) }, nil)
	p.WaitScans(30, 10*time.Second)
}
