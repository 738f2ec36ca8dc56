package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

// withExceptions returns a data directory with two open exceptions, 1 and 2.
func withExceptions(t *testing.T) string {
	t.Helper()
	dir := seeded(t)
	student, item := borrower(t, dir)
	circctl(t, dir, "checkout", student, item)
	circctl(t, dir, "checkin", item)
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending})
	if err != nil || len(rows) != 2 {
		t.Fatalf("journal: %d rows, %v", len(rows), err)
	}
	for _, r := range rows {
		if err := db.Settle(ctx, circ.Settlement{Txn: r.ID, Sync: circ.SyncException, Code: circ.ExOnHold, Message: "Item on hold", At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestExceptionsResolveRetryJSON: resolve and retry print one JSON object
// with --json.
func TestExceptionsResolveRetryJSON(t *testing.T) {
	dir := withExceptions(t)
	code, out, stderr := circctl(t, dir, "exceptions", "resolve", "1", "--note", "lent by hand", "--json")
	got := decode[map[string]any](t, out)
	if code != 0 || got["id"] != float64(1) || got["resolved"] != true || got["note"] != "lent by hand" || len(got) != 3 {
		t.Errorf("resolve --json: exit %d, %s %s; want {\"id\":1,\"resolved\":true,\"note\":\"lent by hand\"}", code, out, stderr)
	}
	code, out, stderr = circctl(t, dir, "exceptions", "retry", "2", "--json")
	got = decode[map[string]any](t, out)
	if code != 0 || got["id"] != float64(2) || got["retried"] != true || len(got) != 2 {
		t.Errorf("retry --json: exit %d, %s %s; want {\"id\":2,\"retried\":true}", code, out, stderr)
	}
	// Without --json, a sentence.
	dir = withExceptions(t)
	if code, out, _ := circctl(t, dir, "exceptions", "retry", "2"); code != 0 || out != "Exception 2 queued to send again.\n" {
		t.Errorf("retry: exit %d, %q", code, out)
	}
}

// TestExceptionsErrorsAreOneSentence: an exception resolved twice, an
// unknown one and a number that is not one each say so once.
func TestExceptionsErrorsAreOneSentence(t *testing.T) {
	dir := withExceptions(t)
	if code, _, stderr := circctl(t, dir, "exceptions", "resolve", "2", "--note", "done"); code != 0 {
		t.Fatalf("resolve: exit %d %s", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"resolve", "2", "--note", "again"}, 1, "circctl exceptions: exception 2 was already resolved.\n"},
		{[]string{"retry", "2"}, 1, "circctl exceptions: exception 2 was already resolved.\n"},
		{[]string{"retry", "9"}, 1, "circctl exceptions: there is no exception 9.\n"},
		{[]string{"retry", "-1"}, exitUsage, `circctl exceptions: give an exception number, like 2, not "-1". Usage:`},
		{[]string{"resolve", "-7", "--note", "x"}, exitUsage, `circctl exceptions: give an exception number, like 2, not "-7". Usage:`},
		{[]string{"retry", "two"}, exitUsage, `circctl exceptions: give an exception number, like 2, not "two". Usage:`},
		{[]string{"retry"}, exitUsage, "circctl exceptions: give an exception number, like 2. Usage:"},
	} {
		code, out, stderr := circctl(t, dir, append([]string{"exceptions"}, tc.args...)...)
		if code != tc.code || out != "" || !strings.HasPrefix(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("exceptions %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, out, stderr, tc.code, tc.want)
		}
	}
}
