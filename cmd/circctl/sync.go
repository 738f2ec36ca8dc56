package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// leaseWait is how long a command waits for another program that is
// sending the journal before it says so.
const leaseWait = 5 * time.Second

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
	conn, err := env.Connect(srv, "circctl sync")
	if err != nil {
		return err
	}
	defer conn.Close()
	link, rec := conn.Link, conn.Reconciler
	rec.LeaseWait = leaseWait
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
		for _, w := range res.Waiting {
			fmt.Fprintf(c.stdout, "transaction %d (item %s) %s\n", w.Txn, w.Item, w.Reason)
		}
	}
	if st := link.State(); !st.Online {
		if strings.HasPrefix(st.Reason, "The library server") {
			// A refused login or an untrusted certificate: its own sentence.
			return fmt.Errorf("%s %d transactions wait", st.Reason, res.Pending)
		}
		return fmt.Errorf("the library server %s did not answer (%s); %d transactions wait", srv.Name, st.Reason, res.Pending)
	}
	return nil
}
