package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

// purgeJSON is what circctl privacy purge --json prints.
type purgeJSON struct {
	Before string `json:"before"` // rows older than this could go
	Purged int    `json:"purged"` // journal rows deleted
}

// runPrivacy purges the borrowing history the station no longer keeps
// ([privacy] keep_history_days), or lists the counts kept in its place.
func runPrivacy(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 || (args[0] != "purge" && args[0] != "counts") {
		return usageError{"say what to do: purge or counts"}
	}
	fs, asJSON := newFlags("privacy " + args[0])
	if err := noArgs(fs, args[1:]); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	if args[0] == "counts" {
		counts, err := env.DB.HistoryCounts(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			if counts == nil {
				return printJSON(c.stdout, []any{})
			}
			return printJSON(c.stdout, counts)
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DAY\tACTION\tOK\tCOUNT")
		for _, h := range counts {
			fmt.Fprintf(tw, "%s\t%s\t%t\t%d\n", h.Day, h.Action, h.OK, h.Count)
		}
		return tw.Flush()
	}
	now := time.Now()
	before, err := env.Config.HistoryCutoff(now)
	if err != nil {
		return err
	}
	n, err := env.PurgeHistory(ctx, now)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, purgeJSON{Before: before.Format(time.RFC3339), Purged: n})
	}
	_, err = fmt.Fprintf(c.stdout, "Purged %d journal rows older than %s; their counts by day are kept.\n", n, before.Format("2006-01-02 15:04"))
	return err
}
