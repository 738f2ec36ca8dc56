package main

import (
	"context"
	"io"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/storage"
)

// closerFunc is an io.Closer made of a func.
type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// TestShutdownWhileScanningLosesNothing shuts the station down while a
// teacher checks books out as fast as the station takes them, with the
// reconciler sending them to the demo library server: the station and the
// reconciler have returned before the database closes, and every checkout
// the station acknowledged is in the journal afterwards.
func TestShutdownWhileScanningLosesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env, err := setup.Open(ctx, setup.Flags{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	samples, ds, err := seedDemo(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	acs, err := startDemoLibrary(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := env.Connect(acs.server, "The station window")
	if err != nil {
		t.Fatal(err)
	}

	var stationDone, reconcilerDone atomic.Bool
	sd := &shutdown{workers: newWorkers(ctx), closers: []io.Closer{conn, acs}}
	sd.db = closerFunc(func() error {
		if !stationDone.Load() || !reconcilerDone.Load() {
			t.Errorf("the database closed while the station (done %v) or the reconciler (done %v) still ran", stationDone.Load(), reconcilerDone.Load())
		}
		return env.Close()
	})
	st := circ.NewStation(env.Desk, env.Station, nil)
	sd.workers.Go(func(ctx context.Context) { st.Run(ctx); stationDone.Store(true) })
	rec := conn.Reconciler
	sd.workers.Go(func(ctx context.Context) { rec.Run(ctx, 10*time.Millisecond); reconcilerDone.Store(true) })

	var teacher string
	for _, s := range samples {
		if s.Kind == "teacher" {
			teacher = s.Code
		}
	}
	var books []string
	for _, it := range ds.Items {
		if it.Status == circ.Available && it.Parts <= 1 && it.Location != "Reference" && len(books) < 90 {
			books = append(books, it.Barcode)
		}
	}

	// The scanner: every acknowledged checkout goes to acked.
	scanCtx, stopScanning := context.WithCancel(ctx)
	acked := make(chan string, len(books))
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		if _, err := st.Scan(scanCtx, devices.Scan{Kind: devices.Barcode, Value: teacher, Reader: "test"}); err != nil {
			t.Errorf("teacher card: %v", err)
			return
		}
		for _, b := range books {
			s, err := st.Scan(scanCtx, devices.Scan{Kind: devices.Barcode, Value: b, Reader: "test"})
			if err != nil {
				return // the station has stopped
			}
			if s.Last != nil && s.Last.OK && s.Last.Item == b && s.Last.Action == circ.Checkout {
				acked <- b
			}
		}
	}()
	var got []string
	for range 10 {
		select {
		case b := <-acked:
			got = append(got, b)
		case <-time.After(10 * time.Second):
			t.Fatal("no checkouts")
		}
	}
	if err := sd.run(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	stopScanning()
	<-scanned
	close(acked)
	for b := range acked {
		got = append(got, b)
	}
	journaled := journalItems(t, filepath.Join(dir, setup.DatabaseFile))
	for _, b := range got {
		if journaled[b] != 1 {
			t.Errorf("checkout of %s was acknowledged; the journal has it %d times", b, journaled[b])
		}
	}
	if len(journaled) < len(got) {
		t.Errorf("%d checkouts acknowledged, %d journaled", len(got), len(journaled))
	}
}

// journalItems counts the checkouts of each item in the journal of the
// database at path.
func journalItems(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Journal(context.Background(), circ.JournalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		if r.Action == circ.Checkout {
			out[r.Item]++
		}
	}
	return out
}
