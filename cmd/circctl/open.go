package main

import (
	"context"

	"github.com/circdesk/circdesk/cmd/internal/setup"
)

func (c *cli) open(ctx context.Context) (*setup.Env, error) {
	return setup.Open(ctx, c.flags)
}
