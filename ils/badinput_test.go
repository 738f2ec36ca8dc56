package ils_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
)

// oddServer is the project's ACS with item answers rewritten: the
// circulation status of chosen items, as a server that says little would.
type oddServer struct {
	*ils.ACS
	status map[string]int
}

func (s oddServer) ItemInformation(ctx context.Context, r sip2.ItemInformationRequest) sip2.ItemInformation {
	info := s.ACS.ItemInformation(ctx, r)
	if cs, ok := s.status[r.Item]; ok {
		info.CirculationStatus = cs
	}
	return info
}

// oddWorld is a station whose cache knows the school, online to a server
// that also knows extra and answers 17 for the items in status so.
func oddWorld(t *testing.T, extra circ.Dataset, status map[string]int) *world {
	t.Helper()
	ds := school(time.Now())
	lib := ds
	lib.Patrons = append(append([]circ.Patron(nil), ds.Patrons...), extra.Patrons...)
	lib.Items = append(append([]circ.Item(nil), ds.Items...), extra.Items...)
	w := &world{}
	w.library = &circ.Desk{Store: openStore(t, "library.db", lib), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	w.srv = sip2.NewServer(oddServer{ils.NewACS(w.library, "SCH"), status}, sip2.ServerOptions{Institution: "SCH", User: "sc", Password: "pw"})
	addr, err := w.srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.addr = addr
	t.Cleanup(func() { w.srv.Close() })
	w.client, w.station, w.rec = station(t, w.addr, ds)
	w.pass(t)
	return w
}

// What the server says badly gives a clear refusal or a flag, never a
// crash or a half-written row.
func TestBadAnswersAreRefusedCleanly(t *testing.T) {
	ctx := context.Background()
	const (
		garbled, nameless = "1000011", "1000012"
		other, oddCode    = "31234000000115", "31234000000123"
	)
	extra := circ.Dataset{
		Patrons: []circ.Patron{
			{ID: garbled, FirstName: "R2#D2", LastName: "\x01\x02", Type: circ.Student},
			{ID: nameless, Type: circ.Student},
		},
		Items: []circ.Item{
			{Barcode: other, Title: "Status Other", Status: circ.Available, Parts: 1},
			{Barcode: oddCode, Title: "Status 42", Status: circ.Available, Parts: 1},
		},
	}
	w := oddWorld(t, extra, map[string]int{other: sip2.StatusOther, oddCode: 42})

	for _, id := range []string{garbled, nameless} {
		p, view, code, err := w.station.Identify(ctx, id)
		if err != nil || code != "" {
			t.Fatalf("identify %s (bad name): %v %q; want the card accepted, without a name", id, err, code)
		}
		if view.FirstName != "" || p.FirstName != "" || p.LastName != "" {
			t.Errorf("patron %s cached as %q %q; want no name at all", id, p.FirstName, p.LastName)
		}
	}
	// BL N: the server does not know the card.
	if _, _, _, err := w.station.Identify(ctx, "1000099"); !errors.Is(err, circ.ErrUnknownPatron) {
		t.Errorf("identify a card the server calls invalid: %v", err)
	}
	if _, err := w.station.Store.Patron(ctx, "1000099"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("an invalid card left a row: %v", err)
	}
	a := w.patron(t, ana)
	for _, b := range []string{other, oddCode} {
		o, err := w.station.Checkout(ctx, a, b)
		if err != nil || o.OK || o.Code != circ.CodeNotLoanable {
			t.Errorf("checkout of %s, whose status the server does not give: %+v %v; want not loanable", b, o, err)
		}
		if _, err := w.station.Store.Item(ctx, b); !errors.Is(err, circ.ErrNotFound) {
			t.Errorf("an item of unclear status left a row: %v", err)
		}
		if w.srv.Applied("11", b) != 0 {
			t.Errorf("%s was sent to the server", b)
		}
	}
}

// rawServer speaks just enough SIP2 to log a station in and answers every
// 63 with 96 (it could not read it), as a broken server might.
func rawServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\r')
					if err != nil {
						return
					}
					var answer string
					switch {
					case strings.HasPrefix(line, "93"):
						answer = "941"
					case strings.HasPrefix(line, "99"):
						answer = "98YYYYNN99900320261201    0822252.00AOSCH|BXYYYYYYYYYYYYYYYY|"
					default:
						answer = "96"
					}
					if _, err := c.Write([]byte(answer + "\r")); err != nil {
						return
					}
				}
			}()
		}
	}()
	return l.Addr().String()
}

func TestPatronInformationAnswered96(t *testing.T) {
	ctx := context.Background()
	addr := rawServer(t)
	client := sip2.NewClient(sip2.Config{Address: addr, User: "sc", Password: "pw", Institution: "SCH",
		Timeout: time.Second, ConnectTimeout: time.Second, KeepAlive: -1})
	t.Cleanup(func() { client.Close() })
	link := circ.NewLink(ils.NewLibrary(client), time.Second)
	desk := &circ.Desk{Store: openStore(t, "station.db", school(time.Now())), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "kiosk", Link: link}
	rec := &circ.Reconciler{Store: desk.Store, Link: link, Clock: circ.SystemClock{}}
	if _, err := rec.Pass(ctx); err != nil || !link.State().Online {
		t.Fatalf("the station did not get online: %v %+v", err, link.State())
	}
	_, _, _, err := desk.Identify(ctx, "1000077")
	if !errors.Is(err, circ.ErrUnknownPatron) {
		t.Fatalf("identify with a server that answers 96: %v; want the card refused as unknown", err)
	}
	if _, err := desk.Store.Patron(ctx, "1000077"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("a 96 left a patron row: %v", err)
	}
}
