// Command circdesk is the CircDesk station window: the self-check kiosk and
// the librarian's desk over the local circulation cache.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	// Before Fyne: sets a default locale when the environment has none.
	_ "github.com/circdesk/circdesk/app/locale"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/circdesk/circdesk/app"
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/demoschool"
	"github.com/circdesk/circdesk/cmd/internal/setup"
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
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; see circdesk --help", flag.Arg(0))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	if *demo && f.DataDir == "" && os.Getenv(setup.EnvDataDir) == "" {
		dir, err := os.MkdirTemp("", "circdesk-demo-")
		if err != nil {
			return fmt.Errorf("cannot make a temporary data directory for the demo: %w", err)
		}
		f.DataDir = dir
	}
	env, err := setup.Open(ctx, f)
	if err != nil {
		return err
	}
	defer env.Close()

	var opts app.Options
	opts.Wedge = env.Config.WedgeSettings()
	server, haveServer, err := env.StationServer()
	if err != nil {
		return err
	}
	if *demo {
		samples, err := seedDemo(ctx, env)
		if err != nil {
			return err
		}
		opts.Demo = samples
		if !haveServer {
			acs, err := startDemoLibrary(ctx, env.DataDir)
			if err != nil {
				return err
			}
			defer acs.Close()
			server, haveServer = acs.server, true
		}
		slog.Info("demo school ready", "data_dir", env.DataDir)
		fmt.Printf("CircDesk demo: data directory %s, library server %s\n  try: circctl --data-dir %s loans --json\n",
			env.DataDir, server.Address, env.DataDir)
	}
	if haveServer {
		link, lib, err := env.Connect(server)
		if err != nil {
			return err
		}
		defer lib.Close()
		rec := &circ.Reconciler{Store: env.DB, Link: link, Clock: circ.SystemClock{}}
		go rec.Run(ctx, reconcileEvery)
	}

	var ui *app.UI
	st := circ.NewStation(env.Desk, env.Station, func(s circ.State) { ui.Notify(s) })
	fa := fyneapp.NewWithID(appID)
	fa.Lifecycle().SetOnStarted(func() {
		slog.Info("station ready", "data_dir", env.DataDir, "startup", time.Since(start).Round(time.Millisecond))
	})
	ui = app.New(fa, st, opts)
	go st.Run(ctx)
	ui.Window().ShowAndRun()
	return nil
}

// seedDemo fills the data directory with the demo school (once) and returns
// the demo scanner's samples.
func seedDemo(ctx context.Context, env *setup.Env) ([]app.DemoSample, error) {
	now := time.Now()
	ds := demoschool.Generate(now)
	if _, err := env.DB.Seed(ctx, ds); err != nil {
		return nil, fmt.Errorf("seed the demo school: %w", err)
	}
	var out []app.DemoSample
	for _, s := range demoschool.Samples(ds, now) {
		out = append(out, app.DemoSample{Kind: string(s.Kind), Name: s.Name, Code: s.Code})
	}
	return out, nil
}
