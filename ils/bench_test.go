package ils_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/ils/sip2"
)

// benchSchool has 100 students and 500 books, on both sides.
func benchSchool() circ.Dataset {
	var ds circ.Dataset
	for i := range 100 {
		ds.Patrons = append(ds.Patrons, circ.Patron{ID: fmt.Sprintf("2%06d", i), FirstName: "P", LastName: "Q", Type: circ.Student})
	}
	for i := range 500 {
		body := fmt.Sprintf("3123490%06d", i)
		ds.Items = append(ds.Items, circ.Item{Barcode: body + string(circ.Mod10(body)), Title: "Bench", Status: circ.Available, Parts: 1})
	}
	return ds
}

func benchWorld(b *testing.B) (*world, circ.Dataset) {
	b.Helper()
	ds := benchSchool()
	w := &world{}
	w.library = &circ.Desk{Store: openStore(b, "library.db", ds), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	srv, addr, client, link := serve(b, w.library)
	w.srv, w.addr, w.client = srv, addr, client
	w.station = &circ.Desk{Store: openStore(b, "station.db", ds), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "kiosk", Link: link}
	w.rec = &circ.Reconciler{Store: w.station.Store, Link: link, Clock: circ.SystemClock{}}
	w.library.Policy.LoanDays[circ.Student] = 28 // no due date for the librarian to look at
	w.addLines(b, 4, 3*time.Second)
	return w, ds
}

// BenchmarkReplay replays pending transactions to the loopback ACS, 500 per
// op (half checkouts, half check-ins), and compares the rate with a bare
// 99/98 status loop on the same connection.
func BenchmarkReplay(b *testing.B) {
	ctx := context.Background()
	w, ds := benchWorld(b)
	offline := *w.station
	offline.Link = nil // decide without the server, as a station does offline
	patrons := make([]circ.Patron, len(ds.Patrons))
	for i, p := range ds.Patrons {
		patrons[i], _, _, _ = offline.Identify(ctx, p.ID)
	}
	round := 0
	total := 0
	var replay time.Duration
	for b.Loop() {
		b.StopTimer()
		for i, it := range ds.Items {
			if round%2 == 0 {
				offline.Checkout(ctx, patrons[i%len(patrons)], it.Barcode)
			} else {
				offline.Checkin(ctx, it.Barcode)
			}
		}
		round++
		b.StartTimer()
		t0 := time.Now()
		res, err := w.rec.Pass(ctx)
		replay += time.Since(t0)
		if err != nil || res.Pending != 0 || res.Applied != len(ds.Items) {
			b.Fatalf("pass: %+v %v", res, err)
		}
		total += res.Applied
	}
	b.StopTimer()
	const pings = 2000
	var err error
	t0 := time.Now()
	for range pings {
		if _, err := w.client.Status(ctx); err != nil {
			b.Fatal(err)
		}
	}
	ping := time.Since(t0) / pings
	// The same requests sent bare, without the station: what the server
	// itself costs per request.
	t0 = time.Now()
	for i, it := range ds.Items {
		if round%2 == 0 {
			_, err = w.client.Checkout(ctx, sip2.CheckoutRequest{Patron: ds.Patrons[i%len(ds.Patrons)].ID, Item: it.Barcode})
		} else {
			_, err = w.client.Checkin(ctx, sip2.CheckinRequest{Item: it.Barcode})
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	bare := time.Since(t0) / time.Duration(len(ds.Items))
	perTxn := replay / time.Duration(total)
	b.ReportMetric(float64(time.Second)/float64(perTxn), "txn/s")
	b.ReportMetric(float64(time.Second)/float64(ping), "ping/s")
	b.ReportMetric(float64(ping)/float64(perTxn), "ratio-to-ping")
	b.ReportMetric(float64(bare)/float64(perTxn), "ratio-to-bare")
}

// BenchmarkReplayLatency replays 1,000 transactions (500 checkouts, then
// their check-ins) to the loopback ACS answering each request 200 ms late,
// as a busy real server does, over the reconciler's four lines.
func BenchmarkReplayLatency(b *testing.B) {
	ctx := context.Background()
	w, ds := benchWorld(b)
	offline := *w.station
	offline.Link = nil
	patrons := make([]circ.Patron, len(ds.Patrons))
	for i, p := range ds.Patrons {
		patrons[i], _, _, _ = offline.Identify(ctx, p.ID)
	}
	var took time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		for i, it := range ds.Items {
			offline.Checkout(ctx, patrons[i%len(patrons)], it.Barcode)
		}
		for _, it := range ds.Items {
			offline.Checkin(ctx, it.Barcode)
		}
		w.srv.Inject(sip2.Fault{Kind: sip2.FaultDelay, Delay: 200 * time.Millisecond})
		b.StartTimer()
		t0 := time.Now()
		res, err := w.rec.Pass(ctx)
		took += time.Since(t0)
		b.StopTimer()
		w.srv.ClearFaults()
		if err != nil || res.Pending != 0 || res.Applied != 2*len(ds.Items) {
			b.Fatalf("pass: %+v %v", res, err)
		}
		n++
		b.StartTimer()
	}
	b.ReportMetric(took.Seconds()/float64(n), "s/1000txn")
}

// BenchmarkOnlineCheckout is a kiosk scan with the library server online:
// the station decides, journals, sends 11 and shows the server's answer.
func BenchmarkOnlineCheckout(b *testing.B) {
	ctx := context.Background()
	w, ds := benchWorld(b)
	w.rec.Pass(ctx)
	st := circ.NewStation(w.station, circ.StationConfig{}, nil)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go st.Run(runCtx)
	var scans []time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		p := ds.Patrons[(i/5)%len(ds.Patrons)].ID
		item := ds.Items[i%len(ds.Items)].Barcode
		if i%5 == 0 {
			if s, err := st.Scan(ctx, devices.Scan{Value: p}); err != nil || s.Phase != circ.PhaseActive {
				b.Fatalf("patron %s: %v %+v", p, err, s.Last)
			}
		}
		b.StartTimer()
		t0 := time.Now()
		s, err := st.Scan(ctx, devices.Scan{Value: item})
		scans = append(scans, time.Since(t0))
		b.StopTimer()
		if err != nil || s.Last == nil || !s.Last.OK || !s.Last.Settled {
			b.Fatalf("online checkout %s: %v %+v", item, err, s.Last)
		}
		w.station.Checkin(ctx, item) // back on the shelf for the next round
		i++
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(scans)
	q := func(p float64) float64 { return float64(scans[int(p*float64(len(scans)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}
