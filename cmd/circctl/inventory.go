package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/circdesk/circdesk/circ/callnumber"
	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/formats/render"
)

const inventoryUsage = "start NAME [--location L] [--collection C] [--type T] [--from CALL --to CALL] [--scheme dewey|lc] [--skip-seen-since YYYY-MM-DD] [--json]" +
	" | scan NAME ITEM... [--json] | report NAME [--json | --csv FILE | --pdf FILE] | finalize NAME [--json] | list [--json]" +
	" | export NAME FILE [--json] | merge FILE [--json]"

func runInventory(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"say what to do: start, scan, report, finalize, list, export or merge"}
	}
	sub := map[string]func(context.Context, *cli, []string) error{
		"start": inventoryStart, "scan": inventoryScan, "report": inventoryReport, "finalize": inventoryFinalize,
		"list": inventoryList, "export": inventoryExport, "merge": inventoryMerge,
	}[args[0]]
	if sub == nil {
		return usageError{fmt.Sprintf("%q is not an inventory command", args[0])}
	}
	return sub(ctx, c, args[1:])
}

func inventoryService(env *setup.Env) *inventory.Service {
	return &inventory.Service{Store: env.Store(), Desk: env.Desk, WriteFile: render.WriteFile}
}

type inventoryJSON struct {
	Name          string  `json:"name"`
	Status        string  `json:"status"`
	Location      string  `json:"location"`
	Collection    string  `json:"collection"`
	MaterialType  string  `json:"material_type"`
	From          string  `json:"from"`
	To            string  `json:"to"`
	SkipSeenSince string  `json:"skip_seen_since"`
	Scope         int     `json:"scope"`
	Scanned       int     `json:"scanned"`
	Accounted     int     `json:"accounted"`
	Progress      float64 `json:"progress"`
	Station       string  `json:"station"`
	Created       string  `json:"created"`
	Finalized     string  `json:"finalized"`
}

func summaryJSON(s inventory.Summary) inventoryJSON {
	j := inventoryJSON{Name: s.Name, Status: string(s.Status), Location: s.Location, Collection: s.Collection,
		MaterialType: s.MaterialType, From: s.From, To: s.To, Scope: s.Scope, Scanned: s.Scanned,
		Accounted: s.Accounted, Progress: round(s.Progress()), Station: s.Station, Created: s.Created.Format(time.RFC3339)}
	if !s.SkipSeenSince.IsZero() {
		j.SkipSeenSince = s.SkipSeenSince.Format(time.DateOnly)
	}
	if !s.Finalized.IsZero() {
		j.Finalized = s.Finalized.Format(time.RFC3339)
	}
	return j
}

// round keeps a share to 4 decimals (0.1234 is 12.34 %).
func round(p float64) float64 { return float64(int64(p*10000+0.5)) / 10000 }

func inventoryStart(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("inventory start")
	loc := fs.String("location", "", "only this location")
	coll := fs.String("collection", "", "only this collection")
	typ := fs.String("type", "", "only this material type")
	from := fs.String("from", "", "first call number")
	to := fs.String("to", "", "last call number (takes what begins with it)")
	scheme := fs.String("scheme", "", "dewey or lc (default: each call number by its shape)")
	since := fs.String("skip-seen-since", "", "leave out items seen on or after this date (YYYY-MM-DD)")
	set := map[string]bool{}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if len(pos) != 1 {
		return usageError{"give the inventory's name (in quotes if it has spaces)"}
	}
	if set["from"] && strings.TrimSpace(*from) == "" {
		return fmt.Errorf("the --from call number is empty")
	}
	if set["to"] && strings.TrimSpace(*to) == "" {
		return fmt.Errorf("the --to call number is empty")
	}
	sc, err := callnumber.ParseScheme(*scheme)
	if err != nil {
		return usageError{err.Error()}
	}
	spec := inventory.Spec{Name: pos[0], Location: *loc, Collection: *coll, MaterialType: *typ,
		From: strings.TrimSpace(*from), To: strings.TrimSpace(*to), Scheme: sc}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	if *since != "" {
		d, err := time.ParseInLocation(time.DateOnly, *since, time.Local)
		if err != nil {
			return fmt.Errorf("--skip-seen-since %q is not a date like 2026-09-01", *since)
		}
		spec.SkipSeenSince = d
	}
	svc := inventoryService(env)
	if _, err := svc.Start(ctx, spec); err != nil {
		return err
	}
	sum, err := svc.Summary(ctx, spec.Name)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, summaryJSON(sum))
	}
	fmt.Fprintf(c.stdout, "Started inventory %q: %d items in scope, %d already accounted for (out on loan or on the hold shelf).\n",
		sum.Name, sum.Scope, sum.Accounted)
	return nil
}

type inventoryScanJSON struct {
	Item         string `json:"item"`
	Result       string `json:"result"`
	BelongsAfter string `json:"belongs_after"`
	// HoldShelf: checked out, found on the shelf and checked in, and
	// someone is waiting for it: it goes to the hold shelf, for HoldFor.
	HoldShelf bool   `json:"hold_shelf,omitempty"`
	HoldFor   string `json:"hold_for,omitempty"`
}

func inventoryScanOf(sc inventory.Scan) inventoryScanJSON {
	return inventoryScanJSON{Item: sc.Item, Result: string(sc.Result), BelongsAfter: sc.BelongsAfter, HoldShelf: sc.HoldShelf, HoldFor: sc.HoldFor}
}

func inventoryScan(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("inventory scan")
	pos, env, err := c.openWith(ctx, fs, args, 2, -1, "give the inventory's name and at least one item")
	if err != nil {
		return err
	}
	defer env.Close()
	ss, err := inventoryService(env).Open(ctx, pos[0])
	if err != nil {
		return err
	}
	out := make([]inventoryScanJSON, 0, len(pos)-1)
	at := map[string][]int{} // item → its entries in out
	for _, raw := range pos[1:] {
		item := env.Station.Rules.Clean(raw)
		if item == "" {
			return fmt.Errorf("the barcode %q is empty once cleaned", raw)
		}
		sc, changed, err := ss.Scan(ctx, inventory.Read{Item: item, ReaderKind: "typed", Reader: "circctl"})
		if err != nil {
			// The scans before it are stored; this one is not.
			_ = c.printScans(out, *asJSON)
			return err
		}
		// A later book can change the verdict on an earlier one (the out
		// of order judgement moves to another): each item is printed with
		// its result as stored.
		for _, ch := range changed {
			for _, i := range at[ch.Item] {
				out[i].Result, out[i].BelongsAfter = string(ch.Result), ch.BelongsAfter
			}
		}
		at[sc.Item] = append(at[sc.Item], len(out))
		out = append(out, inventoryScanOf(sc))
	}
	return c.printScans(out, *asJSON)
}

func (c *cli) printScans(out []inventoryScanJSON, asJSON bool) error {
	if asJSON {
		return printJSON(c.stdout, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for _, s := range out {
		after := ""
		switch {
		case s.Result == string(inventory.OutOfOrder):
			after = "belongs after " + s.BelongsAfter
			if s.BelongsAfter == "" {
				after = "belongs first on the shelf"
			}
		case s.HoldShelf:
			after = "checked in: put it on the hold shelf"
			if s.HoldFor != "" {
				after += " for " + s.HoldFor
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Item, s.Result, after)
	}
	return tw.Flush()
}

// reportJSON is the report as the issue gives it.
type reportJSON struct {
	Scope                int              `json:"scope"`
	Scanned              int              `json:"scanned"`
	Progress             float64          `json:"progress"`
	Missing              []inventory.Line `json:"missing"`
	WrongPlace           []inventory.Line `json:"wrong_place"`
	CheckedOut           []inventory.Line `json:"checked_out"`
	NotInCatalog         []inventory.Line `json:"not_in_catalog"`
	LostOrWithdrawnFound []inventory.Line `json:"lost_or_withdrawn_found"`
	OutOfOrder           []inventory.Line `json:"out_of_order"`
}

func inventoryReport(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("inventory report")
	csvFile := fs.String("csv", "", "write the report as CSV to FILE")
	pdfFile := fs.String("pdf", "", "write the report as PDF to FILE")
	pos, env, err := c.openWith(ctx, fs, args, 1, 1, "give the inventory's name")
	if err != nil {
		return err
	}
	defer env.Close()
	rep, err := inventoryService(env).Report(ctx, pos[0])
	if err != nil {
		return err
	}
	doc := rep.Document()
	if *csvFile != "" {
		if err := render.Save(doc, *csvFile, render.CSV); err != nil {
			return err
		}
	}
	if *pdfFile != "" {
		if err := render.Save(doc, *pdfFile, render.PDF); err != nil {
			return err
		}
	}
	if *asJSON {
		return printJSON(c.stdout, reportJSON{Scope: rep.Scope, Scanned: rep.Scanned, Progress: round(rep.Progress),
			Missing: rep.Missing, WrongPlace: rep.WrongPlace, CheckedOut: rep.CheckedOut, NotInCatalog: rep.NotInCatalog,
			LostOrWithdrawnFound: rep.LostOrWithdrawnFound, OutOfOrder: rep.OutOfOrder})
	}
	if *csvFile != "" || *pdfFile != "" {
		return nil
	}
	fmt.Fprintf(c.stdout, "%s: %d in scope, %d scanned, %.1f%% accounted for.\n", rep.Name, rep.Scope, rep.Scanned, 100*rep.Progress)
	fmt.Fprintf(c.stdout, "missing %d, wrong place %d, checked out %d, not in catalog %d, lost or withdrawn found %d, out of order %d\n",
		len(rep.Missing), len(rep.WrongPlace), len(rep.CheckedOut), len(rep.NotInCatalog), len(rep.LostOrWithdrawnFound), len(rep.OutOfOrder))
	return nil
}

// writeFileAtomic writes a file whole or not at all.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("make %s: %w", path, err)
	}
	return render.WriteFile(path, buf.Bytes())
}

func inventoryFinalize(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("inventory finalize")
	pos, env, err := c.openWith(ctx, fs, args, 1, 1, "give the inventory's name")
	if err != nil {
		return err
	}
	defer env.Close()
	fin, err := inventoryService(env).Finalize(ctx, pos[0], env.DataDir)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, fin)
	}
	fmt.Fprintf(c.stdout, "Finalized %q: %d items marked missing; their barcodes for the library server are in %s\n", fin.Inventory, fin.Missing, fin.File)
	return nil
}

func inventoryList(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("inventory list")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	list, err := inventoryService(env).List(ctx)
	if err != nil {
		return err
	}
	out := make([]inventoryJSON, len(list))
	for i, s := range list {
		out[i] = summaryJSON(s)
	}
	return printList(c.stdout, *asJSON, out, "NAME\tSTATUS\tSCOPE\tSCANNED\tACCOUNTED", func(s inventoryJSON) string {
		return fmt.Sprintf("%s\t%s\t%d\t%d\t%.1f%%\n", s.Name, s.Status, s.Scope, s.Scanned, 100*s.Progress)
	})
}

func inventoryExport(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("inventory export")
	pos, env, err := c.openWith(ctx, fs, args, 2, 2, "give the inventory's name and the file to write")
	if err != nil {
		return err
	}
	defer env.Close()
	n := 0
	err = writeFileAtomic(pos[1], func(w io.Writer) error {
		var err error
		n, err = inventoryService(env).Export(ctx, pos[0], w)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, map[string]any{"inventory": pos[0], "scans": n, "file": pos[1]})
	}
	fmt.Fprintf(c.stdout, "Wrote %d scans to %s.\n", n, pos[1])
	return nil
}

func inventoryMerge(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("inventory merge")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give the scan file to merge"}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", pos[0], err)
	}
	defer f.Close()
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	res, err := inventoryService(env).Merge(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, res)
	}
	fmt.Fprintf(c.stdout, "Merged into %q: %d scans added, %d already here.\n", res.Inventory, res.Added, res.Already)
	return nil
}
