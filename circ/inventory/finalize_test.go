package inventory_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
)

// Finalize hands its barcode file to the station's save (the durable one,
// formats/render.WriteFile, in the windows and the CLI) before the marks are
// committed: a power cut after the commit cannot leave the marks without
// their file, or with half of it.
func TestFinalizeSavesItsFileDurablyBeforeTheCommit(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, shelf, "desk")
	start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction", From: "590", To: "599"})
	type saved struct {
		path, data string
		open       bool // the inventory was still open when the file was saved
	}
	var saves []saved
	save := e.svc.WriteFile
	e.svc.WriteFile = func(path string, data []byte) error {
		inv, err := e.db.Inventory(ctx, "Animals")
		if err != nil {
			return err
		}
		saves = append(saves, saved{path, string(data), inv.Status == inventory.Open})
		return save(path, data)
	}
	fin, err := e.svc.Finalize(ctx, "Animals", e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(saves) != 1 || saves[0].path != fin.File || !saves[0].open {
		t.Fatalf("saves %+v for finalize %+v; want one, of its file, before the commit", saves, fin)
	}
	if want := strings.Join(fin.Barcodes, "\n") + "\n"; saves[0].data != want || fin.Missing != 8 {
		t.Errorf("saved %q; want the %d barcodes marked, one a line", saves[0].data, len(fin.Barcodes))
	}
}

// A finalize whose commit does not happen (the disk full at the commit, or
// the station killed right after the file was saved) leaves the inventory
// open with nothing marked; finalize runs again, and what the librarian is
// told to send, the file the inventory records, is the second run's, right.
func TestFinalizeWhoseCommitFailsRunsAgain(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, shelf, "desk")
	m := &meddling{DB: e.db, afterWrite: errors.New("database or disk is full")}
	e.svc.Store = m
	ss := start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction", From: "590", To: "599"})
	var tried []string
	save := e.svc.WriteFile
	e.svc.WriteFile = func(path string, data []byte) error {
		tried = append(tried, path)
		return save(path, data)
	}
	if _, err := e.svc.Finalize(ctx, "Animals", e.dir); err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("finalize whose commit failed: %v", err)
	}
	if len(tried) != 1 {
		t.Fatalf("the file was saved %d times before the failed commit, want once", len(tried))
	}
	if sums, _ := e.svc.List(ctx); len(sums) != 1 || sums[0].Status != inventory.Open || sums[0].MissingFile != "" {
		t.Errorf("after the failed commit: %+v; want the inventory open, no file recorded", sums)
	}
	if it, _ := e.db.Item(ctx, "B590"); it.Status != circ.Available {
		t.Errorf("an unscanned book is %s after the failed commit", it.Status)
	}

	// The librarian scans one more book and finalizes again.
	m.afterWrite = nil
	scan(t, ss, "B590")
	fin, err := e.svc.Finalize(ctx, "Animals", e.dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(fin.File)
	if err != nil || fin.Missing != 7 || strings.Contains(string(data), "B590\n") || strings.Count(string(data), "\n") != 7 {
		t.Errorf("the second finalize = %+v, file %q, %v; want the 7 not found, without the book scanned since", fin, data, err)
	}
	if sums, _ := e.svc.List(ctx); len(sums) != 1 || sums[0].Status != inventory.Finalized || sums[0].MissingFile != fin.File {
		t.Errorf("after the second finalize: %+v; want it finalized with the second run's file %s", sums, fin.File)
	}
	if len(tried) != 2 || tried[1] != fin.File {
		t.Errorf("saves %q; want the second run's file %s saved once more", tried, fin.File)
	}
}
