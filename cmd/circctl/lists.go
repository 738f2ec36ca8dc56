package main

import (
	"context"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

type patronJSON struct {
	ID          string `json:"id"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	Type        string `json:"type"`
	Homeroom    string `json:"homeroom"`
	Blocked     bool   `json:"blocked"`
	BlockReason string `json:"block_reason"`
	// Source is where the row came from (roster, server); RefreshedAt the
	// library server's last answer about it ("" never).
	Source      string `json:"source"`
	RefreshedAt string `json:"refreshed_at"`
}

// stamp is a refresh time for JSON: RFC 3339, "" for never.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func runPatrons(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("patrons")
	typ := fs.String("type", "", "student, teacher or staff")
	limit := fs.Int("limit", 0, "at most N patrons")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *typ != "" && !circ.PatronType(*typ).Valid() {
		return usageError{fmt.Sprintf("--type must be student, teacher or staff, not %q", *typ)}
	}
	if err := checkLimit(*limit); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	now := time.Now()
	rows, err := env.DB.Patrons(ctx, storage.PatronQuery{Type: circ.PatronType(*typ), Limit: *limit, Now: now})
	if err != nil {
		return fmt.Errorf("list patrons: %w", err)
	}
	out := make([]patronJSON, 0, len(rows))
	for _, r := range rows {
		code := env.Desk.Policy.Standing(r.Patron, r.Overdue, now)
		out = append(out, patronJSON{
			ID: r.ID, FirstName: r.FirstName, LastName: r.LastName, Type: string(r.Type),
			Homeroom: r.Homeroom, Blocked: code != "", BlockReason: blockReason(r, code),
			Source: string(r.Source), RefreshedAt: stamp(r.RefreshedAt),
		})
	}
	return printList(c.stdout, *asJSON, out, "ID\tNAME\tTYPE\tHOMEROOM\tBLOCKED", func(p patronJSON) string {
		return fmt.Sprintf("%s\t%s %s\t%s\t%s\t%s\n", p.ID, p.FirstName, p.LastName, p.Type, p.Homeroom, p.BlockReason)
	})
}

// blockReason says in words why a patron cannot borrow, "" when they can.
func blockReason(r storage.PatronRow, code circ.Code) string {
	switch code {
	case "":
		return ""
	case circ.CodePatronBlocked:
		if r.BlockReason != "" {
			return r.BlockReason
		}
		return "blocked by the library"
	case circ.CodeCardExpired:
		return "card expired " + r.Expires.Format(time.DateOnly)
	case circ.CodeTooManyOverdue:
		return fmt.Sprintf("%d overdue items", r.Overdue)
	}
	return string(code)
}

type itemJSON struct {
	Barcode    string `json:"barcode"`
	Title      string `json:"title"`
	CallNumber string `json:"call_number"`
	Status     string `json:"status"`
	// Source is where the row came from (shelflist, server, provisional);
	// RefreshedAt the library server's last answer about it ("" never).
	Source      string `json:"source"`
	RefreshedAt string `json:"refreshed_at"`
}

func runItems(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("items")
	status := fs.String("status", "", "available, on_loan, on_hold, lost or missing")
	limit := fs.Int("limit", 0, "at most N items")
	source := fs.String("source", "", "shelflist, server or provisional (provisional: lent offline, not known yet)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *status != "" && !circ.ItemStatus(*status).Valid() {
		return usageError{fmt.Sprintf("--status must be available, on_loan, on_hold, lost or missing, not %q", *status)}
	}
	switch circ.Source(*source) {
	case "", circ.SourceShelfList, circ.SourceServer, circ.SourceProvisional:
	default:
		return usageError{fmt.Sprintf("--source must be shelflist, server or provisional, not %q", *source)}
	}
	if err := checkLimit(*limit); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	items, err := env.DB.Items(ctx, storage.ItemQuery{Status: circ.ItemStatus(*status), Source: circ.Source(*source), Limit: *limit})
	if err != nil {
		return fmt.Errorf("list items: %w", err)
	}
	out := make([]itemJSON, 0, len(items))
	for _, it := range items {
		out = append(out, itemJSON{Barcode: it.Barcode, Title: it.Title, CallNumber: it.CallNumber, Status: string(it.Status),
			Source: string(it.Source), RefreshedAt: stamp(it.RefreshedAt)})
	}
	return printList(c.stdout, *asJSON, out, "BARCODE\tSTATUS\tCALL NUMBER\tTITLE", func(it itemJSON) string {
		return fmt.Sprintf("%s\t%s\t%s\t%s\n", it.Barcode, it.Status, it.CallNumber, it.Title)
	})
}

type loanJSON struct {
	Item   string `json:"item"`
	Patron string `json:"patron"`
	Out    string `json:"out"`
	Due    string `json:"due"`
}

func runLoans(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("loans")
	patron := fs.String("patron", "", "only this patron's loans")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	id := ""
	if *patron != "" {
		p, _, _, err := env.Desk.Identify(ctx, *patron, env.Station.Rules.Account(*patron))
		if err != nil {
			return patronError(*patron, err)
		}
		id = p.ID
	}
	loans, err := env.DB.Loans(ctx, id)
	if err != nil {
		return fmt.Errorf("list loans: %w", err)
	}
	out := make([]loanJSON, 0, len(loans))
	for _, l := range loans {
		out = append(out, loanJSON{Item: l.Item, Patron: l.Patron, Out: l.Out.Format(time.RFC3339), Due: l.Due.Format(time.DateOnly)})
	}
	return printList(c.stdout, *asJSON, out, "ITEM\tPATRON\tOUT\tDUE", func(l loanJSON) string {
		return fmt.Sprintf("%s\t%s\t%s\t%s\n", l.Item, l.Patron, l.Out, l.Due)
	})
}
