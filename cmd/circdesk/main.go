// Command circdesk is the CircDesk station window: the self-check kiosk and
// the librarian's desk over the local circulation cache.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	// Before Fyne: sets a default locale when the environment has none.
	_ "github.com/circdesk/circdesk/app/locale"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/circdesk/circdesk"
	"github.com/circdesk/circdesk/app"
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/formats/render"
	"github.com/circdesk/circdesk/internal/demoschool"
)

// appID is the application id of FyneApp.toml.
const appID = "org.circdesk.station"

// reconcileEvery is how often pending transactions are offered to the
// library server, and an offline server is tried again.
const reconcileEvery = 15 * time.Second

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "circdesk: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	start := time.Now()
	var f setup.Flags
	demo := flag.Bool("demo", false, "run on a demo school (a fresh temporary data directory unless --data-dir is given)")
	flag.StringVar(&f.DataDir, "data-dir", "", "data directory (default $"+setup.EnvDataDir+" or the user data directory)")
	flag.StringVar(&f.Config, "config", "", "configuration file (default circdesk.toml in the data directory)")
	fullscreen := flag.Bool("fullscreen", false, "cover the whole screen, as a kiosk (also [station] fullscreen = true)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; see circdesk --help", flag.Arg(0))
	}
	if *showVersion {
		fmt.Println("circdesk", circdesk.Version())
		return nil
	}
	ctx := context.Background()

	if *demo && f.DataDir == "" && os.Getenv(setup.EnvDataDir) == "" {
		dir, err := os.MkdirTemp("", "circdesk-demo-")
		if err != nil {
			return fmt.Errorf("cannot make a temporary data directory for the demo: %w", err)
		}
		// Deferred first, so it runs last: after the database is closed.
		defer removeDemoDir(dir)
		f.DataDir = dir
	}
	env, err := setup.Open(ctx, f)
	if err != nil {
		return err
	}
	// Whatever happens, the program ends through sd: the window, the
	// readers, the station and the reconciler stop and are waited for
	// before the database closes.
	sd := &shutdown{workers: newWorkers(ctx), db: env}
	defer sd.run()

	var opts app.Options
	opts.Wedge = env.Config.WedgeSettings()
	// Reports (book sets, inventories) and finalize's barcode files go in
	// one folder.
	reports := filepath.Join(env.DataDir, "reports")
	if err := os.MkdirAll(reports, 0o700); err != nil {
		return fmt.Errorf("cannot make the reports folder %s: %w", reports, err)
	}
	opts.Inventories = app.InventoryOptions{Service: &inventory.Service{Store: env.Store(), Desk: env.Desk, WriteFile: render.WriteFile}, Dir: reports}
	server, haveServer, err := env.StationServer()
	if err != nil {
		return err
	}
	var extra []devices.Config // readers the demo brings
	if *demo {
		samples, ds, err := seedDemo(ctx, env)
		if err != nil {
			return err
		}
		pad, err := startDemoPad(env.DataDir, padBooks(ds, samples))
		if err != nil {
			return err
		}
		sd.closers = append(sd.closers, pad)
		extra = append(extra, pad.reader())
		opts.Demo = samples
		for _, it := range padBooks(ds, samples) {
			opts.Demo = append(opts.Demo, app.DemoSample{Kind: "pad_book", Name: it.Title, Code: it.Barcode})
		}
		opts.DemoPad = pad.place
		if !haveServer {
			acs, err := startDemoLibrary(ctx, env.DataDir)
			if err != nil {
				return err
			}
			sd.closers = append([]io.Closer{acs}, sd.closers...)
			server, haveServer = acs.server, true
		}
		slog.Info("demo school ready", "data_dir", env.DataDir)
		fmt.Printf("CircDesk demo: data directory %s, library server %s\n  try: circctl --data-dir %s loans --json\n",
			env.DataDir, server.Address, env.DataDir)
	}
	purgeHistory(ctx, env)
	if haveServer {
		conn, err := env.Connect(server, "The station window")
		if err != nil {
			return err
		}
		sd.closers = append([]io.Closer{conn}, sd.closers...) // the link first, then the server it talks to
		sd.workers.Go(func(ctx context.Context) { conn.Reconciler.Run(ctx, reconcileEvery) })
		if refresher, err := env.Refresher(); err == nil {
			refresher.AfterPass = func(ctx context.Context) { purgeHistory(ctx, env) }
			sd.workers.Go(func(ctx context.Context) { refresher.Run(ctx, refreshEvery) })
		}
	}

	var ui *app.UI
	var shown atomic.Pointer[app.UI] // the window, once it exists, for the readers' goroutines
	readers, err := startReaders(env, extra, func(states []devices.ReaderState) {
		if w := shown.Load(); w != nil {
			w.ReaderStates(states)
		}
	})
	if err != nil {
		return err
	}
	sd.readers = readers
	env.Station.Security = readers
	opts.Devices = readers
	opts.Sets = &circ.Sets{Desk: env.Desk, Store: env.DB, Roster: env.DB}
	opts.Rosters = env.Store()
	if opts.RosterOptions, err = env.Config.RosterOptions(env.DataDir); err != nil {
		return err
	}
	opts.ReportDir = reports
	opts.FullScreen = *fullscreen || env.Config.Station.Fullscreen
	opts.Audit = func(a circ.AuditAction, detail string) { env.Audit(context.Background(), a, detail) }
	if opts.Lock, err = lockOptions(env); err != nil {
		return err
	}
	st := circ.NewStation(env.Desk, env.Station, func(s circ.State) { ui.Notify(s) })
	sd.workers.Go(func(ctx context.Context) {
		feedStation(ctx, readers, st, func() bool { return shown.Load().ScansToStation() },
			func(sc devices.Scan) { shown.Load().ReaderScan(sc) })
	})
	fa := fyneapp.NewWithID(appID)
	if opts.WindowSize, err = windowSize(env.Config, fa.Settings().Scale()); err != nil {
		return err
	}
	fa.Lifecycle().SetOnStarted(func() {
		slog.Info("station ready", "data_dir", env.DataDir, "startup", time.Since(start).Round(time.Millisecond))
	})
	ui = app.New(fa, st, opts)
	shown.Store(ui)
	ui.AskForFirstPIN()
	sd.ui = ui.Close
	ui.ReaderStates(readers.States())
	sd.workers.Go(st.Run)
	stopSignals := quitOnSignal(fa)
	defer stopSignals()
	ui.Window().ShowAndRun()
	return nil
}

// quitOnSignal closes the window on SIGTERM or an interrupt, which ends
// the program the way closing the window does. The returned func stops
// listening.
func quitOnSignal(a fyne.App) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	go func() {
		if sig, ok := <-sigs; ok {
			slog.Info("closing the station", "signal", sig.String())
			fyne.Do(a.Quit)
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(sigs)
	}
}

// removeDemoDir removes a demo's temporary data directory: each --demo run
// starts afresh and leaves nothing behind.
func removeDemoDir(dir string) {
	if err := os.RemoveAll(dir); err != nil {
		slog.Warn("cannot remove the demo's data directory", "dir", dir, "err", err)
	}
}

// windowSize is the configured window size, or else the screen's usable
// area in Fyne's units (pixels over scale); zero when neither is known.
func windowSize(cfg setup.Config, scale float32) (fyne.Size, error) {
	w, h, err := cfg.WindowSize()
	if err != nil {
		return fyne.Size{}, err
	}
	if w > 0 {
		return fyne.NewSize(float32(w), float32(h)), nil
	}
	if scale <= 0 {
		scale = 1
	}
	sw, sh := screenSize()
	return fyne.NewSize(float32(sw)/scale, float32(sh)/scale), nil
}

// seedDemo fills the data directory with the demo school (once) and returns
// the demo scanner's samples and the school.
func seedDemo(ctx context.Context, env *setup.Env) ([]app.DemoSample, circ.Dataset, error) {
	now := time.Now()
	ds := demoschool.Generate(now)
	if _, err := setup.SeedDemo(ctx, env, ds, now); err != nil {
		return nil, ds, fmt.Errorf("seed the demo school: %w", err)
	}
	var out []app.DemoSample
	for _, s := range append(demoschool.Samples(ds, now), demoschool.ServerSamples(ds, now)...) {
		out = append(out, app.DemoSample{Kind: string(s.Kind), Name: s.Name, Code: s.Code})
	}
	return out, ds, nil
}

// padBooks picks the demo books that carry RFID tags on the simulated pad:
// three books on the shelf and a set in two parts, none of them a sample.
func padBooks(ds circ.Dataset, samples []app.DemoSample) []circ.Item {
	used := map[string]bool{}
	for _, s := range samples {
		used[s.Code] = true
	}
	var singles, sets []circ.Item
	titles := map[string]bool{}
	for _, it := range ds.Items {
		if it.Status != circ.Available || used[it.Barcode] || titles[it.Title] || len(it.Title) > 28 {
			continue
		}
		switch {
		case it.Parts > 1 && len(sets) < 1:
			sets = append(sets, it)
		case it.Parts <= 1 && len(singles) < 3 && it.Location != "Reference":
			singles = append(singles, it)
		default:
			continue
		}
		titles[it.Title] = true
	}
	return append(singles, sets...)
}
