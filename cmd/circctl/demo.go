package main

import (
	"context"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ/demoschool"
)

func runDemo(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("demo")
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
	seeded, err := env.DB.Seed(ctx, demoschool.Generate(time.Now()))
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
