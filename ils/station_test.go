package ils_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/storage"
)

// A small school both sides hold: the station's cache and the library
// server's own library.
const (
	ana, ben, cal        = "1000001", "1000002", "1000003"
	book1, book2, book3  = "31234000000016", "31234000000024", "31234000000032"
	book4, taken, onHold = "31234000000040", "31234000000057", "31234000000065"
)

func school(now time.Time) circ.Dataset {
	ds := circ.Dataset{
		Patrons: []circ.Patron{
			{ID: ana, FirstName: "Ana", LastName: "Diaz", Type: circ.Student},
			{ID: ben, FirstName: "Ben", LastName: "Cho", Type: circ.Student},
			{ID: cal, FirstName: "Cal", LastName: "Moss", Type: circ.Student},
		},
	}
	for _, b := range []string{book1, book2, book3, book4, taken, onHold} {
		ds.Items = append(ds.Items, circ.Item{Barcode: b, Title: "Book " + b[len(b)-3:], Status: circ.Available, Parts: 1})
	}
	return ds
}

// world is a station and its library server, talking SIP2 over loopback.
type world struct {
	station *circ.Desk
	library *circ.Desk // the server's own rules and cache
	srv     *sip2.Server
	addr    string
	rec     *circ.Reconciler
	client  *sip2.Client
	acs     *ils.ACS
}

func openStore(t testing.TB, name string, ds circ.Dataset) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Seed(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	return db
}

func newWorld(t *testing.T, serverUp bool) *world {
	t.Helper()
	return newWorldOf(t, school(time.Now()), serverUp)
}

// newWorldOf is newWorld over the school ds.
func newWorldOf(t *testing.T, ds circ.Dataset, serverUp bool) *world {
	t.Helper()
	w := &world{}
	w.library = &circ.Desk{Store: openStore(t, "library.db", ds), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	w.acs = ils.NewACS(w.library, "SCH")
	w.srv = sip2.NewServer(w.acs, sip2.ServerOptions{Institution: "SCH", User: "sc", Password: "pw"})
	// Reserve an address, so the station knows where the server will be.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.addr = l.Addr().String()
	l.Close()
	if serverUp {
		w.start(t)
	}
	t.Cleanup(func() { w.srv.Close() })
	w.client, w.station, w.rec = station(t, w.addr, ds)
	return w
}

// station is a kiosk's cache and its link to the server at addr.
func station(t testing.TB, addr string, ds circ.Dataset) (*sip2.Client, *circ.Desk, *circ.Reconciler) {
	client := sip2.NewClient(sip2.Config{Address: addr, User: "sc", Password: "pw", Institution: "SCH",
		Timeout: 500 * time.Millisecond, ConnectTimeout: 500 * time.Millisecond, KeepAlive: -1})
	t.Cleanup(func() { client.Close() })
	link := circ.NewLink(ils.NewLibrary(client), 500*time.Millisecond)
	desk := &circ.Desk{Store: openStore(t, "station.db", ds), Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "kiosk", Link: link}
	return client, desk, &circ.Reconciler{Store: desk.Store, Link: link, Clock: circ.SystemClock{}}
}

// serve starts an ACS over library on loopback, with a station-side client.
func serve(t testing.TB, library *circ.Desk) (*sip2.Server, string, *sip2.Client, *circ.Link) {
	srv := sip2.NewServer(ils.NewACS(library, "SCH"), sip2.ServerOptions{Institution: "SCH", User: "sc", Password: "pw"})
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	client := sip2.NewClient(sip2.Config{Address: addr, User: "sc", Password: "pw", Institution: "SCH", KeepAlive: -1})
	t.Cleanup(func() { client.Close() })
	return srv, addr, client, circ.NewLink(ils.NewLibrary(client), time.Second)
}

func (w *world) start(t *testing.T) {
	t.Helper()
	if _, err := w.srv.Start(w.addr); err != nil {
		t.Fatal(err)
	}
}

func (w *world) patron(t *testing.T, id string) circ.Patron {
	t.Helper()
	p, _, _, err := w.station.Identify(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (w *world) pass(t *testing.T) circ.SyncResult {
	t.Helper()
	res, err := w.rec.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// onServer says who has item on the library server ("" = nobody).
func (w *world) onServer(t *testing.T, item string) string {
	t.Helper()
	l, err := w.library.Store.Loan(context.Background(), item)
	if errors.Is(err, circ.ErrNotFound) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return l.Patron
}

func TestOfflineLoansReachTheServerOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, false)
	a := w.patron(t, ana)
	for _, b := range []string{book1, book2} {
		if o, err := w.station.Checkout(ctx, a, b); err != nil || !o.OK || o.Settled {
			t.Fatalf("offline checkout %s: %+v %v", b, o, err)
		}
	}
	w.station.Checkin(ctx, book1)
	if res := w.pass(t); res.Pending != 3 || w.station.Link.State().Online {
		t.Fatalf("with the server down: %+v", res)
	}
	w.start(t)
	if res := w.pass(t); res.Applied != 3 || res.Pending != 0 || res.Exceptions != 0 {
		t.Fatalf("replay: %+v", res)
	}
	if who := w.onServer(t, book2); who != ana {
		t.Errorf("book2 is with %q on the server, want Ana", who)
	}
	if who := w.onServer(t, book1); who != "" {
		t.Errorf("book1 is with %q on the server, want returned", who)
	}
	w.pass(t)
	if n := w.srv.Applied("11", book1); n != 1 {
		t.Errorf("book1 was checked out %d times on the server, want once", n)
	}
	if n := w.srv.Applied("09", book1); n != 1 {
		t.Errorf("book1 was returned %d times on the server, want once", n)
	}
}

func TestReplayRefusedBecomesTypedException(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, false)
	// On the server, Ben already has the book the station lends Ana offline.
	b, _, _, _ := w.library.Identify(ctx, ben)
	if o, _ := w.library.Checkout(ctx, b, taken); !o.OK {
		t.Fatal("setup: the server did not lend to Ben")
	}
	w.station.Checkout(ctx, w.patron(t, ana), taken)
	w.start(t)
	if res := w.pass(t); res.Exceptions != 1 || res.Applied != 0 {
		t.Fatalf("replay of a loan the server refuses: %+v", res)
	}
	ex, err := w.station.Store.Exceptions(ctx, circ.ExceptionFilter{Open: true})
	if err != nil || len(ex) != 1 {
		t.Fatalf("exceptions %+v %v", ex, err)
	}
	if ex[0].Code != circ.ExOnLoanToOther || ex[0].Message == "" || ex[0].Txn.Item != taken {
		t.Errorf("exception %+v, want on_loan_to_other with the server's words", ex[0])
	}
}

func TestLostAnswerIsLookedUpNotResent(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, true)
	w.pass(t) // online
	w.srv.Inject(sip2.Fault{Kind: sip2.FaultDropAfter, Message: "11", Times: 1})
	o, err := w.station.Checkout(ctx, w.patron(t, ana), book3)
	if err != nil || !o.OK || o.Settled {
		t.Fatalf("checkout whose answer is lost: %+v %v; want the local loan, pending", o, err)
	}
	if res := w.pass(t); res.Applied != 1 || res.Pending != 0 {
		t.Fatalf("replay after a lost answer: %+v", res)
	}
	if n := w.srv.Applied("11", book3); n != 1 {
		t.Errorf("the checkout was applied %d times on the server, want exactly once", n)
	}
}

func TestOnlineCheckoutAnswersFromTheServer(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, true)
	w.pass(t)
	a := w.patron(t, ana)
	o, err := w.station.Checkout(ctx, a, book4)
	if err != nil || !o.OK || !o.Settled || o.Due.IsZero() {
		t.Fatalf("online checkout %+v %v", o, err)
	}
	if who := w.onServer(t, book4); who != ana {
		t.Errorf("the server lent book4 to %q", who)
	}
	// Refused online: Ben's book is out to Ana on the server only.
	w.library.Checkout(ctx, a, onHold)
	o, _ = w.station.Checkout(ctx, w.patron(t, ben), onHold)
	if o.OK || o.Code != circ.CodeLibraryRefused || o.Screen == "" {
		t.Fatalf("online refusal %+v, want the server's no and words", o)
	}
	if _, err := w.station.Store.Loan(ctx, onHold); !errors.Is(err, circ.ErrNotFound) {
		t.Error("the station kept a loan the server refused")
	}
}

func TestServerRestartMidSync(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, false)
	a := w.patron(t, ana)
	for _, b := range []string{book1, book2, book3} {
		w.station.Checkout(ctx, a, b)
	}
	w.start(t)
	w.srv.Inject(sip2.Fault{Kind: sip2.FaultDropBefore, Message: "11", Times: 1})
	first := w.pass(t)
	if first.Pending == 0 && first.Applied == 3 {
		t.Log("the client redialled within the pass")
	}
	if err := w.srv.Restart(50 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if res := w.pass(t); res.Pending == 0 {
			break
		}
	}
	for _, b := range []string{book1, book2, book3} {
		if n := w.srv.Applied("11", b); n != 1 {
			t.Errorf("%s applied %d times on the server, want once", b, n)
		}
	}
}

func TestWrongLoginStaysOffline(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, true)
	bad := sip2.NewClient(sip2.Config{Address: w.addr, User: "sc", Password: "wrong", Institution: "SCH", Timeout: 500 * time.Millisecond})
	defer bad.Close()
	link := circ.NewLink(ils.NewLibrary(bad), 500*time.Millisecond)
	rec := &circ.Reconciler{Store: w.station.Store, Link: link, Clock: circ.SystemClock{}}
	w.station.Link = link
	w.station.Checkout(ctx, w.patron(t, ana), book1)
	res, err := rec.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := link.State()
	if st.Online || res.Pending != 1 || !strings.Contains(strings.ToLower(st.Reason), "login") {
		t.Errorf("wrong password: %+v %+v; want offline, saying the login was refused", res, st)
	}
}
