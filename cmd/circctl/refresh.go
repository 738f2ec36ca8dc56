package main

import (
	"context"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

// runRefresh asks the library server, once, about what the cache must
// have right (items on loan or on hold here, patrons seen lately) and
// drops learned patrons unseen too long.
func runRefresh(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("refresh")
	items := fs.Bool("items", false, "only items")
	patrons := fs.Bool("patrons", false, "only patrons")
	rate := fs.Float64("rate", circ.DefaultRefreshRate, "at most this many requests a second")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *rate <= 0 {
		return usageError{fmt.Sprintf("--rate must be more than 0, not %g", *rate)}
	}
	what := circ.Refresh{Items: *items || !*patrons, Patrons: *patrons || !*items}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	srv, ok, err := env.StationServer()
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no library server is configured; add one with 'circctl server add'")
	}
	conn, err := env.Connect(srv, "circctl refresh")
	if err != nil {
		return err
	}
	defer conn.Close()
	r, err := env.Refresher()
	if err != nil {
		return err
	}
	r.Rate = *rate
	conn.Link.Check(ctx)
	res, err := r.Pass(ctx, what)
	if err != nil {
		return fmt.Errorf("refresh the cache: %w", err)
	}
	if *asJSON {
		if err := printJSON(c.stdout, res); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.stdout, "items %d, patrons %d, forgotten %d\n", res.Items, res.Patrons, res.Forgotten)
	}
	if res.Offline {
		return fmt.Errorf("the library server %s did not answer (%s); nothing was refreshed", srv.Name, conn.Link.State().Reason)
	}
	return nil
}
