package main

import (
	"context"
	"fmt"
	"time"
)

func runStatus(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("status")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"status takes no arguments"}
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
