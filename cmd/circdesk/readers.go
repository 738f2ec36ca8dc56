package main

import (
	"context"

	"github.com/circdesk/circdesk/app"
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/devices"

	// The reader families this program ships.
	_ "github.com/circdesk/circdesk/devices/em4100"
	_ "github.com/circdesk/circdesk/devices/feig"
	_ "github.com/circdesk/circdesk/devices/line"
	_ "github.com/circdesk/circdesk/devices/m3"
)

// The station's readers are its tag security writer and the Devices tab's
// readers.
var (
	_ circ.Security = (*devices.ReaderSet)(nil)
	_ app.Devices   = (*devices.ReaderSet)(nil)
)

// startReaders opens the readers env configures (circdesk.toml's and the
// ones the settings screen saved in the data directory) and extra (the
// demo's pad). The settings screen may edit only the saved ones. Their
// scans wait for feedStation; onState hears every change of the readers'
// states.
func startReaders(env *setup.Env, extra []devices.Config, onState func([]devices.ReaderState)) (*devices.ReaderSet, error) {
	list, err := setup.Readers(env.DataDir, env.Config)
	if err != nil {
		return nil, err
	}
	fixed := append([]devices.Config(nil), extra...)
	for _, c := range env.Config.Reader {
		fixed = append(fixed, c.Device())
	}
	list = append(append([]devices.Config(nil), extra...), list...)
	return devices.NewReaderSet(list, devices.ReaderSetOptions{
		Fixed:   fixed,
		Save:    func(l []devices.Config) error { return setup.SaveReaders(env.DataDir, l) },
		OnState: onState,
	}), nil
}

// feedStation hands the readers' scans to st until ctx ends, while
// toStation (the window) says the station takes them; the others go to
// elsewhere (the window: its PIN pad takes a staff badge).
func feedStation(ctx context.Context, readers *devices.ReaderSet, st *circ.Station, toStation func() bool, elsewhere func(devices.Scan)) {
	readers.Feed(ctx, devices.Route{
		Station: func(ctx context.Context, sc devices.Scan) error {
			_, err := st.Scan(ctx, sc)
			return err
		},
		ToStation: toStation,
		Elsewhere: elsewhere,
	})
}
