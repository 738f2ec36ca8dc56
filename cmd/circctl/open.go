package main

import (
	"context"
	"flag"

	"github.com/circdesk/circdesk/cmd/internal/setup"
)

func (c *cli) open(ctx context.Context) (*setup.Env, error) {
	return setup.Open(ctx, c.flags)
}

// openWith parses a command's flags and arguments, wants between least
// and most arguments (most < 0: no limit; why says what to give), and
// opens the data directory; the caller closes the Env.
func (c *cli) openWith(ctx context.Context, fs *flag.FlagSet, args []string, least, most int, why string) ([]string, *setup.Env, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if len(pos) < least || most >= 0 && len(pos) > most {
		return nil, nil, usageError{why}
	}
	env, err := c.open(ctx)
	return pos, env, err
}
