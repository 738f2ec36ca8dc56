package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/circdesk/circdesk/circ"
)

type classJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Teacher  string `json:"teacher"`
	Students int    `json:"students"`
}

type studentJSON struct {
	ID        string `json:"id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

type classRosterJSON struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Teacher  string        `json:"teacher"`
	Students []studentJSON `json:"students"`
}

func runClass(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"give list or show ID"}
	}
	fs, asJSON := newFlags("class " + args[0])
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case args[0] == "list" && len(pos) == 0:
	case args[0] == "show" && len(pos) == 1:
	default:
		return usageError{"give list or show ID"}
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	if args[0] == "list" {
		classes, err := env.DB.Classes(ctx)
		if err != nil {
			return err
		}
		out := make([]classJSON, len(classes))
		for i, cl := range classes {
			out[i] = classJSON{ID: cl.ID, Name: cl.Name, Teacher: cl.Teacher, Students: cl.Students}
		}
		if *asJSON {
			return printJSON(c.stdout, out)
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		for _, cl := range out {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d students\n", cl.ID, cl.Name, cl.Teacher, cl.Students)
		}
		return tw.Flush()
	}
	cl, students, err := env.DB.ClassRoster(ctx, pos[0])
	if errors.Is(err, circ.ErrNotFound) {
		return fmt.Errorf("there is no class %q; 'circctl class list' shows the classes", pos[0])
	}
	if err != nil {
		return err
	}
	out := classRosterJSON{ID: cl.ID, Name: cl.Name, Teacher: cl.Teacher, Students: make([]studentJSON, len(students))}
	for i, p := range students {
		out.Students[i] = studentJSON{ID: p.ID, FirstName: p.FirstName, LastName: p.LastName}
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	fmt.Fprintf(c.stdout, "%s (%s), %s: %d students\n", cl.Name, cl.ID, cl.Teacher, len(students))
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for _, s := range out.Students {
		fmt.Fprintf(tw, "%s\t%s %s\n", s.ID, s.FirstName, s.LastName)
	}
	return tw.Flush()
}
