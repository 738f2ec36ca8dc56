package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/storage"
	"github.com/zalando/go-keyring"
)

// childEnv makes the test binary run circctl itself (see TestMain): the
// arguments, separated by the unit separator.
const childEnv = "CIRCCTL_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	// No test touches the real OS keyring: it "fails" as on a headless
	// Linux, and passwords go to their 0600 files (keyring_test.go mocks
	// a working one).
	keyring.MockInitWithError(errors.New("no OS keyring in tests"))
	if args := os.Getenv(childEnv); args != "" {
		os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child is circctl in a process of its own.
func child(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(append([]string{"--data-dir", dir}, args...), "\x1f"))
	return cmd
}

// replaySchool is a station whose journal holds offline transactions, and
// a library server (the project's ACS) that knows the same school.
type replaySchool struct {
	dir   string
	srv   *sip2.Server
	items []string
}

// newReplaySchool journals, offline, a checkout of each of n items (to
// students in turn) and, with returns, a check-in of each after it.
func newReplaySchool(t *testing.T, n int, returns bool) *replaySchool {
	t.Helper()
	ctx := context.Background()
	var ds circ.Dataset
	students := (n + 9) / 10
	for i := range students {
		ds.Patrons = append(ds.Patrons, circ.Patron{ID: fmt.Sprintf("%07d", 2000000+i), FirstName: "S", LastName: fmt.Sprint(i), Type: circ.Student})
	}
	s := &replaySchool{dir: t.TempDir()}
	for i := range n {
		b := fmt.Sprintf("3%013d", 1000+i)
		s.items = append(s.items, b)
		ds.Items = append(ds.Items, circ.Item{Barcode: b, Title: "Book " + b, Status: circ.Available, Parts: 1})
	}
	station, err := storage.Open(ctx, filepath.Join(s.dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := station.Seed(ctx, ds); err != nil {
		t.Fatal(err)
	}
	desk := &circ.Desk{Store: station, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "kiosk"}
	for i, b := range s.items {
		p, _, _, err := desk.Identify(ctx, ds.Patrons[i%students].ID)
		if err != nil {
			t.Fatal(err)
		}
		if o, err := desk.Checkout(ctx, p, b); err != nil || !o.OK {
			t.Fatalf("offline checkout %s: %+v %v", b, o, err)
		}
		if returns {
			if o, err := desk.Checkin(ctx, b); err != nil || !o.OK {
				t.Fatalf("offline check-in %s: %+v %v", b, o, err)
			}
		}
	}
	station.Close()

	library, err := storage.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { library.Close() })
	if _, err := library.Seed(ctx, ds); err != nil {
		t.Fatal(err)
	}
	lib := &circ.Desk{Store: library, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	// The server's loans run longer, so no due date is the librarian's business.
	lib.Policy.LoanDays[circ.Student] = 28
	s.srv = sip2.NewServer(ils.NewACS(lib, "SCH"), sip2.ServerOptions{Institution: "SCH", User: "sc", Password: "pw"})
	addr, err := s.srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.srv.Close() })
	if code, _, stderr := circctlIn(t, s.dir, "pw\n", "server", "add", "acs", "--address", addr,
		"--institution", "SCH", "--user", "sc", "--password-stdin"); code != 0 {
		t.Fatalf("server add: %s", stderr)
	}
	return s
}

// exactlyOnce checks that the server applied every checkout (and, with
// returns, every check-in) once, and that nothing waits or was refused.
func (s *replaySchool) exactlyOnce(t *testing.T, returns bool) {
	t.Helper()
	code, out, stderr := circctl(t, s.dir, "sync", "--json")
	res := decode[circ.SyncResult](t, out)
	if code != 0 || res.Pending != 0 || res.Exceptions != 0 {
		t.Fatalf("the clean pass: exit %d %+v %s", code, res, stderr)
	}
	if _, out, _ := circctl(t, s.dir, "exceptions", "--json"); strings.Count(out, `"code"`) != 0 {
		t.Errorf("exceptions after replay: %s", out)
	}
	twice := 0
	for _, b := range s.items {
		if n := s.srv.Applied("11", b); n != 1 {
			twice++
			if twice < 5 {
				t.Errorf("the server applied the checkout of %s %d times, want once", b, n)
			}
		}
		if n := s.srv.Applied("09", b); returns && n != 1 {
			t.Errorf("the server applied the return of %s %d times, want once", b, n)
		}
	}
	if twice > 0 {
		t.Errorf("%d of %d checkouts were not applied exactly once", twice, len(s.items))
	}
}

// circctl sync killed at random moments, again and again, while replaying
// 200 check-out/check-in pairs: a clean pass after it, and the server has
// applied each transaction exactly once.
func TestSyncKilledMidPassAppliesEachOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	s := newReplaySchool(t, 200, true)
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 24; k++ {
		cmd := child(s.dir, "sync", "--json")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A random moment of the pass: not a timing assertion.
		time.Sleep(time.Duration(20+rng.IntN(300)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	s.exactlyOnce(t, true)
}

// Two programs replay one data directory at once: nothing is sent twice,
// and the one that finds the other sending says so in a sentence.
func TestTwoReconcilersInTwoProcesses(t *testing.T) {
	s := newReplaySchool(t, 300, false)
	var outs [2]bytes.Buffer
	var cmds [2]*exec.Cmd
	for i := range cmds {
		cmds[i] = child(s.dir, "sync", "--json")
		cmds[i].Stderr = &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			msg := strings.TrimSpace(outs[i].String())
			if !strings.HasSuffix(msg, "is sending to the library server now; try again in a minute.") {
				t.Errorf("the second program failed with %q, want a sentence naming who is sending", msg)
			}
		}
	}
	s.exactlyOnce(t, false)
}

// export-koc exports only what has not reached the server and marks it, so
// nothing exported is ever replayed; --dry-run looks without marking; a row
// whose answer was lost is left for sync.
func TestExportKOCMarksWhatItExports(t *testing.T) {
	s := newReplaySchool(t, 3, false)
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(s.dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending})
	db.MarkSent(ctx, []int64{rows[2].ID}) // sent, its answer lost
	db.Close()
	koc := filepath.Join(t.TempDir(), "out.koc")
	code, out, _ := circctl(t, s.dir, "export-koc", "--dry-run", "--json", koc)
	if r := decode[kocJSON](t, out); code != 0 || r.Transactions != 2 || r.Unsure != 1 {
		t.Fatalf("dry run: exit %d %+v", code, r)
	}
	if _, err := os.Stat(koc); err == nil {
		t.Fatal("a dry run wrote the file")
	}
	if code, out, stderr := circctl(t, s.dir, "export-koc", "--json", koc); code != 0 || decode[kocJSON](t, out).Transactions != 2 {
		t.Fatalf("export: exit %d %s %s", code, out, stderr)
	}
	if info, err := os.Stat(koc); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the KOC file: %v %v, want it readable only by its owner", info, err)
	}
	_, out, _ = circctl(t, s.dir, "export-koc", "--json", filepath.Join(t.TempDir(), "again.koc"))
	if r := decode[kocJSON](t, out); r.Transactions != 0 {
		t.Errorf("a second export wrote %d transactions again", r.Transactions)
	}
	circctl(t, s.dir, "sync", "--json")
	for i, b := range s.items {
		want := 0
		if i == 2 {
			want = 1 // the unsure one: settled by sync
		}
		if n := s.srv.Applied("11", b); n != want {
			t.Errorf("%s reached the server %d times over SIP2, want %d", b, n, want)
		}
	}
}
