package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/circdesk/circdesk/storage"
)

// killRows is the size of the shelf list TestImportKilled interrupts: the
// cache has its first half (titled "Old"), the list renames those and adds
// as many again (titled "New").
const killRows = 20_000

// TestImportKilled kills an import in another process part way, at each
// step and at random times, and reopens the database: the cache is either
// as it was or the whole shelf list is in it, never part of it, and no
// staged row is left. While the child is stopped part way through staging,
// a station with the file open still sees the old cache.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills import processes")
	}
	rounds := []struct {
		pause   string // where the child stops before it is killed; "" for a random time
		applied bool   // whether the import must be all there after the reopen
	}{
		{"stage:2", false},
		{"commit:1", true},
		{"apply:2", true},
		{"", false},
		{"", false},
	}
	rng := rand.New(rand.NewPCG(3, uint64(time.Now().UnixNano())))
	for i, round := range rounds {
		name := round.pause
		if name == "" {
			name = "random"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "circdesk.db")
			db, err := storage.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Seed(ctx, fixture()); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ApplyShelfList(ctx, bigShelfList(killRows/2, "Old")); err != nil {
				t.Fatal(err)
			}
			var extra []string
			if round.pause != "" {
				extra = append(extra, importChildEnv+"_PAUSE="+round.pause)
			}
			cmd, lines, stderr := importChild(t, path, killRows, "New", extra...)
			if round.pause != "" {
				waitLine(t, lines, "PAUSED", stderr)
				if round.pause == "stage:2" {
					// The station beside the import sees none of it yet.
					if n := countTitled(t, db, "New"); n != 0 {
						t.Errorf("the station sees %d staged items before the import is complete", n)
					}
				}
			} else {
				waitLine(t, lines, "IMPORTING", stderr)
				time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
			}
			kill(t, cmd, lines)
			db.Close()

			db, err = storage.Open(ctx, path)
			if err != nil {
				t.Fatalf("reopen after the kill: %v", err)
			}
			defer db.Close()
			if err := db.IntegrityCheck(ctx); err != nil {
				t.Fatal(err)
			}
			newer, older := countTitled(t, db, "New"), countTitled(t, db, "Old")
			switch {
			case newer == killRows && older == 0:
				if round.pause != "" && !round.applied {
					t.Errorf("killed at %s, before the import was complete, the cache has all of it", round.pause)
				}
			case newer == 0 && older == killRows/2:
				if round.applied {
					t.Errorf("killed at %s, after the import was complete, the cache has none of it", round.pause)
				}
			default:
				t.Fatalf("round %d: after the kill and reopen the cache has %d new and %d old items: half an import", i, newer, older)
			}
			st, err := db.Stats(ctx, t0)
			if err != nil || (st.Items != killRows+4 && st.Items != killRows/2+4) {
				t.Errorf("stats = %+v, %v; want the fixture's 4 items and the old or the new list", st, err)
			}
			var staged int
			if err := rawOpen(t, path).QueryRow(`SELECT (SELECT count(*) FROM import_rows) + (SELECT count(*) FROM import_runs)`).Scan(&staged); err != nil || staged != 0 {
				t.Errorf("after the reopen %d staged rows or runs are left (%v)", staged, err)
			}
			t.Logf("killed at %s: %d new, %d old", name, newer, older)
		})
	}
}

// kill SIGKILLs the import child and waits for it to end.
func kill(t *testing.T, cmd *exec.Cmd, lines <-chan string) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for range lines {
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Logf("the import child ended by itself before it was killed (%v)", err)
	}
}

// countTitled counts the cache's items titled title.
func countTitled(t *testing.T, db *storage.DB, title string) int {
	t.Helper()
	items, err := db.Items(context.Background(), storage.ItemQuery{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if strings.EqualFold(it.Title, title) {
			n++
		}
	}
	return n
}

// TestImportUnfinishedIsFinishedAtOpen: another program takes the file
// right after an import is complete and keeps it past the busy timeout.
// The import says it is saved but not all in the cache (not that nothing
// was imported), and the next Open puts the rest in.
func TestImportUnfinishedIsFinishedAtOpen(t *testing.T) {
	ctx := context.Background()
	db, path := openShortBusy(t, 50*time.Millisecond)
	raw := rawOpen(t, path)
	var other *sql.Tx
	stop := storage.ObserveImports(func(tx storage.ImportTx) {
		if tx.Step == "commit" {
			var err error
			if other, err = raw.Begin(); err != nil { // BEGIN IMMEDIATE: the write lock
				panic(err)
			}
		}
	})
	_, err := db.ApplyShelfList(ctx, bigShelfList(2000, "New"))
	stop()
	if other == nil {
		t.Fatal("the import never reached its commit")
	}
	other.Rollback()
	if !errors.Is(err, storage.ErrImportUnfinished) || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), "next time") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("ApplyShelfList = %q; want ErrImportUnfinished naming %s in one line", err, path)
	}
	db.Close()
	db, err = storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := countTitled(t, db, "New"); n != 2000 {
		t.Errorf("after the reopen %d of the 2000 imported items are in the cache", n)
	}
}
