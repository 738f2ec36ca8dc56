package main

import (
	"github.com/circdesk/circdesk/app"
	"github.com/circdesk/circdesk/cmd/internal/setup"
)

// lockOptions puts the librarian views behind the PIN of the data
// directory, with the [kiosk] section's badges and idle time.
func lockOptions(env *setup.Env) (app.LockOptions, error) {
	idle, err := env.Config.KioskSettings()
	if err != nil {
		return app.LockOptions{}, err
	}
	return app.LockOptions{
		PIN:    setup.KioskPIN(env.DataDir),
		Badges: env.Config.Kiosk.Badges,
		Idle:   idle,
		Kiosk:  env.Config.Station.Kiosk,
	}, nil
}
