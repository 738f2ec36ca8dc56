package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	return printList(c.stdout, *asJSON, out, "ID\tAT\tCODE\tACTION\tITEM\tPATRON\tMESSAGE", func(e exceptionJSON) string {
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At, e.Code, e.Action, e.Item, e.Patron, e.Message)
	})
}

// settleException resolves (with a note) or retries one exception.
func (c *cli) settleException(ctx context.Context, verb string, args []string) error {
	fs, asJSON := newFlags("exceptions " + verb)
	note := fs.String("note", "", "what the librarian did (resolve)")
	// A negative number is an argument here, not a flag (-1).
	var nums []string
	for i := 0; i < len(args); i++ {
		if isNegativeNumber(args[i]) && (i == 0 || (args[i-1] != "--note" && args[i-1] != "-note")) {
			nums = append(nums, args[i])
			args = append(args[:i:i], args[i+1:]...)
			i--
		}
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	pos = append(pos, nums...)
	if len(pos) == 0 {
		return usageError{"give an exception number, like 2"}
	}
	if len(pos) > 1 {
		return usageError{fmt.Sprintf("give one exception number, like 2, not %d", len(pos))}
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("give an exception number, like 2, not %q", pos[0])}
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
		err = env.Store().ResolveException(ctx, id, *note, time.Now())
	} else {
		err = env.Store().RetryException(ctx, id, time.Now())
	}
	switch {
	case errors.Is(err, circ.ErrNotFound):
		return fmt.Errorf("there is no exception %d", id)
	case err != nil:
		return err // storage's error names the exception
	}

	if *asJSON {
		if verb == "resolve" {
			return printJSON(c.stdout, settledJSON{ID: id, Resolved: true, Note: *note})
		}
		return printJSON(c.stdout, settledJSON{ID: id, Retried: true})
	}
	fmt.Fprintf(c.stdout, "Exception %d %s.\n", id, map[string]string{"resolve": "resolved", "retry": "queued to send again"}[verb])
	return nil
}

// settledJSON is what exceptions resolve and retry print with --json.
type settledJSON struct {
	ID       int64  `json:"id"`
	Resolved bool   `json:"resolved,omitempty"`
	Retried  bool   `json:"retried,omitempty"`
	Note     string `json:"note,omitempty"`
}

// isNegativeNumber reports whether s is like -1.
func isNegativeNumber(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil && strings.HasPrefix(s, "-")
}
