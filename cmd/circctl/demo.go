package main

import (
	"context"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/internal/demoschool"
)

func runDemo(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("demo")
	district := fs.Bool("district", false, "a district-size cache (150,000 patrons, 100,000 items) instead of one school, for load tests")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "seed" {
		return usageError{"the demo command has one subcommand: seed"}
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	ds := demoschool.Generate(time.Now())
	if *district {
		ds = demoschool.District(150_000, 100_000)
	}
	seeded, err := setup.SeedDemo(ctx, env, ds, time.Now())
	if err != nil {
		return fmt.Errorf("seed the demo school: %w", err)
	}
	if *asJSON {
		return printJSON(c.stdout, map[string]any{"seeded": seeded, "data_dir": env.DataDir})
	}
	if seeded {
		fmt.Fprintf(c.stdout, "Seeded the demo school into %s.\n", env.DataDir)
	} else {
		fmt.Fprintf(c.stdout, "%s already holds a school; nothing changed.\n", env.DataDir)
	}
	return nil
}
