package main

import (
	"context"
	"fmt"
	"time"
)

func runStatus(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("status")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	st, err := env.DB.Stats(ctx, time.Now())
	if err != nil {
		return fmt.Errorf("count the cache: %w", err)
	}
	if *asJSON {
		return printJSON(c.stdout, st)
	}
	fmt.Fprintf(c.stdout, "data directory  %s\npatrons         %d\nitems           %d\nloans           %d\noverdue         %d\npending         %d\nexceptions      %d\n",
		env.DataDir, st.Patrons, st.Items, st.Loans, st.Overdue, st.Pending, st.Exceptions)
	return nil
}
