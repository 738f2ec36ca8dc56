package storage_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// importRows is the size of the shelf lists the import tests apply while
// the desk works: large enough that, applied in one transaction, it holds
// the writer for seconds (with -race), small enough to keep each test
// well under 20 s. BenchmarkImportWhileCheckout uses the 300,000 rows of
// the issue.
const importRows = 60_000

// importChildEnv names the database the import child works on; the child
// of TestImportWhileCheckoutAcrossProcesses and of TestImportKilled.
const importChildEnv = "CIRCDESK_STORAGE_IMPORT_DB"

// importBarcode is the i-th item of a generated shelf list.
func importBarcode(i int) string { return fmt.Sprintf("4%013d", i) }

// bigShelfList is a shelf list of n items, each titled title.
func bigShelfList(n int, title string) circ.ShelfList {
	list := circ.ShelfList{
		Rows: make([]circ.ShelfRow, n),
		Has:  map[string]bool{"barcode": true, "title": true, "author": true, "call_number": true, "location": true},
	}
	for i := range list.Rows {
		list.Rows[i] = circ.ShelfRow{Line: i + 2, Item: circ.Item{
			Barcode: importBarcode(i), Title: title, Author: fmt.Sprintf("Author %d", i%5000),
			CallNumber: fmt.Sprintf("%03d.%02d AUT", i%1000, i%100), Location: "Stacks",
		}}
	}
	return list
}

// probeBusy opens path as another program would, with no busy timeout: its
// begin fails at once while some connection holds the write lock.
func probeBusy(t testing.TB, path string) func() bool {
	t.Helper()
	raw, err := sql.Open("sqlite3", path+"?_busy_timeout=0&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	return func() bool {
		tx, err := raw.Begin()
		if err == nil {
			tx.Rollback()
			return false
		}
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrBusy {
			return true
		}
		t.Fatalf("probe the write lock: %v", err)
		return false
	}
}

// waitWriting returns once the writer is seen held (by the import) or the
// import is done.
func waitWriting(t testing.TB, busy func() bool, done <-chan struct{}) {
	t.Helper()
	for !busy() {
		select {
		case <-done:
			return
		case <-time.After(time.Millisecond):
		}
	}
}

// deskPace is the pause between two desk decisions in the import tests: a
// busy desk, far busier than a real one (a class at the kiosk is a decision
// every second or two), that still leaves the import room to run.
const deskPace = 10 * time.Millisecond

// lendAndReturn lends the fixture's Frog and Toad to Ben and takes it back,
// i times over, through the desk: each decision is one write transaction.
func lendAndReturn(ctx context.Context, desk *circ.Desk, ben circ.Patron, i int) error {
	const item = "30000000000011"
	var o circ.Outcome
	var err error
	if i%2 == 0 {
		o, err = desk.Checkout(ctx, ben, item)
	} else {
		o, err = desk.Checkin(ctx, item)
	}
	if err != nil {
		return err
	}
	if !o.OK {
		return fmt.Errorf("decision %d refused: %s", i, o.Code)
	}
	return nil
}

// TestImportWhileCheckout applies a large shelf list on the station's own
// database while the desk lends and returns a book: the desk keeps
// deciding while the import runs, and every decision succeeds.
func TestImportWhileCheckout(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: fixedClock{t0}, Station: "desk"}
	ben, _, _, err := desk.Identify(ctx, "1002")
	if err != nil {
		t.Fatal(err)
	}
	busy := probeBusy(t, path)

	list := bigShelfList(importRows, "New")
	done := make(chan struct{})
	var res storage.ShelfListResult
	var importErr error
	go func() {
		defer close(done)
		res, importErr = db.ApplyShelfList(ctx, list)
	}()
	waitWriting(t, busy, done)

	decisions, during := 0, 0
	for running := true; running; decisions++ {
		if err := lendAndReturn(ctx, desk, ben, decisions); err != nil {
			t.Fatalf("decision %d during the import: %v", decisions, err)
		}
		select {
		case <-done:
			running = false
		default:
			during++
		}
		time.Sleep(deskPace)
	}
	if importErr != nil || res.Added != importRows {
		t.Fatalf("ApplyShelfList = %+v, %v; want %d added", res, importErr, importRows)
	}
	if during == 0 {
		t.Errorf("no decision finished while the import ran (%d decisions): the import held the desk's writer throughout", decisions)
	}
	t.Logf("%d decisions, %d of them while the import ran", decisions, during)
	if it, err := db.Item(ctx, importBarcode(importRows-1)); err != nil || it.Title != "New" {
		t.Errorf("last imported item = %+v, %v", it, err)
	}
}

// TestImportChild is the import child of the cross-process tests: it
// applies a generated shelf list to the database named by importChildEnv,
// saying "IMPORTING" before and "DONE <added>" after on stdout. With
// importChildEnv_PAUSE it stops part way (see below).
func TestImportChild(t *testing.T) {
	path := os.Getenv(importChildEnv)
	if path == "" {
		t.Skip("the child of the cross-process import tests")
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := strconv.Atoi(os.Getenv(importChildEnv + "_ROWS"))
	if err != nil {
		t.Fatal(err)
	}
	if pause := os.Getenv(importChildEnv + "_PAUSE"); pause != "" {
		// "step:n": stop for good after the n-th transaction of step that
		// wrote rows, and say "PAUSED", for TestImportKilled to kill it there.
		step, nth, _ := strings.Cut(pause, ":")
		n, err := strconv.Atoi(nth)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		defer storage.ObserveImports(func(tx storage.ImportTx) {
			if tx.Step == step && (tx.Rows > 0 || step == "commit") {
				if seen++; seen == n {
					fmt.Fprintln(os.Stdout, "PAUSED")
					time.Sleep(time.Hour)
				}
			}
		})()
	}
	holds := map[string]time.Duration{}
	if os.Getenv(importChildEnv+"_REPORT") != "" {
		// For BenchmarkImportWhileCheckout: how long the import took and
		// held the writer, said before DONE.
		defer storage.ObserveImports(func(tx storage.ImportTx) {
			holds[tx.Step] = max(holds[tx.Step], tx.Hold)
		})()
	}
	list := bigShelfList(n, os.Getenv(importChildEnv+"_TITLE"))
	fmt.Fprintln(os.Stdout, "IMPORTING")
	start := time.Now()
	res, err := db.ApplyShelfList(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "TOOK %d\n", time.Since(start))
	for step, d := range holds {
		fmt.Fprintf(os.Stdout, "HOLD %s %d\n", step, d)
	}
	fmt.Fprintf(os.Stdout, "DONE %d\n", res.Added+res.Updated)
}

// importChild starts a child process that applies a shelf list of rows
// items titled title to the database at path. Its stdout lines arrive on
// the returned channel, which is closed when the child ends.
func importChild(t testing.TB, path string, rows int, title string, extra ...string) (*exec.Cmd, <-chan string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), importChildEnv+"="+path,
		importChildEnv+"_ROWS="+strconv.Itoa(rows), importChildEnv+"_TITLE="+title)
	cmd.Env = append(cmd.Env, extra...)
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return cmd, lines, stderr
}

// waitLine waits for a line of the child that starts with prefix.
func waitLine(t testing.TB, lines <-chan string, prefix string, stderr *bytes.Buffer) string {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the import child ended before saying %q: %s", prefix, stderr)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-timeout:
			t.Fatalf("the import child never said %q: %s", prefix, stderr)
		}
	}
}

// TestImportWhileCheckoutAcrossProcesses runs the import in another
// process (circctl shelflist import beside the open window): every
// checkout at the desk during it succeeds. The station waits one second
// for the other process's lock instead of five, so that an import holding
// the writer as long as this one takes is enough to fail without the fix.
func TestImportWhileCheckoutAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.OpenWith(ctx, path, storage.OpenOptions{BusyTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: fixedClock{t0}, Station: "desk"}
	ben, _, _, err := desk.Identify(ctx, "1002")
	if err != nil {
		t.Fatal(err)
	}
	busy := probeBusy(t, path)

	cmd, lines, stderr := importChild(t, path, importRows, "New")
	waitLine(t, lines, "IMPORTING", stderr)
	finished := make(chan struct{})
	result := make(chan string, 1)
	go func() {
		defer close(finished)
		for l := range lines {
			if strings.HasPrefix(l, "DONE") {
				result <- l
			}
		}
	}()
	waitWriting(t, busy, finished)

	decisions := 0
	for running := true; running; decisions++ {
		if err := lendAndReturn(ctx, desk, ben, decisions); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("decision %d during the other process's import: %v", decisions, err)
		}
		select {
		case <-finished:
			running = false
		default:
		}
		time.Sleep(deskPace)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("import child: %v: %s", err, stderr)
	}
	select {
	case l := <-result:
		if l != fmt.Sprintf("DONE %d", importRows) {
			t.Errorf("import child said %q; want DONE %d", l, importRows)
		}
	default:
		t.Fatalf("the import child did not finish its import: %s", stderr)
	}
	t.Logf("%d decisions during the other process's import", decisions)
	if it, err := db.Item(ctx, importBarcode(importRows-1)); err != nil || it.Title != "New" {
		t.Errorf("last imported item = %+v, %v", it, err)
	}
}
