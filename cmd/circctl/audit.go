package main

import (
	"context"
	"fmt"
	"time"
)

// auditJSON is one librarian action as circctl audit --json shows it.
type auditJSON struct {
	ID      int64  `json:"id"`
	At      string `json:"at"`
	Station string `json:"station"`
	Action  string `json:"action"`
	Detail  string `json:"detail"`
}

// runAudit lists the librarian actions the audit keeps, oldest first.
func runAudit(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("audit")
	limit := fs.Int("limit", 0, "only the newest N entries")
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
	entries, err := env.DB.AuditLog(ctx, *limit)
	if err != nil {
		return err
	}
	out := make([]auditJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, auditJSON{ID: e.ID, At: e.At.Format(time.RFC3339), Station: e.Station, Action: string(e.Action), Detail: e.Detail})
	}
	return printList(c.stdout, *asJSON, out, "ID\tAT\tSTATION\tACTION\tDETAIL", func(e auditJSON) string {
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\n", e.ID, e.At, e.Station, e.Action, e.Detail)
	})
}
