package main

import (
	"context"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

func runSync(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("sync")
	name := fs.String("server", "", "the library server (default: the station's)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	srv, ok, err := env.NamedServer(*name)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no library server is configured; add one with 'circctl server add'")
	}
	link, lib, err := env.Connect(srv)
	if err != nil {
		return err
	}
	defer lib.Close()
	rec := &circ.Reconciler{Store: env.DB, Link: link, Clock: circ.SystemClock{}}
	res, err := rec.Pass(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := printJSON(c.stdout, res); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.stdout, "applied %d, exceptions %d, pending %d\n", res.Applied, res.Exceptions, res.Pending)
	}
	if st := link.State(); !st.Online {
		return fmt.Errorf("the library server %s did not answer (%s); %d transactions wait", srv.Name, st.Reason, res.Pending)
	}
	return nil
}
