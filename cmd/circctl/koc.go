package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
)

// runExportKOC writes the pending transactions as a Koha offline
// circulation (KOC 1.0) file, a fallback when SIP2 replay is not possible.
func runExportKOC(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("export-koc")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give the file to write"}
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	rows, err := env.DB.Journal(ctx, circ.JournalFilter{Sync: circ.Pending})
	if err != nil {
		return fmt.Errorf("read pending transactions: %w", err)
	}
	var b strings.Builder
	b.WriteString("Version=1.0\tGenerator=circdesk\tGeneratorVersion=0.1\n")
	for _, t := range rows {
		stamp := t.At.Format("2006-01-02 15:04:05") + fmt.Sprintf(" %03d", t.At.Nanosecond()/1e6)
		switch t.Action {
		case circ.Checkout, circ.Renew: // Koha renews an issue to the patron who has it
			card := t.Patron
			if p, err := env.DB.Patron(ctx, t.Patron); err == nil {
				card = p.AccountID()
			}
			fmt.Fprintf(&b, "%s\tissue\t%s\t%s\n", stamp, card, t.Item)
		case circ.Checkin:
			fmt.Fprintf(&b, "%s\treturn\t%s\n", stamp, t.Item)
		}
	}
	path := pos[0]
	if err := setup.WriteFileAtomic(path, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, map[string]any{"file": path, "transactions": len(rows)})
	}
	fmt.Fprintf(c.stdout, "Wrote %d pending transactions to %s.\n", len(rows), path)
	return nil
}
