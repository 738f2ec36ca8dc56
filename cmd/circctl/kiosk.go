package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

const kioskUsage = "set-pin (the PIN, 4 to 12 digits, on standard input)"

// runKiosk sets the librarian's PIN, which opens the station window's
// librarian views.
func runKiosk(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 || args[0] != "set-pin" {
		return usageError{"say what to do: set-pin"}
	}
	fs, _ := newFlags("kiosk set-pin")
	if err := noArgs(fs, args[1:]); err != nil {
		return err
	}
	dir, _, err := setup.Locate(c.flags)
	if err != nil {
		return err
	}
	pin, err := readPassword(c.stdin)
	if err != nil {
		return usageError{"give the PIN on standard input, as in: printf '%s\\n' \"$PIN\" | circctl kiosk set-pin"}
	}
	if err := setup.KioskPIN(dir).Set(pin); err != nil {
		if errors.Is(err, storage.ErrBadPIN) {
			return usageError{"the PIN must be 4 to 12 digits"}
		}
		return err
	}
	if env, err := c.open(ctx); err == nil {
		env.Audit(ctx, circ.AuditSetting, "librarian PIN set (circctl kiosk set-pin)")
		env.Close()
	}
	fmt.Fprintln(c.stdout, "The librarian PIN is set.")
	return nil
}
