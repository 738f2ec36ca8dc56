package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/circdesk/circdesk"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/formats/koc"
	"github.com/circdesk/circdesk/formats/render"
)

// kocJSON is what export-koc reports.
type kocJSON struct {
	File         string `json:"file,omitempty"`
	Transactions int    `json:"transactions"`
	DryRun       bool   `json:"dry_run"`
	// Unsure counts rows sent to the server whose answer was lost: they
	// are left for `circctl sync` to settle, never exported.
	Unsure int `json:"unsure"`
}

// runExportKOC writes the transactions that have not reached the library
// server as a Koha offline circulation (KOC 1.0) file, a fallback when SIP2
// replay is not possible, and marks them exported: never replayed. A row
// that was sent (its answer lost) is left for sync: it may have reached
// the server already. It holds the sending lease, so no reconciler sends
// while it exports.
func runExportKOC(ctx context.Context, c *cli, args []string) error {
	fs, asJSON := newFlags("export-koc")
	dry := fs.Bool("dry-run", false, "say what would be exported; write and mark nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give the file to write"}
	}
	if err := checkWritablePath(pos[0]); err != nil {
		return err
	}
	env, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	release, holder, ok, err := env.DB.SendLease().Acquire("circctl export-koc")
	if err != nil {
		return err
	}
	if !ok {
		return &circ.BusyError{Holder: holder}
	}
	defer release()
	rows, err := env.DB.Journal(ctx, circ.JournalFilter{Sync: circ.Pending})
	if err != nil {
		return fmt.Errorf("read pending transactions: %w", err)
	}
	var account func(string) string // the station's account prefix and suffix
	if env.Station.Rules != nil {
		account = env.Station.Rules.Account
	}
	kw := koc.Writer{GeneratorVersion: circdesk.Version(), Account: func(id string) string {
		return circ.ServerAccount(ctx, env.DB, id, account)
	}}
	var file bytes.Buffer
	res, err := kw.Write(&file, rows)
	if err != nil {
		return err
	}
	out := kocJSON{DryRun: *dry, Transactions: len(res.IDs), Unsure: res.Unsure}
	path := pos[0]
	if !*dry {
		if err := render.WriteFile(path, file.Bytes()); err != nil {
			return err // "cannot write PATH: why"
		}
		if _, err := env.DB.MarkExported(ctx, res.IDs); err != nil {
			// Nothing marked: take the file back, so it cannot be loaded
			// and then replayed too.
			os.Remove(path)
			return fmt.Errorf("the exported transactions could not be marked, so %s was removed: %w", path, err)
		}
		out.File = path
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	switch {
	case *dry:
		fmt.Fprintf(c.stdout, "Would write %d transactions to %s.\n", out.Transactions, path)
	default:
		fmt.Fprintf(c.stdout, "Wrote %d transactions to %s; they will not be sent again.\n", out.Transactions, path)
	}
	if out.Unsure > 0 {
		fmt.Fprintf(c.stdout, "%d transactions were sent but not confirmed; run 'circctl sync' to settle them.\n", out.Unsure)
	}
	return nil
}

// checkWritablePath says in one sentence why a file cannot be written at
// path (its folder is missing, or path is a folder), before any work.
func checkWritablePath(path string) error {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder; give a file name in it", path)
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: the folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("cannot write %s: %w", path, errors.Unwrap(err))
	case !info.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	}
	return nil
}
