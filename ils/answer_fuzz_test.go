package ils

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/storage"
)

// FuzzAnswersToCacheRows feeds whatever a server might put in an 18 or a
// 64 through the mapping to circ and into a real cache: each answer is a
// whole row or none, every row is one circ can read back, a status is
// always one of circ's, and no last name, digit or control character
// reaches a cached first name.
func FuzzAnswersToCacheRows(f *testing.F) {
	f.Add(3, "Frog and Toad", "", 0, "Lopez, Maya", true, "              ", 1, "31234000000016", 10)
	f.Add(1, "", "", 0, "", false, "YYYY          ", 0, "", 0)                                   // SIPServer's unknown item and patron
	f.Add(1, "A title", "", 0, "Maya Lopez", true, "Y             ", -1, "", 0)                  // status other; counts blank
	f.Add(42, "Status 42", "20261201    082240", 2, "\x01\x02", true, "", 3, "a,b", 0)           // an undefined status; a garbled name
	f.Add(4, "Charged", "garbage", 99999, "   ,   ", true, "  Y", 2, "31234000000016,x|y", 9999) // a bad due date and counts
	f.Add(12, "Lost\x00book\ufffd", "", 0, strings.Repeat("Ann ", 40), true, "", 0, "", 0)
	f.Add(8, "On the shelf", "", 1, "O'Brien-Smith, Mary Ann", true, "", 0, "", 0)
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	var n atomic.Int64
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status int, title, due string, queue int, name string, valid bool, flags string, charged int, au string, limit int) {
		i := n.Add(1)
		barcode, card := fmt.Sprintf("3%013d", i), fmt.Sprintf("F%d", i)
		info := sip2.ItemInformation{CirculationStatus: status, Title: title, DueRaw: due, HoldQueueLength: queue, Item: barcode}
		info.Due, _ = sip2.ParseDue(due, time.UTC)
		it := itemFromSIP(info)
		if !it.Status.Valid() {
			t.Fatalf("status %d mapped to %q", status, it.Status)
		}
		switch got, err := db.LearnItem(ctx, barcode, it, at); {
		case errors.Is(err, circ.ErrNotFound), errors.Is(err, circ.ErrUnclear):
			if _, err := db.Item(ctx, barcode); !errors.Is(err, circ.ErrNotFound) {
				t.Fatalf("a refused answer left an item row: %v", err)
			}
		case err != nil:
			t.Fatalf("learn item %+v: %v", it, err)
		default:
			back, err := db.Item(ctx, barcode)
			if err != nil || back != got || !back.Status.Valid() || back.Source != circ.SourceServer {
				t.Fatalf("item row %+v %v; learned %+v", back, err, got)
			}
			if strings.ContainsFunc(back.Title, unicode.IsControl) || strings.ContainsRune(back.Title, unicode.ReplacementChar) {
				t.Fatalf("title %q keeps control or undecodable characters", back.Title)
			}
		}

		var items []string
		if au != "" {
			items = strings.Split(au, ",")
		}
		pi := sip2.PatronInformation{Valid: valid, Status: sip2.ParsePatronStatusFlags(flags), Name: name,
			ChargedCount: charged, ChargedItems: items, ChargedLimit: limit}
		p := patronFromSIP(pi)
		switch got, err := db.LearnPatron(ctx, card, p, at); {
		case errors.Is(err, circ.ErrNotFound):
			if valid {
				t.Fatalf("a valid patron was not learned")
			}
			if _, err := db.Patron(ctx, card); !errors.Is(err, circ.ErrNotFound) {
				t.Fatalf("an invalid patron left a row: %v", err)
			}
		case err != nil:
			t.Fatalf("learn patron %+v: %v", p, err)
		default:
			back, err := db.Patron(ctx, card)
			if err != nil || back != got || back.Source != circ.SourceServer || back.LastName != "" {
				t.Fatalf("patron row %+v %v; learned %+v", back, err, got)
			}
			if strings.ContainsFunc(back.FirstName, func(r rune) bool { return unicode.IsControl(r) || unicode.IsDigit(r) || r == ',' }) {
				t.Fatalf("first name %q from %q", back.FirstName, name)
			}
			if _, last := splitName(name); last != "" && strings.Contains(back.FirstName, last) && !strings.Contains(firstOf(name), last) {
				t.Fatalf("first name %q keeps the last name %q", back.FirstName, last)
			}
		}
	})
}

func firstOf(name string) string { f, _ := splitName(name); return f }
