package circ_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

func TestCleanRefusesCodesNoLabelHolds(t *testing.T) {
	rules, err := circ.NewClassifier(circ.DefaultScanRules())
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("3", circ.MaxCodeLength+1)
	for raw, want := range map[string]string{
		strings.Repeat("3", circ.MaxCodeLength): strings.Repeat("3", circ.MaxCodeLength),
		long + "\r\n":                           "",
		"3104\x1b[2J7000100010":                 "",
		"3104\x007000100010":                    "",
		"\x0231047000100010\r\n":                "31047000100010",
	} {
		if got := rules.Clean(raw); got != want {
			t.Errorf("Clean(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestALongScanIsNeverJournaled: a code over 64 characters (a QR code, a
// scanner gone wrong) is refused before the journal sees it.
func TestALongScanIsNeverJournaled(t *testing.T) {
	db, desk, clock := openFixture(t)
	st := circ.NewStation(desk, circ.StationConfig{Mode: circ.ModeCheckin}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go st.Run(ctx)
	scan(t, st, strings.Repeat("3", 200))
	clock.Add(3 * time.Second)
	scan(t, st, "31\x1b]0;x\x0747000100010")
	clock.Add(3 * time.Second)
	scan(t, st, samsBook) // the station still answers what follows
	rows, err := db.Journal(context.Background(), circ.JournalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r.Item) > circ.MaxCodeLength || strings.ContainsAny(r.Item, "\x1b\x07") {
			t.Errorf("journaled %q", r.Item)
		}
	}
	if len(rows) != 1 || rows[0].Item != samsBook {
		t.Errorf("journal %+v, want only the return of %s", rows, samsBook)
	}
}
