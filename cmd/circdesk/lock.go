package main

import (
	"context"

	"github.com/circdesk/circdesk/app"
	"github.com/circdesk/circdesk/circ"
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
		// On the UI goroutine: one short write, and unlocks are rare.
		Unlocked: func(how string) { env.Audit(context.Background(), circ.AuditUnlock, how) },
	}, nil
}
