package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/formats/roster"
)

type rosterImportJSON struct {
	Added       int                 `json:"added"`
	Updated     int                 `json:"updated"`
	Adopted     int                 `json:"adopted"` // had by card number, now linked to the roster, unchanged
	Deactivated int                 `json:"deactivated"`
	Classes     int                 `json:"classes"`
	Enrollments int                 `json:"enrollments"`
	Skipped     int                 `json:"skipped"` // parents and guardians, not imported
	DryRun      bool                `json:"dry_run"`
	Rejected    []circ.RosterReject `json:"rejected"`
	Warnings    []string            `json:"warnings"`
}

func runRoster(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError{"the roster command is: roster import PATH"}
	}
	fs, asJSON := newFlags("roster import")
	format := fs.String("format", "", "oneroster or csv (default: from the path)")
	mapFile := fs.String("map", "", "column mapping of a plain CSV (TOML)")
	idField := fs.String("id-field", "", "OneRoster user field holding the card number: identifier (default), sourcedId, username or userIds:TYPE")
	full := fs.Bool("full", false, "the roster is complete: make roster patrons it lacks inactive")
	force := fs.Bool("force", false, "with --full, allow making more than a third of the roster inactive")
	dry := fs.Bool("dry-run", false, "count what would change, change nothing")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one roster: a OneRoster folder or zip, or a CSV file"}
	}
	switch circ.RosterFormat(*format) {
	case "", circ.OneRoster, circ.PlainCSV:
	default:
		return usageError{fmt.Sprintf("--format must be oneroster or csv, not %q", *format)}
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	// The flags win over circdesk.toml's [roster].
	opt, err := env.Config.RosterOptions(env.DataDir)
	if err != nil {
		return err
	}
	opt.Format = circ.RosterFormat(*format)
	if *idField != "" {
		opt.IDField = *idField
	}
	if *mapFile != "" {
		if opt.Map, err = roster.LoadMapping(*mapFile); err != nil {
			return err
		}
	}
	r, err := roster.Load(pos[0], opt)
	if err != nil {
		return err
	}
	res, err := env.Store().ImportRoster(ctx, r, circ.RosterOptions{
		Full: *full, Force: *force, DryRun: *dry, Source: filepath.Base(pos[0]), At: time.Now(),
	})
	var mass *circ.MassDeactivation
	if errors.As(err, &mass) {
		return fmt.Errorf("%w (if it is right, import again with --force)", err)
	}
	var nothing *circ.NothingImported
	if errors.As(err, &nothing) {
		// Why each row was rejected, then the failure.
		if *asJSON {
			printJSON(c.stdout, rosterImportJSON{DryRun: *dry, Rejected: nonNil(res.Rejected), Warnings: nonNil(r.Warnings)})
		} else {
			printRosterRejects(c.stdout, res.Rejected)
		}
		return err
	}
	if err != nil {
		return err
	}
	out := rosterImportJSON{
		Added: res.Added, Updated: res.Updated, Adopted: res.Adopted, Deactivated: res.Deactivated, Classes: res.Classes,
		Enrollments: res.Enrollments, Skipped: r.Skipped, DryRun: *dry,
		Rejected: res.Rejected, Warnings: r.Warnings,
	}
	if out.Rejected == nil {
		out.Rejected = []circ.RosterReject{}
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	verb := "Imported"
	if *dry {
		verb = "Would import (dry run)"
	}
	fmt.Fprintf(c.stdout, "%s: %d added, %d updated, %d already here, %d made inactive; %d classes, %d enrollments.\n",
		verb, out.Added, out.Updated, out.Adopted, out.Deactivated, out.Classes, out.Enrollments)
	for _, w := range out.Warnings {
		fmt.Fprintf(c.stdout, "warning: %s\n", w)
	}
	return printRosterRejects(c.stdout, out.Rejected)
}

// printRosterRejects lists the roster rows that were not imported.
func printRosterRejects(w io.Writer, rejected []circ.RosterReject) error {
	if len(rejected) == 0 {
		return nil
	}
	fmt.Fprintf(w, "%d rows were not imported:\n", len(rejected))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, rj := range rejected {
		fmt.Fprintf(tw, "%s\tline %d\t%s\n", rj.File, rj.Line, rj.Reason)
	}
	return tw.Flush()
}

// nonNil is s, or an empty slice for nil (JSON [] rather than null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
