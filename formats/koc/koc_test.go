package koc

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

var morning = time.Date(2026, 12, 1, 9, 30, 5, 123_456_789, time.UTC)

// journal is a morning at the desk while the server was down.
func journal() []circ.Transaction {
	return []circ.Transaction{
		{ID: 1, Action: circ.Checkout, Patron: "1016458", Item: "31047000100010", At: morning},
		{ID: 2, Action: circ.Checkin, Item: "31047000100028", At: morning.Add(time.Second)},
		{ID: 3, Action: circ.MarkMissing, Item: "31047000100036", At: morning.Add(2 * time.Second)}, // never goes to the server
		{ID: 4, Action: circ.Renew, Patron: "1016459", Item: "31047000100044", At: morning.Add(3 * time.Second)},
		{ID: 5, Action: circ.Checkout, Patron: "1016460", Item: "31047000100051", At: morning.Add(4 * time.Second), Sent: true}, // its answer lost
	}
}

// The file Koha's offline circulation upload reads, byte for byte.
func TestWriteGolden(t *testing.T) {
	kw := Writer{GeneratorVersion: "0.1", Account: func(id string) string { return "S" + id }}
	var b bytes.Buffer
	res, err := kw.Write(&b, journal())
	if err != nil {
		t.Fatal(err)
	}
	want := "Version=1.0\tGenerator=circdesk\tGeneratorVersion=0.1\n" +
		"2026-12-01 09:30:05 123\tissue\tS1016458\t31047000100010\n" +
		"2026-12-01 09:30:06 123\treturn\t31047000100028\n" +
		"2026-12-01 09:30:08 123\tissue\tS1016459\t31047000100044\n"
	if b.String() != want {
		t.Errorf("file:\n%q\nwant:\n%q", b.String(), want)
	}
	if !slices.Equal(res.IDs, []int64{1, 2, 4}) || res.Unsure != 1 {
		t.Errorf("result %+v; want rows 1, 2 and 4 written, one unsure left for sync", res)
	}
}

// Every transaction written reads back as what happened: its time to the
// millisecond, the action, the server's account and the item.
func TestWriteReadsBack(t *testing.T) {
	kw := Writer{GeneratorVersion: "1.4.2"}
	var b bytes.Buffer
	if _, err := kw.Write(&b, journal()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if lines[0] != "Version=1.0\tGenerator=circdesk\tGeneratorVersion=1.4.2" {
		t.Errorf("header %q; want the generator's version given", lines[0])
	}
	want := map[int64]circ.Transaction{}
	for _, tx := range journal() {
		want[tx.ID] = tx
	}
	ids := []int64{1, 2, 4}
	if len(lines) != 1+len(ids) {
		t.Fatalf("%d lines, want the header and %d", len(lines), len(ids))
	}
	for i, line := range lines[1:] {
		tx := want[ids[i]]
		f := strings.Split(line, "\t")
		// "2026-12-01 09:30:05 123": the time, then its milliseconds.
		at, err := time.Parse("2006-01-02 15:04:05 .000", f[0][:20]+"."+f[0][20:])
		if err != nil || !at.Equal(tx.At.Truncate(time.Millisecond)) {
			t.Errorf("line %q: time %v, %v; want %v", line, at, err, tx.At)
		}
		switch tx.Action {
		case circ.Checkout, circ.Renew:
			if len(f) != 4 || f[1] != "issue" || f[2] != tx.Patron || f[3] != tx.Item {
				t.Errorf("line %q; want an issue of %s to %s", line, tx.Item, tx.Patron)
			}
		case circ.Checkin:
			if len(f) != 3 || f[1] != "return" || f[2] != tx.Item {
				t.Errorf("line %q; want the return of %s", line, tx.Item)
			}
		}
	}
}

type brokenDisk struct{}

func (brokenDisk) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestWriteSaysWhenItCannot(t *testing.T) {
	_, err := Writer{GeneratorVersion: "0.1"}.Write(brokenDisk{}, journal())
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Errorf("writing to a full disk: %v", err)
	}
}
