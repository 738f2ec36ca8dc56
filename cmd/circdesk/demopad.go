package main

import (
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/sim"
)

// padDwell is how long a demo book stays on the simulated pad, like a
// child's hand putting it down and taking it away.
const padDwell = 3 * time.Second

// demoPad is the demo's RFID pad: a simulated FEIG reader on a
// pseudo-terminal, which the real FEIG driver reads like hardware. The demo
// scanner panel puts tagged books on it.
type demoPad struct {
	sim   *sim.Sim
	link  string
	items map[string][]sim.Tag // barcode → its tags (one per part)

	mu    sync.Mutex
	lifts map[string]*time.Timer
}

// startDemoPad starts the pad with tags for the given items.
func startDemoPad(dataDir string, items []circ.Item) (*demoPad, error) {
	s, err := sim.Start("feig", nil)
	if err != nil {
		return nil, fmt.Errorf("start the demo RFID pad: %w", err)
	}
	p := &demoPad{sim: s, link: filepath.Join(dataDir, "demo-rfid-pad"), items: map[string][]sim.Tag{}, lifts: map[string]*time.Timer{}}
	if err := s.Link(p.link); err != nil {
		s.Close()
		return nil, fmt.Errorf("start the demo RFID pad: %w", err)
	}
	for _, it := range items {
		parts := max(it.Parts, 1)
		for part := 1; part <= parts; part++ {
			t := sim.Tag{Item: it.Barcode}
			if parts > 1 {
				t.Parts, t.Part = parts, part
			}
			p.items[it.Barcode] = append(p.items[it.Barcode], t)
		}
	}
	return p, nil
}

// reader is the pad as a configured reader.
func (p *demoPad) reader() devices.Config {
	return devices.Config{Name: "Demo RFID pad", Kind: "feig", Port: p.link}
}

// place puts an item's tags on the pad for a moment.
func (p *demoPad) place(barcode string) {
	tags := p.items[barcode]
	if len(tags) == 0 {
		return
	}
	if err := p.sim.Place(tags...); err != nil {
		return
	}
	var uids []string
	for _, t := range tags {
		if uid, err := sim.UIDOf(t); err == nil {
			uids = append(uids, uid)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := p.lifts[barcode]; t != nil {
		t.Stop()
	}
	p.lifts[barcode] = time.AfterFunc(padDwell, func() { p.sim.Lift(uids...) })
}

// Close stops the pad.
func (p *demoPad) Close() error {
	p.mu.Lock()
	for _, t := range p.lifts {
		t.Stop()
	}
	p.mu.Unlock()
	return p.sim.Close()
}
