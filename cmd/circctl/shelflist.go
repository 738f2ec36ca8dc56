package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/formats/shelflist"
	"github.com/circdesk/circdesk/storage"
)

type shelfListJSON struct {
	Added     int                `json:"added"`
	Updated   int                `json:"updated"`
	Unchanged int                `json:"unchanged"`
	Rejected  []circ.ShelfReject `json:"rejected"`
}

func runShelfList(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError{"say 'import FILE'"}
	}
	fs, asJSON := newFlags("shelflist import")
	mapFile := fs.String("map", "", "column mapping (TOML)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give the shelf-list file to import"}
	}
	var m shelflist.Mapping
	if *mapFile != "" {
		data, err := os.ReadFile(*mapFile)
		if err != nil {
			return fmt.Errorf("cannot read the column mapping %s: %w", *mapFile, err)
		}
		if m, err = shelflist.ParseMapping(data); err != nil {
			return err
		}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", pos[0], err)
	}
	defer f.Close()
	list, err := shelflist.Read(f, m)
	if err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	res, err := env.DB.ApplyShelfList(ctx, list)
	var nothing *circ.NothingImported
	if errors.As(err, &nothing) {
		// Why each row was rejected, then the failure.
		if *asJSON {
			printJSON(c.stdout, shelfListJSON{Rejected: nonNil(list.Rejected)})
		} else {
			for _, r := range list.Rejected {
				fmt.Fprintf(c.stdout, "line %d: %s\n", r.Line, r.Reason)
			}
		}
		return err
	}
	switch {
	case errors.Is(err, storage.ErrImportUnfinished):
		return err // saved: the next start finishes it, so "nothing was imported" would be wrong
	case err != nil:
		return fmt.Errorf("nothing was imported: %w", err)
	}
	out := shelfListJSON{Added: res.Added, Updated: res.Updated, Unchanged: res.Unchanged, Rejected: list.Rejected}
	if out.Rejected == nil {
		out.Rejected = []circ.ShelfReject{}
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	fmt.Fprintf(c.stdout, "%d items added, %d updated, %d unchanged, %d rows rejected.\n", out.Added, out.Updated, out.Unchanged, len(out.Rejected))
	for _, r := range out.Rejected {
		fmt.Fprintf(c.stdout, "line %d: %s\n", r.Line, r.Reason)
	}
	return nil
}
