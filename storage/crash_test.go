package storage_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// crashDBEnv names the database the crash child works on.
const crashDBEnv = "CIRCDESK_STORAGE_CRASH_DB"

const (
	crashPatrons = 8
	crashItems   = 40
	crashRounds  = 24
)

func crashPatron(i int) string { return fmt.Sprintf("%04d", 7000+i) }
func crashItem(i int) string   { return fmt.Sprintf("3700000000%04d", i) }

// TestCrashChild is the child process of TestCrash: it lends and returns
// books as fast as it can and says "ACK <journal id> <action> <item>" on
// stdout after each Outcome, until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashDBEnv)
	if path == "" {
		t.Skip("the child of TestCrash")
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "crash"}
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	fmt.Fprintln(os.Stdout, "READY") // os.Stdout is unbuffered: one write per line
	for {
		item := crashItem(rng.IntN(crashItems))
		var o circ.Outcome
		loan, err := db.Loan(ctx, item)
		switch {
		case err == nil && rng.IntN(4) == 0:
			var p circ.Patron
			if p, err = db.Patron(ctx, loan.Patron); err == nil {
				o, err = desk.Renew(ctx, p, item)
			}
		case err == nil:
			o, err = desk.Checkin(ctx, item)
		case errors.Is(err, circ.ErrNotFound):
			var p circ.Patron
			if p, err = db.Patron(ctx, crashPatron(rng.IntN(crashPatrons))); err == nil {
				o, err = desk.Checkout(ctx, p, item)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(os.Stdout, "ACK %d %s %s\n", o.Txn, o.Action, item)
	}
}

type ack struct {
	action circ.Action
	item   string
}

// TestCrash kills a process in the middle of checkouts and check-ins again
// and again and checks that every transaction it acknowledged is in the
// journal with its effect, that nothing is half applied, and that the file
// is sound. (SIGKILL tests atomicity and commit-before-acknowledge; a power
// cut is what synchronous=FULL is for and no test here can pull the plug.)
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 24 processes")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var d circ.Dataset
	for i := range crashPatrons {
		d.Patrons = append(d.Patrons, circ.Patron{ID: crashPatron(i), FirstName: "T", Type: circ.Teacher})
	}
	for i := range crashItems {
		d.Items = append(d.Items, circ.Item{Barcode: crashItem(i), Title: "Book " + strconv.Itoa(i)})
	}
	if _, err := db.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	db.Close()

	acked := map[int64]ack{}
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	for round := range crashRounds {
		// Every sixth child dies while it is still opening the database.
		fromStart := round%6 == 5
		lines := runAndKill(t, path, time.Duration(5+rng.IntN(146))*time.Millisecond, fromStart)
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) != 4 || f[0] != "ACK" {
				continue
			}
			id, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || id <= 0 {
				t.Fatalf("round %d: child acknowledged %q without a journal row", round, l)
			}
			if prev, dup := acked[id]; dup {
				// Row ids are never reused: an earlier acknowledgement was lost.
				t.Fatalf("round %d: journal row %d acknowledged twice, for %s %s and %s %s",
					round, id, prev.action, prev.item, f[2], f[3])
			}
			acked[id] = ack{circ.Action(f[2]), f[3]}
		}
		checkAfterCrash(t, path, round, acked)
	}
	if len(acked) < 2*crashRounds {
		t.Fatalf("only %d transactions were acknowledged in %d rounds: too few to prove anything", len(acked), crashRounds)
	}
	t.Logf("%d rounds, %d acknowledged transactions survived", crashRounds, len(acked))
}

// runAndKill starts a crash child, SIGKILLs it after wait (counted from
// when it is ready, or from its start), and returns what it printed.
func runAndKill(t *testing.T, path string, wait time.Duration, fromStart bool) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDBEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	done := make(chan []string)
	go func() {
		var lines []string
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "READY" {
				close(ready)
			}
			lines = append(lines, sc.Text())
		}
		done <- lines
	}()
	if !fromStart {
		select {
		case <-ready:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("the crash child never got ready: %s", stderr.String())
		}
	}
	time.Sleep(wait)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	lines := <-done
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the crash child ended by itself (%v) before it was killed:\n%s\n%s", err, strings.Join(lines, "\n"), stderr.String())
	}
	return lines
}

// checkAfterCrash reopens the database and holds it to the journal.
func checkAfterCrash(t *testing.T, path string, round int, acked map[int64]ack) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("round %d: reopen after the kill: %v", round, err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	journal, err := db.Journal(ctx, circ.JournalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]circ.Transaction{}
	for i, r := range journal {
		byID[r.ID] = r
		if r.Seq != int64(i+1) {
			t.Errorf("round %d: journal row %d has seq %d; want %d (no gaps)", round, r.ID, r.Seq, i+1)
		}
	}
	for id, a := range acked {
		r, ok := byID[id]
		if !ok {
			t.Fatalf("round %d: acknowledged transaction %d (%s %s) is not in the journal", round, id, a.action, a.item)
		}
		if r.Action != a.action || r.Item != a.item {
			t.Fatalf("round %d: journal row %d is %s %s; the child acknowledged %s %s", round, id, r.Action, r.Item, a.action, a.item)
		}
	}

	// Replay the journal: the last accepted row of each item decides its loan.
	type state struct {
		out      bool
		patron   string
		due      time.Time
		renewals int
	}
	want := map[string]state{}
	for _, r := range journal {
		if !r.OK {
			continue
		}
		s := want[r.Item]
		switch r.Code {
		case circ.CodeCheckedOut:
			s = state{out: true, patron: r.Patron, due: r.Due}
		case circ.CodeRenewed:
			s.due, s.renewals = r.Due, s.renewals+1
		case circ.CodeReturned, circ.CodeNotOnLoan:
			s = state{}
		default:
			t.Fatalf("round %d: unexpected accepted row %+v", round, r)
		}
		want[r.Item] = s
	}
	for i := range crashItems {
		barcode := crashItem(i)
		w := want[barcode]
		item, err := db.Item(ctx, barcode)
		if err != nil {
			t.Fatal(err)
		}
		loan, err := db.Loan(ctx, barcode)
		switch {
		case w.out && err != nil:
			t.Errorf("round %d: %s: the journal lends it to %s, the cache has no loan (%v)", round, barcode, w.patron, err)
		case w.out && (loan.Patron != w.patron || loan.Renewals != w.renewals || !loan.Due.Equal(w.due) || item.Status != circ.OnLoan):
			t.Errorf("round %d: %s: cache has %+v, status %s; the journal says %+v", round, barcode, loan, item.Status, w)
		case !w.out && !errors.Is(err, circ.ErrNotFound):
			t.Errorf("round %d: %s: the journal has it back, the cache has loan %+v (%v)", round, barcode, loan, err)
		case !w.out && item.Status != circ.Available:
			t.Errorf("round %d: %s: the journal has it back, its status is %s", round, barcode, item.Status)
		}
	}
}
