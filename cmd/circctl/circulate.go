package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
)

type outcomeJSON struct {
	Item    string `json:"item"`
	OK      bool   `json:"ok"`
	Due     string `json:"due"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Online: the library server answered it (its due date is Due);
	// otherwise it waits on this station to be sent.
	Online bool   `json:"online"`
	Server string `json:"server_message,omitempty"`
}

func runCheckout(ctx context.Context, c *cli, args []string) error {
	return c.circulate(ctx, "checkout", args, true, func(env *setup.Env, p circ.Patron, item string) (circ.Outcome, error) {
		return env.Desk.Checkout(ctx, p, item)
	})
}

func runRenew(ctx context.Context, c *cli, args []string) error {
	return c.circulate(ctx, "renew", args, true, func(env *setup.Env, p circ.Patron, item string) (circ.Outcome, error) {
		return env.Desk.Renew(ctx, p, item)
	})
}

func runCheckin(ctx context.Context, c *cli, args []string) error {
	return c.circulate(ctx, "checkin", args, false, func(env *setup.Env, _ circ.Patron, item string) (circ.Outcome, error) {
		return env.Desk.Checkin(ctx, item)
	})
}

// circulate runs one action per item, prints one outcome per item and
// fails with refusedError when any item was refused.
func (c *cli) circulate(ctx context.Context, name string, args []string, withPatron bool,
	act func(*setup.Env, circ.Patron, string) (circ.Outcome, error)) error {
	fs, asJSON := newFlags(name)
	offline := fs.Bool("offline", false, "decide on this station alone, even when the library server answers")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	need := 1
	if withPatron {
		need = 2
	}
	if len(pos) < need {
		if withPatron {
			return usageError{"give a patron and at least one item"}
		}
		return usageError{"give at least one item"}
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	if !*offline {
		conn, err := c.goOnline(ctx, env, "circctl "+name)
		if err != nil {
			return err
		}
		if conn != nil {
			defer conn.Close()
		}
	}
	// A code no label holds is refused before anything is recorded.
	for i, raw := range pos {
		if strings.TrimSpace(raw) != "" && env.Station.Rules.Clean(raw) == "" {
			what := "a barcode"
			if withPatron && i == 0 {
				what = "a card number"
			}
			return usageError{fmt.Sprintf("%q is not %s: it is longer than %d characters or holds control characters", raw, what, circ.MaxCodeLength)}
		}
	}
	var p circ.Patron
	items := pos
	if withPatron {
		rules := env.Station.Rules
		key := rules.Clean(pos[0])
		if p, _, _, err = env.Desk.Identify(ctx, key, rules.Account(key)); err != nil {
			return patronError(pos[0], err)
		}
		items = pos[1:]
	}
	out := make([]outcomeJSON, 0, len(items))
	refused := 0
	for _, raw := range items {
		item := env.Station.Rules.Clean(raw)
		if ok, _ := env.Station.Rules.CheckDigit(item); !ok {
			out = append(out, outcomeJSON{Item: item, Code: string(circ.CodeBadCheckDigit), Message: codeWords(circ.CodeBadCheckDigit, 0)})
			refused++
			continue
		}
		o, err := act(env, p, item)
		if err != nil {
			// Nothing of this item was recorded; what was done before stands.
			c.printOutcomes(out, *asJSON)
			return fmt.Errorf("%s %s was not recorded: %w", name, item, err)
		}
		j := outcomeJSON{Item: item, OK: o.OK, Code: string(o.Code), Message: codeWords(o.Code, env.Desk.Policy.Limit(p)), Online: o.Settled, Server: o.Screen}
		if !o.Due.IsZero() {
			j.Due = o.Due.Format(time.DateOnly)
		}
		if o.Code == circ.CodeHoldShelf && o.HoldFor != "" {
			j.Message = fmt.Sprintf("Returned. Put it on the hold shelf for %s.", o.HoldFor)
		}
		if o.Code == circ.CodeItemNotFound {
			fmt.Fprintf(c.stderr, "circctl %s: no item has the barcode %s.\n", name, item)
		}
		if !o.OK {
			refused++
		}
		out = append(out, j)
	}
	if err := c.printOutcomes(out, *asJSON); err != nil {
		return err
	}
	if refused > 0 {
		return refusedError{refused}
	}
	return nil
}

func (c *cli) printOutcomes(out []outcomeJSON, asJSON bool) error {
	if asJSON {
		return printJSON(c.stdout, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for _, o := range out {
		mark := "ok"
		if !o.OK {
			mark = "REFUSED"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Item, mark, o.Due, o.Message)
	}
	return tw.Flush()
}

// goOnline connects the desk to the station's library server, when one is
// configured, and first sends what waits (in order, before anything new).
// When the server does not answer, or another program is sending, the
// command goes on offline and says so on stderr.
func (c *cli) goOnline(ctx context.Context, env *setup.Env, holder string) (*setup.Connection, error) {
	srv, ok, err := env.StationServer()
	if err != nil || !ok {
		return nil, err
	}
	conn, err := env.Connect(srv, holder)
	if err != nil {
		return nil, err
	}
	var busy *circ.BusyError
	switch _, err := conn.Reconciler.Pass(ctx); {
	case errors.As(err, &busy):
		fmt.Fprintf(c.stderr, "circctl: %v Recorded on this station; it is sent after.\n", err)
	case err != nil:
		conn.Close()
		return nil, err
	case !conn.Link.State().Online:
		fmt.Fprintf(c.stderr, "circctl: the library server %s did not answer (%s); recorded on this station, to be sent later.\n",
			srv.Name, conn.Link.State().Reason)
	}
	return conn, nil
}

// patronError turns a failed patron lookup into one sentence.
func patronError(key string, err error) error {
	if errors.Is(err, circ.ErrUnknownPatron) {
		return fmt.Errorf("no patron has the card number %s", key)
	}
	return err
}
