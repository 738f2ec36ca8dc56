package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/circdesk/circdesk/circ"
)

type exceptionJSON struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Item     string `json:"item"`
	Patron   string `json:"patron"`
	Action   string `json:"action"`
	Message  string `json:"message"`
	At       string `json:"at"`
	Resolved string `json:"resolved,omitempty"`
	Note     string `json:"note,omitempty"`
}

func runExceptions(ctx context.Context, c *cli, args []string) error {
	if len(args) > 0 && (args[0] == "resolve" || args[0] == "retry") {
		return c.settleException(ctx, args[0], args[1:])
	}
	fs, asJSON := newFlags("exceptions")
	all := fs.Bool("all", false, "include resolved exceptions")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	list, err := env.DB.Exceptions(ctx, circ.ExceptionFilter{Open: !*all})
	if err != nil {
		return fmt.Errorf("list exceptions: %w", err)
	}
	out := make([]exceptionJSON, 0, len(list))
	for _, e := range list {
		j := exceptionJSON{ID: e.ID, Code: string(e.Code), Item: e.Txn.Item, Patron: e.Txn.Patron, Action: string(e.Txn.Action),
			Message: e.Message, At: e.At.Format(time.RFC3339), Note: e.Note}
		if !e.Resolved.IsZero() {
			j.Resolved = e.Resolved.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAT\tCODE\tACTION\tITEM\tPATRON\tMESSAGE")
	for _, e := range out {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At, e.Code, e.Action, e.Item, e.Patron, e.Message)
	}
	return tw.Flush()
}

// settleException resolves (with a note) or retries one exception.
func (c *cli) settleException(ctx context.Context, verb string, args []string) error {
	fs, _ := newFlags("exceptions " + verb)
	note := fs.String("note", "", "what the librarian did (resolve)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give the exception's id"}
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("%q is not an exception id", pos[0])}
	}
	if verb == "resolve" && *note == "" {
		return usageError{"say what was done with --note"}
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	if verb == "resolve" {
		err = env.DB.ResolveException(ctx, id, *note, time.Now())
	} else {
		err = env.DB.RetryException(ctx, id, time.Now())
	}
	if err != nil {
		return fmt.Errorf("exception %d: %w", id, err)
	}
	fmt.Fprintf(c.stdout, "Exception %d %s.\n", id, map[string]string{"resolve": "resolved", "retry": "queued to send again"}[verb])
	return nil
}
