package circ_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
	_ "github.com/circdesk/circdesk/devices/feig" // the pad driver
	"github.com/circdesk/circdesk/devices/sim"
	"github.com/circdesk/circdesk/storage"
)

// setBench is a school of one teacher, 30 students in one class and a
// 40-copy set, on a real SQLite file.
func setBench(b *testing.B) (*storage.DB, *circ.Desk, []sim.Tag) {
	b.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "circdesk.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ds := circ.Dataset{Patrons: []circ.Patron{{ID: "T1", FirstName: "Rosa", LastName: "Rivera", Type: circ.Teacher}}}
	tags := make([]sim.Tag, 40)
	for i := range tags {
		tags[i] = sim.Tag{Item: fmt.Sprintf("3123400%07d", i), Owner: "US-NcCM"}
		ds.Items = append(ds.Items, circ.Item{Barcode: tags[i].Item, Title: "Hatchet", Status: circ.Available, Parts: 1})
	}
	r := &circ.Roster{Format: circ.PlainCSV, Classes: []circ.RosterClass{{SourcedID: "C1", Name: "5 Rivera", Active: true}}}
	for i := range 30 {
		id := fmt.Sprintf("S%03d", i)
		ds.Patrons = append(ds.Patrons, circ.Patron{ID: id, FirstName: "Kid", LastName: fmt.Sprintf("%03d", i), Type: circ.Student})
		r.Users = append(r.Users, circ.RosterUser{SourcedID: id, ID: id, FirstName: "Kid", LastName: fmt.Sprintf("%03d", i), Role: circ.Student, Active: true})
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: "C1", UserID: id, Role: circ.Student, Active: true})
	}
	if _, err := db.Seed(ctx, ds); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ImportRoster(ctx, r, circ.RosterOptions{}); err != nil {
		b.Fatal(err)
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "bench"}
	sets := &circ.Sets{Desk: desk, Store: db}
	var items []string
	for _, t := range tags {
		items = append(items, t.Item)
	}
	if err := sets.Create(ctx, "Hatchet", items); err != nil {
		b.Fatal(err)
	}
	return db, desk, tags
}

// padStation runs a station whose readers are one simulated FEIG pad at
// baud, through the devices manager (reads and AFI writes), as the
// station window runs them.
func padStation(b *testing.B, desk *circ.Desk, baud int) (*circ.Station, *sim.Sim) {
	b.Helper()
	s, err := sim.Start("feig", nil)
	if err != nil {
		b.Skipf("no simulated reader: %v", err)
	}
	b.Cleanup(func() { s.Close() })
	s.SetBaud(baud)
	scans := make(chan devices.Scan, 256)
	m := devices.NewManager([]devices.Config{{Kind: "feig", Port: s.Path(), Baud: baud}}, func(sc devices.Scan) { scans <- sc }, nil)
	st := circ.NewStation(desk, circ.StationConfig{Security: m}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); st.Run(ctx) }()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case sc := <-scans:
				st.Scan(ctx, sc)
			}
		}
	}()
	b.Cleanup(func() { cancel(); m.Close(); wg.Wait() })
	return st, s
}

// BenchmarkSetStack40 checks a 40-copy set out to a teacher from a stack
// on a simulated FEIG pad, end to end: the tags read and decoded, each
// copy's loan decided and committed, its AFI written and read back. The
// time runs from the stack landing to the last copy secured.
func BenchmarkSetStack40(b *testing.B) {
	for _, baud := range []int{38400, 115200} {
		b.Run(fmt.Sprintf("baud=%d", baud), func(b *testing.B) {
			ctx := context.Background()
			db, desk, tags := setBench(b)
			st, pad := padStation(b, desk, baud)
			sets := &circ.Sets{Desk: desk, Store: db}
			teacher, _ := db.Patron(ctx, "T1")
			var took time.Duration
			for b.Loop() {
				b.StopTimer()
				done := make(chan circ.HandoutState, 1)
				h, err := circ.NewHandout(ctx, sets, st, "Hatchet", teacher, "", func(s circ.HandoutState) {
					if s.Lent == len(tags) {
						select {
						case done <- s:
						default:
						}
					}
				})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := st.Begin(ctx, h); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				if err := pad.Place(tags...); err != nil {
					b.Fatal(err)
				}
				select {
				case s := <-done:
					for _, f := range s.Flagged {
						b.Fatalf("flagged: %+v", f)
					}
				case <-time.After(60 * time.Second):
					b.Fatal("the stack did not go out")
				}
				took += time.Since(start)
				b.StopTimer()
				pad.Clear()
				st.End(ctx, h)
				for _, t := range tags {
					if o, err := sets.Return(ctx, "Hatchet", t.Item); err != nil || !o.OK {
						b.Fatal(o, err)
					}
				}
				time.Sleep(300 * time.Millisecond) // the driver sees the pad empty
				b.StartTimer()
			}
			b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/stack")
		})
	}
}

// BenchmarkSetByClass30 hands a set out to a class of 30, student card
// then copy, 60 scans through the station (the barcode way), and in
// roster order in one request.
func BenchmarkSetByClass30(b *testing.B) {
	ctx := context.Background()
	b.Run("scans", func(b *testing.B) {
		db, desk, tags := setBench(b)
		st := circ.NewStation(desk, circ.StationConfig{}, nil)
		rctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go st.Run(rctx)
		sets := &circ.Sets{Desk: desk, Store: db, Roster: db}
		teacher, _ := db.Patron(ctx, "T1")
		var took time.Duration
		for b.Loop() {
			b.StopTimer()
			var last circ.HandoutState
			h, err := circ.NewHandout(ctx, sets, st, "Hatchet", teacher, "C1", func(s circ.HandoutState) { last = s })
			if err != nil {
				b.Fatal(err)
			}
			st.Begin(ctx, h)
			b.StartTimer()
			start := time.Now()
			for i := range 30 {
				st.Scan(ctx, devices.Scan{Kind: devices.Barcode, Value: fmt.Sprintf("S%03d", i)})
				st.Scan(ctx, devices.Scan{Kind: devices.Barcode, Value: tags[i].Item})
			}
			took += time.Since(start)
			b.StopTimer()
			if last.Lent != 30 || len(last.WithoutCopy) != 0 {
				b.Fatalf("lent %d, without %v", last.Lent, last.WithoutCopy)
			}
			st.End(ctx, h)
			for _, t := range tags[:30] {
				sets.Return(ctx, "Hatchet", t.Item)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/class")
	})
	b.Run("roster-order", func(b *testing.B) {
		db, desk, tags := setBench(b)
		sets := &circ.Sets{Desk: desk, Store: db, Roster: db}
		teacher, _ := db.Patron(ctx, "T1")
		st := circ.NewStation(desk, circ.StationConfig{}, nil)
		for b.Loop() {
			h, err := circ.NewHandout(ctx, sets, st, "Hatchet", teacher, "C1", nil)
			if err == nil {
				err = h.InRosterOrder(ctx)
			}
			if err != nil {
				b.Fatal(err)
			}
			for _, t := range tags {
				h.Scan(ctx, devices.Scan{Kind: devices.Barcode, Value: t.Item})
			}
			if s := h.State(); s.Lent != 30 || len(s.WithoutCopy) != 0 {
				b.Fatal(s.Lent, s.WithoutCopy)
			}
			b.StopTimer()
			for _, t := range tags {
				sets.Return(ctx, "Hatchet", t.Item)
			}
			b.StartTimer()
		}
	})
}
