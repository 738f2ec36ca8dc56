package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/internal/demoschool"
)

// lockedBuffer is a bytes.Buffer safe to write from the command's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startACS runs `circctl acs` in the background and returns the address
// from its one line of output and a stop function giving the exit status.
func startACS(t *testing.T, args ...string) (string, func() int, *lockedBuffer) {
	t.Helper()
	return startACSIn(t, "", args...)
}

// startACSIn is startACS with stdin given.
func startACSIn(t *testing.T, stdin string, args ...string) (string, func() int, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &lockedBuffer{}
	exit := make(chan int, 1)
	go func() {
		code := runWithInput(ctx, append([]string{"acs"}, args...), strings.NewReader(stdin), pw, stderr)
		pw.Close()
		exit <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("circctl acs printed %q, then %v; stderr: %s", line, err, stderr)
	}
	go io.Copy(io.Discard, pr)
	const prefix = "SIP2 server listening on "
	if !strings.HasPrefix(line, prefix) || !strings.Contains(line, "(institution DEMO") {
		cancel()
		t.Fatalf("first line %q", line)
	}
	addr := strings.Fields(strings.TrimPrefix(line, prefix))[0]
	var once sync.Once
	code := -1
	stop := func() int {
		once.Do(func() { cancel(); code = <-exit })
		return code
	}
	t.Cleanup(func() { stop() })
	return addr, stop, stderr
}

func TestACSServesTheDemoSchool(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "library.db")
	args := []string{"--listen", "127.0.0.1:0", "--library", lib, "--seed-demo", "--institution", "DEMO", "--user", "station", "--password", "pw"}
	addr, stop, stderr := startACS(t, args...)
	if !strings.Contains(stderr.String(), "Seeded the demo school") {
		t.Errorf("stderr %q; want the seeding said", stderr)
	}

	// A demo student in good standing and a book on the shelf.
	ds := demoschool.Generate(time.Now())
	var student, book string
	for _, p := range ds.Patrons {
		if p.Type == circ.Student && !p.Blocked && !p.Expired(time.Now()) {
			student = p.ID
			break
		}
	}
	out := map[string]bool{}
	for _, l := range ds.Loans {
		out[l.Item] = true
	}
	for _, it := range ds.Items {
		if it.Status == circ.Available && !out[it.Barcode] {
			book = it.Barcode
			break
		}
	}
	c := sip2.NewClient(sip2.Config{Address: addr, User: "station", Password: "pw", Institution: "DEMO", KeepAlive: -1})
	if err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	info, err := c.PatronInformation(context.Background(), student, "")
	if err != nil || !info.Valid || info.Name == "" {
		t.Fatalf("patron %s at the demo ACS: %+v, %v", student, info, err)
	}
	r, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: student, Item: book})
	if err != nil || !r.OK || r.Due.IsZero() {
		t.Fatalf("checkout of %s to %s: %+v, %v", book, student, r, err)
	}
	bad := sip2.NewClient(sip2.Config{Address: addr, User: "station", Password: "nope"})
	if err := bad.Connect(context.Background()); err == nil {
		t.Error("the ACS let in a wrong password")
	}
	if code := stop(); code != 0 {
		t.Errorf("interrupted: exit %d; stderr %s", code, stderr)
	}

	// Again on the same file: not seeded twice, the loan is still there.
	addr, stop, stderr = startACS(t, args...)
	if strings.Contains(stderr.String(), "Seeded") {
		t.Error("the library was seeded twice")
	}
	c = sip2.NewClient(sip2.Config{Address: addr, User: "station", Password: "pw", KeepAlive: -1})
	if err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if it, err := c.ItemInformation(context.Background(), book); err != nil || it.CirculationStatus != sip2.StatusCharged {
		t.Errorf("after a restart the book is %+v, %v; want still charged", it, err)
	}
	stop()
}

func TestACSErrors(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "library.db")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	junk := filepath.Join(dir, "junk.pem")
	if err := os.WriteFile(junk, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"port in use", []string{"--listen", busy.Addr().String(), "--library", lib}, 1, "already in use"},
		{"bad certificate", []string{"--listen", "127.0.0.1:0", "--library", lib, "--tls-cert", junk, "--tls-key", junk}, 1, "cannot use the TLS certificate"},
		{"no library", []string{"--listen", "127.0.0.1:0"}, exitUsage, "--library is required"},
		{"user without password", []string{"--listen", "127.0.0.1:0", "--library", lib, "--user", "u"}, exitUsage, "together"},
		{"bad charset", []string{"--listen", "127.0.0.1:0", "--library", lib, "--charset", "ebcdic"}, exitUsage, "unknown charset"},
	} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"acs"}, tc.args...), &out, &errOut)
		msg := errOut.String()
		if code != tc.code || !strings.Contains(msg, tc.says) || strings.Count(strings.TrimSpace(msg), "\n") != 0 || out.Len() != 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and one line saying %q", tc.name, code, out.String(), msg, tc.code, tc.says)
		}
	}
}
