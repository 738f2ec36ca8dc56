package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/circdesk/circdesk/cmd/internal/setup"
)

// refreshEvery is how often the station window refreshes its cache from
// the library server in the background (at most 5 requests a second, never
// while a student session is open; see circ.Refresher).
const refreshEvery = 10 * time.Minute

// purgeHistory deletes the borrowing history the station no longer keeps
// ([privacy] keep_history_days); the window runs it at its start and after
// each refresh pass. A failure is logged: the next pass tries again.
func purgeHistory(ctx context.Context, env *setup.Env) {
	n, err := env.PurgeHistory(ctx, time.Now())
	if err != nil {
		if ctx.Err() == nil {
			slog.Warn("purge the borrowing history", "err", err)
		}
		return
	}
	if n > 0 {
		slog.Info("purged borrowing history", "rows", n)
	}
}
