package main

import (
	"context"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
)

type journalJSON struct {
	ID      int64  `json:"id"`
	Station string `json:"station"`
	Seq     int64  `json:"seq"`
	At      string `json:"at"`
	Action  string `json:"action"`
	Patron  string `json:"patron"`
	Item    string `json:"item"`
	OK      bool   `json:"ok"`
	Code    string `json:"code"`
	Due     string `json:"due"`
	Sync    string `json:"sync"`
}

func runJournal(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("journal")
	limit := fs.Int("limit", 0, "only the newest N rows")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := checkLimit(*limit); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	rows, err := env.DB.Journal(ctx, circ.JournalFilter{Limit: *limit})
	if err != nil {
		return fmt.Errorf("read the journal: %w", err)
	}
	out := make([]journalJSON, 0, len(rows))
	for _, t := range rows {
		j := journalJSON{ID: t.ID, Station: t.Station, Seq: t.Seq, At: t.At.Format(time.RFC3339Nano), Action: string(t.Action),
			Patron: t.Patron, Item: t.Item, OK: t.OK, Code: string(t.Code), Sync: string(t.Sync)}
		if !t.Due.IsZero() {
			j.Due = t.Due.Format(time.DateOnly)
		}
		out = append(out, j)
	}
	return printList(c.stdout, *asJSON, out, "ID\tAT\tACTION\tPATRON\tITEM\tOK\tCODE\tSYNC", func(j journalJSON) string {
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%v\t%s\t%s\n", j.ID, j.At, j.Action, j.Patron, j.Item, j.OK, j.Code, j.Sync)
	})
}
