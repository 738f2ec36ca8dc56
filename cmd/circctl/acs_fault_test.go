package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/ils/sip2"
)

// TestACSFaultFlags: circctl acs --fault makes the server lose a request,
// lose an answer, stall and send garbage, each for the requests it names.
func TestACSFaultFlags(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "library.db")
	addr, _, _ := startACS(t, "--listen", "127.0.0.1:0", "--library", lib, "--institution", "DEMO",
		"--fault", "drop-before:11:patron=P9:times=1",
		"--fault", "drop-after:11:item=31047000100010:times=1",
		"--fault", "stall:29:times=1",
		"--fault", "garbage:17:times=1",
		"--fault", "delay:09:1ms")
	c := sip2.NewClient(sip2.Config{Address: addr, Institution: "DEMO", Timeout: 300 * time.Millisecond, KeepAlive: -1})
	if err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	checkout := func(patron, item string) error {
		_, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: patron, Item: item})
		return err
	}
	renew := func() error {
		_, err := c.Renew(ctx, sip2.RenewRequest{Patron: "P1", Item: "31047000100010"})
		return err
	}
	item := func() error { _, err := c.ItemInformation(ctx, "31047000100010"); return err }
	checkin := func() error { _, err := c.Checkin(ctx, sip2.CheckinRequest{Item: "31047000100010"}); return err }
	for _, step := range []struct {
		what string
		err  error
		want []error
	}{
		{"checkout of another item", checkout("P1", "31047000100028"), nil},
		{"checkout of the faulty item", checkout("P1", "31047000100010"), []error{sip2.ErrAmbiguous}},
		{"checkout of the faulty item again", checkout("P1", "31047000100010"), nil},
		{"checkout to P9", checkout("P9", "31047000100028"), []error{sip2.ErrAmbiguous}},
		{"checkout to P9 again", checkout("P9", "31047000100028"), nil},
		{"renewal", renew(), []error{sip2.ErrTimeout, sip2.ErrAmbiguous}},
		{"renewal again", renew(), nil},
		{"item information", item(), []error{sip2.ErrProtocol}},
		{"item information again", item(), nil},
		{"delayed check-in", checkin(), nil},
	} {
		if len(step.want) == 0 && step.err != nil {
			t.Errorf("%s: %v; want an answer", step.what, step.err)
		}
		for _, w := range step.want {
			if !errors.Is(step.err, w) {
				t.Errorf("%s: %v; want %v", step.what, step.err, w)
			}
		}
	}
}

func TestACSFaultFlagErrors(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "library.db")
	for _, tc := range []struct{ fault, says string }{
		{"boom:11", `--fault "boom:11": "boom" is not a kind of fault; use drop-before, drop-after, stall, delay`},
		{"delay:09", `--fault "delay:09": a delay needs how long, like delay:09:2s`},
		{"stall:11:times=0", `times is a whole number from 1`},
		{"drop-after", `a fault is KIND:MESSAGE, like drop-after:11`},
	} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"acs", "--listen", "127.0.0.1:0", "--library", lib, "--fault", tc.fault}, &out, &errOut)
		msg := errOut.String()
		if code != exitUsage || !strings.Contains(msg, tc.says) || strings.Count(strings.TrimSpace(msg), "\n") != 0 || out.Len() != 0 {
			t.Errorf("--fault %s: exit %d, stdout %q, stderr %q; want exit %d and one line saying %q", tc.fault, code, out.String(), msg, exitUsage, tc.says)
		}
	}
}

func TestACSHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"acs", "--help"}, &out, &errOut)
	help := out.String()
	if code != 0 || errOut.Len() != 0 {
		t.Fatalf("acs --help: exit %d, stderr %q", code, errOut.String())
	}
	for _, want := range append(sip2.FaultKinds(), "--fault KIND:MESSAGE[:OPTION]", "item=BARCODE", "patron=ID", "times=N", "-idle-timeout", "-listen") {
		if !strings.Contains(help, want) {
			t.Errorf("acs --help does not say %q:\n%s", want, help)
		}
	}
}
