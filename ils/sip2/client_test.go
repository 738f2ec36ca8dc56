package sip2_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"log/slog"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/ils/sip2"
)

var due = time.Date(2026, 12, 15, 23, 59, 59, 0, time.UTC)

// echoACS answers every message with values taken from the request and a
// patron name in every charset's trouble spots, so a round trip shows each
// field made it across.
type echoACS struct {
	sip2.BaseHandler
	mu       sync.Mutex
	checkins []sip2.CheckinRequest
}

const patronName = "José Núñez-Müller"

func (h *echoACS) Status(context.Context, sip2.StatusRequest) sip2.ACSStatus {
	return sip2.ACSStatus{Online: true, CheckinOK: true, CheckoutOK: true, RenewalPolicy: true, TimeoutPeriod: 30, RetriesAllowed: 3,
		LibraryName: "Bibliothèque", Supported: &sip2.SupportedMessages{Checkout: true, Checkin: true, Status: true, Login: true,
			PatronStatus: true, PatronInformation: true, ItemInformation: true, Renew: true, EndSession: true, ItemStatusUpdate: true}}
}

func (h *echoACS) PatronStatus(_ context.Context, r sip2.PatronStatusRequest) sip2.PatronStatus {
	return sip2.PatronStatus{Patron: r.Patron, Name: patronName, Valid: true, ValidPassword: yesIf(r.Password == "1234")}
}

func yesIf(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

func (h *echoACS) PatronInformation(_ context.Context, r sip2.PatronInformationRequest) sip2.PatronInformation {
	p := sip2.PatronInformation{Patron: r.Patron, Name: patronName, Valid: true, HoldCount: 0, OverdueCount: 1, ChargedCount: 2,
		UnavailableHoldCount: -1, ChargedLimit: 10, Status: sip2.PatronStatusFlags{TooManyOverdue: true}}
	if r.Summary == sip2.SummaryCharged {
		p.ChargedItems = []string{"31234000000016", "31234000000024"}
	}
	return p
}

func (h *echoACS) ItemInformation(_ context.Context, r sip2.ItemInformationRequest) sip2.ItemInformation {
	return sip2.ItemInformation{CirculationStatus: sip2.StatusCharged, SecurityMarker: 2, Item: r.Item, Title: "Cien años de soledad",
		Due: due, HoldQueueLength: 2}
}

func (h *echoACS) Checkout(_ context.Context, r sip2.CheckoutRequest) sip2.CheckoutResponse {
	return sip2.CheckoutResponse{OK: true, Desensitize: "Y", Magnetic: "N", Patron: r.Patron, Item: r.Item, Title: "Le Petit Prince",
		Due: due, Messages: []string{"Checked out", "Due " + due.Format(time.DateOnly)}}
}

func (h *echoACS) Checkin(_ context.Context, r sip2.CheckinRequest) sip2.CheckinResponse {
	h.mu.Lock()
	h.checkins = append(h.checkins, r)
	h.mu.Unlock()
	return sip2.CheckinResponse{OK: true, Resensitize: true, Magnetic: "N", Alert: true, AlertType: sip2.AlertHoldLocal, Item: r.Item,
		Title: "Hatchet", PermanentLocation: "Fiction", HoldPatronID: "1000002", HoldPatronName: "Zoë Brontë"}
}

func (h *echoACS) Renew(_ context.Context, r sip2.RenewRequest) sip2.RenewResponse {
	return sip2.RenewResponse{OK: true, Renewal: true, Patron: r.Patron, Item: r.Item, Title: "Hatchet", Due: due}
}

func (h *echoACS) ItemStatusUpdate(_ context.Context, r sip2.ItemStatusUpdateRequest) sip2.ItemStatusUpdateResponse {
	return sip2.ItemStatusUpdateResponse{OK: r.Properties == "afi=07", Item: r.Item}
}

// serve starts srv on loopback and closes it when the test ends.
func serve(t testing.TB, srv *sip2.Server) string {
	t.Helper()
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return addr
}

// connect returns a connected client, closed when the test ends.
func connect(t testing.TB, cfg sip2.Config) *sip2.Client {
	t.Helper()
	c := sip2.NewClient(cfg)
	if err := c.Connect(context.Background()); err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestClientServerRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, cs := range []sip2.Charset{sip2.CP850, sip2.Latin1, sip2.UTF8} {
		for _, ed := range []bool{false, true} {
			h := &echoACS{}
			srv := sip2.NewServer(h, sip2.ServerOptions{Institution: "DEMO", User: "kiosk", Password: "pw", Charset: cs})
			c := connect(t, sip2.Config{Address: serve(t, srv), User: "kiosk", Password: "pw", Institution: "DEMO", Charset: cs, ErrorDetection: ed, KeepAlive: -1})
			name := string(cs)
			if ed {
				name += "+AY/AZ"
			}

			st, ok := c.ServerStatus()
			if !ok || !st.Online || st.LibraryName != "Bibliothèque" || st.Institution != "DEMO" || !st.Supports("11") || st.Supports("37") {
				t.Errorf("%s: status at connect %+v", name, st)
			}
			if st, err := c.Status(ctx); err != nil || !st.CheckoutOK || st.TimeoutPeriod != 30 {
				t.Errorf("%s: Status = %+v, %v", name, st, err)
			}
			co, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: "1000001", Item: "31234000000016"})
			if err != nil || !co.OK || co.Title != "Le Petit Prince" || !co.Due.Equal(due) || co.Desensitize != "Y" ||
				len(co.Messages) != 2 || co.Patron != "1000001" || !strings.HasPrefix(co.Raw, "121NNY") {
				t.Errorf("%s: Checkout = %+v, %v", name, co, err)
			}
			back := time.Date(2026, 11, 27, 15, 4, 5, 0, time.UTC)
			ci, err := c.Checkin(ctx, sip2.CheckinRequest{Item: "31234000000016", ReturnDate: back})
			if err != nil || !ci.OK || !ci.Resensitize || ci.AlertType != "01" || ci.HoldPatronName != "Zoë Brontë" || ci.HoldPatronID != "1000002" {
				t.Errorf("%s: Checkin = %+v, %v", name, ci, err)
			}
			if got := h.checkins[len(h.checkins)-1]; !got.ReturnDate.Equal(back) || got.Institution != "DEMO" {
				t.Errorf("%s: the server read the checkin as %+v", name, got)
			}
			rn, err := c.Renew(ctx, sip2.RenewRequest{Patron: "1000001", Item: "31234000000016"})
			if err != nil || !rn.OK || !rn.Renewal || !rn.Due.Equal(due) {
				t.Errorf("%s: Renew = %+v, %v", name, rn, err)
			}
			it, err := c.ItemInformation(ctx, "31234000000016")
			if err != nil || it.CirculationStatus != sip2.StatusCharged || it.Title != "Cien años de soledad" || !it.Due.Equal(due) || it.HoldQueueLength != 2 {
				t.Errorf("%s: ItemInformation = %+v, %v", name, it, err)
			}
			pi, err := c.PatronInformation(ctx, "1000001", "")
			if err != nil || !pi.Valid || pi.Name != patronName || pi.ChargedCount != 2 || pi.OverdueCount != 1 || pi.UnavailableHoldCount != -1 ||
				len(pi.ChargedItems) != 2 || pi.ChargedLimit != 10 || !pi.Status.TooManyOverdue {
				t.Errorf("%s: PatronInformation = %+v, %v", name, pi, err)
			}
			ps, err := c.PatronStatus(ctx, "1000001", "1234")
			if err != nil || !ps.Valid || ps.Name != patronName || ps.ValidPassword != "Y" {
				t.Errorf("%s: PatronStatus = %+v, %v", name, ps, err)
			}
			if err := c.EndSession(ctx, "1000001"); err != nil {
				t.Errorf("%s: EndSession: %v", name, err)
			}
			if err := c.ItemStatusUpdate(ctx, "31234000000016", "afi=07"); err != nil {
				t.Errorf("%s: ItemStatusUpdate: %v", name, err)
			}
			if err := c.ItemStatusUpdate(ctx, "31234000000016", "afi=c2"); !errors.Is(err, sip2.ErrRefused) {
				t.Errorf("%s: a declined ItemStatusUpdate: %v, want ErrRefused", name, err)
			}
			for _, id := range []string{"93", "99", "11", "09", "29", "17", "63", "23", "35", "19"} {
				if srv.Requests(id) == 0 {
					t.Errorf("%s: the server never got a %s", name, id)
				}
			}
		}
	}
}

func TestLogin(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{User: "kiosk", Password: "right"})
	addr := serve(t, srv)
	c := sip2.NewClient(sip2.Config{Address: addr, User: "kiosk", Password: "wrong"})
	err := c.Connect(context.Background())
	if !errors.Is(err, sip2.ErrLoginRefused) || !strings.Contains(err.Error(), "refused the login") {
		t.Errorf("wrong password: %v, want ErrLoginRefused", err)
	}
	if _, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "2"}); !errors.Is(err, sip2.ErrNotConnected) {
		t.Errorf("checkout after a refused login: %v, want ErrNotConnected", err)
	}
	// No login at all: the server hangs up at the first real request.
	c = connect(t, sip2.Config{Address: addr, KeepAlive: -1})
	if _, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "2"}); !errors.Is(err, sip2.ErrAmbiguous) {
		t.Errorf("checkout without login: %v", err)
	}
	if srv.Applied("11", "2") != 0 {
		t.Error("a checkout without login was applied")
	}
	connect(t, sip2.Config{Address: addr, User: "kiosk", Password: "right"})
}

func TestNotConnected(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := sip2.NewClient(sip2.Config{Address: addr})
	if _, err := c.Status(context.Background()); !errors.Is(err, sip2.ErrNotConnected) {
		t.Errorf("Status before Connect: %v", err)
	}
	if err := c.Connect(context.Background()); !errors.Is(err, sip2.ErrNotConnected) || !strings.Contains(err.Error(), addr) {
		t.Errorf("Connect to a closed port: %v", err)
	}
}

// scripted is a raw TCP peer answering each line with reply(request); a
// reply "" sends nothing, one ending in "CLOSE" writes what precedes and
// hangs up.
func scripted(t *testing.T, reply func(req string) string) (string, func() []string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []string
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer nc.Close()
				buf := make([]byte, 0, 256)
				one := make([]byte, 1)
				for {
					if _, err := nc.Read(one); err != nil {
						return
					}
					if one[0] != '\r' {
						buf = append(buf, one[0])
						continue
					}
					req := string(buf)
					buf = buf[:0]
					mu.Lock()
					got = append(got, req)
					mu.Unlock()
					out := reply(req)
					closing := strings.HasSuffix(out, "CLOSE")
					out = strings.TrimSuffix(out, "CLOSE")
					if out != "" {
						nc.Write([]byte(out))
					}
					if closing {
						return
					}
				}
			}()
		}
	}()
	return l.Addr().String(), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

const ok98 = "98YYYYNN03000320261201    0822252.00AODEMO|BXYYYYYYYYYYYYYYYY|"

// checked adds the error-detection trailer with the sequence number of req.
func checked(req, body string) string {
	seq := "0"
	if i := strings.LastIndex(req, "AY"); i >= 0 && i+2 < len(req) {
		seq = req[i+2 : i+3]
	}
	s := body + "AY" + seq + "AZ"
	return s + sip2.Checksum([]byte(s))
}

func TestSequenceNumbersWrap(t *testing.T) {
	addr, got := scripted(t, func(req string) string { return checked(req, ok98) + "\r" })
	c := connect(t, sip2.Config{Address: addr, ErrorDetection: true, KeepAlive: -1})
	for range 11 {
		if _, err := c.Status(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var seqs []string
	for _, r := range got() {
		i := strings.Index(r, "AY")
		seqs = append(seqs, r[i+2:i+3])
		if sum := sip2.Checksum([]byte(r[:len(r)-4])); sum != r[len(r)-4:] {
			t.Errorf("request %q has checksum %s, want %s", r, r[len(r)-4:], sum)
		}
	}
	if s := strings.Join(seqs, ""); s != "012345678901" {
		t.Errorf("sequence numbers %s, want 0-9 then wrapping to 0", s)
	}
}

func TestTerminators(t *testing.T) {
	for _, term := range []string{"\r", "\r\n", "\n"} {
		addr, _ := scripted(t, func(req string) string { return ok98 + term })
		c := connect(t, sip2.Config{Address: addr, KeepAlive: -1})
		for range 3 {
			if _, err := c.Status(context.Background()); err != nil {
				t.Errorf("answers ending in %q: %v", term, err)
			}
		}
	}
}

// TestBadAnswers: each broken answer is a clear error, ambiguous when the
// request may have been applied, and the next request works again.
func TestBadAnswers(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		fault   sip2.Fault
		want    []error
		applied int
		text    string
	}{
		{"malformed", sip2.Fault{Kind: sip2.FaultMalformed}, []error{sip2.ErrProtocol, sip2.ErrAmbiguous}, 1, "truncated"},
		{"garbage", sip2.Fault{Kind: sip2.FaultGarbage}, []error{sip2.ErrProtocol, sip2.ErrAmbiguous}, 1, "not a message identifier"},
		{"oversized", sip2.Fault{Kind: sip2.FaultOversize}, []error{sip2.ErrProtocol, sip2.ErrTooLong, sip2.ErrAmbiguous}, 1, "message too long"},
		{"closed mid-answer", sip2.Fault{Kind: sip2.FaultTruncate}, []error{sip2.ErrAmbiguous}, 1, "in the middle of its answer"},
		{"dropped after applying", sip2.Fault{Kind: sip2.FaultDropAfter}, []error{sip2.ErrAmbiguous}, 1, "closed the connection"},
		{"dropped before applying", sip2.Fault{Kind: sip2.FaultDropBefore}, []error{sip2.ErrAmbiguous}, 0, "closed the connection"},
		{"wrong checksum every time", sip2.Fault{Kind: sip2.FaultCorruptChecksum, Times: 0}, []error{sip2.ErrProtocol, sip2.ErrChecksum, sip2.ErrAmbiguous}, 1, "wrong checksum"},
	} {
		srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{Institution: "DEMO"})
		c := connect(t, sip2.Config{Address: serve(t, srv), ErrorDetection: true, KeepAlive: -1})
		f := tc.fault
		if tc.name == "wrong checksum every time" {
			f.Message = "" // the resent answers (97) too
		} else {
			f.Message, f.Times = "11", 1
		}
		srv.Inject(f)
		item := "3123400000" + tc.name[:4]
		_, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: "1000001", Item: item})
		for _, w := range tc.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: %v, want %v", tc.name, err, w)
			}
		}
		if err != nil && !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: %q does not say %q", tc.name, err, tc.text)
		}
		if n := srv.Applied("11", item); n != tc.applied {
			t.Errorf("%s: applied %d times on the ACS, want %d", tc.name, n, tc.applied)
		}
		if tc.name == "wrong checksum every time" && srv.Requests("97") != 2 {
			t.Errorf("%s: %d resend requests, want 2", tc.name, srv.Requests("97"))
		}
		srv.ClearFaults()
		if it, err := c.ItemInformation(ctx, item); err != nil || it.Item != item {
			t.Errorf("%s: the next request: %+v, %v", tc.name, it, err)
		}
	}
}

func TestWrongChecksumOnceIsResent(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(t, sip2.Config{Address: serve(t, srv), ErrorDetection: true, KeepAlive: -1})
	srv.Inject(sip2.Fault{Kind: sip2.FaultCorruptChecksum, Message: "11", Times: 1})
	r, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1000001", Item: "31234000000016"})
	if err != nil || !r.OK {
		t.Fatalf("checkout after one damaged answer: %+v, %v", r, err)
	}
	if srv.Requests("97") != 1 || srv.Requests("11") != 1 || srv.Applied("11", "31234000000016") != 1 {
		t.Errorf("97 sent %d times, 11 %d times, applied %d; want 1, 1, 1",
			srv.Requests("97"), srv.Requests("11"), srv.Applied("11", "31234000000016"))
	}
}

func TestServerAsksForResend(t *testing.T) {
	n := 0
	addr, got := scripted(t, func(req string) string {
		if strings.HasPrefix(req, "99") {
			return ok98 + "\r"
		}
		n++
		if n == 1 {
			return "96\r"
		}
		return "121NNY20261201    082240AODEMO|AA1|AB2|AJT|AH20261215    235959|\r"
	})
	c := connect(t, sip2.Config{Address: addr, KeepAlive: -1})
	if r, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "2"}); err != nil || !r.OK {
		t.Fatalf("checkout after a 96: %+v, %v", r, err)
	}
	if reqs := got(); len(reqs) != 3 || reqs[1] != reqs[2] {
		t.Errorf("requests %q; want the checkout sent again as it was", reqs)
	}

	addr, got = scripted(t, func(req string) string {
		if strings.HasPrefix(req, "99") {
			return ok98 + "\r"
		}
		return "96\r"
	})
	c = connect(t, sip2.Config{Address: addr, KeepAlive: -1})
	_, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "2"})
	if !errors.Is(err, sip2.ErrProtocol) || errors.Is(err, sip2.ErrAmbiguous) {
		t.Errorf("endless 96: %v; want a protocol error, not ambiguous (nothing was applied)", err)
	}
	if reqs := got(); len(reqs) != 4 {
		t.Errorf("%d requests; want the checkout sent 3 times (2 resends)", len(reqs)-1)
	}
}

func TestStalledServer(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(t, sip2.Config{Address: serve(t, srv), Timeout: 150 * time.Millisecond, KeepAlive: -1})
	// The server holds its answer for an hour (until it closes): the
	// checkout coming back at all is the client giving up by itself.
	srv.Inject(sip2.Fault{Kind: sip2.FaultDelay, Message: "11", Times: 1, Delay: time.Hour})
	_, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "2"})
	if !errors.Is(err, sip2.ErrTimeout) || !errors.Is(err, sip2.ErrAmbiguous) {
		t.Errorf("stalled answer: %v, want ErrTimeout and ErrAmbiguous", err)
	}
	// The late answer must not be taken for the next one.
	it, err := c.ItemInformation(context.Background(), "31234000000016")
	if err != nil || it.Item != "31234000000016" {
		t.Errorf("after the stall: %+v, %v", it, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	srv.Inject(sip2.Fault{Kind: sip2.FaultDelay, Message: "11", Times: 1, Delay: time.Hour})
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: "1", Item: "3"}); !errors.Is(err, context.Canceled) || !errors.Is(err, sip2.ErrAmbiguous) {
		t.Errorf("cancelled while waiting: %v", err)
	}
}

func TestServerRestart(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{User: "kiosk", Password: "pw"})
	serve(t, srv)
	c := connect(t, sip2.Config{Address: srv.Addr(), User: "kiosk", Password: "pw", KeepAlive: -1})
	if err := srv.Restart(20 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // let the client notice the hang-up
	r, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "31234000000016"})
	if err != nil || !r.OK {
		t.Fatalf("checkout after the restart: %+v, %v", r, err)
	}
	if srv.Requests("93") != 2 || srv.Applied("11", "31234000000016") != 1 {
		t.Errorf("logins %d, applied %d; want a new login and one checkout", srv.Requests("93"), srv.Applied("11", "31234000000016"))
	}
	// A question (99, 17, 63) that finds the connection dead is asked
	// again on a new one, even before the client noticed the hang-up.
	if err := srv.Restart(0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Status(context.Background()); err != nil {
		t.Errorf("status right after a restart: %v", err)
	}
	srv.Close()
	if _, err := c.Status(context.Background()); !errors.Is(err, sip2.ErrNotConnected) {
		t.Errorf("server down: %v, want ErrNotConnected", err)
	}
}

func TestKeepAlive(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(t, sip2.Config{Address: serve(t, srv), KeepAlive: 40 * time.Millisecond})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				item := string(rune('a'+g)) + string(rune('0'+i))
				if r, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: item}); err != nil || r.Item != item {
					t.Errorf("concurrent checkout %s: %+v, %v", item, r, err)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	// Idle now: keep-alives come (waited for by count, not by time).
	before := srv.Requests("99")
	waitFor(t, "three keep-alives", func() bool { return srv.Requests("99")-before >= 3 })
	// Close ends the keep-alive (it returns once the goroutine is done)
	// and the connection.
	c.Close()
	waitFor(t, "the connection closed", func() bool { return srv.OpenConnections() == 0 })
}

func TestQuirks(t *testing.T) {
	addr, got := scripted(t, func(req string) string {
		switch req[:2] {
		case "99":
			return ok98 + "\r"
		case "63":
			return "64              00020261201    082240000000010000000000000000AODEMO|AAP-1|AEA B|BLY|\r"
		}
		return ""
	})
	c := connect(t, sip2.Config{Address: addr, No35: true, Minimal63: true, PatronPrefix: "P-", Institution: "DEMO", KeepAlive: -1})
	if err := c.EndSession(context.Background(), "1"); err != nil {
		t.Errorf("EndSession with No35: %v", err)
	}
	if _, err := c.PatronInformation(context.Background(), "1", ""); err != nil {
		t.Fatal(err)
	}
	reqs := got()
	if len(reqs) != 2 {
		t.Fatalf("requests %q; want 99 and 63 only (no 35)", reqs)
	}
	if r := reqs[1]; !strings.HasSuffix(r, "AODEMO|AAP-1|") {
		t.Errorf("minimal 63 = %q; want AO and the prefixed AA only", r)
	}

	// A server whose BX says no 19 is not sent one.
	addr, got = scripted(t, func(req string) string {
		return "98YYYYNN03000320261201    0822252.00AODEMO|BXYYYYYYYYYYYNYYYY|\r"
	})
	c = connect(t, sip2.Config{Address: addr, KeepAlive: -1})
	if err := c.ItemStatusUpdate(context.Background(), "1", "afi=07"); !errors.Is(err, sip2.ErrUnsupported) {
		t.Errorf("19 to a server without it: %v", err)
	}
	if len(got()) != 1 {
		t.Errorf("requests %q", got())
	}
}

func TestLogsMaskSecrets(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{User: "kiosk", Password: "Hunter2pw", Logger: log})
	c := connect(t, sip2.Config{Address: serve(t, srv), User: "kiosk", Password: "Hunter2pw", TerminalPassword: "TermSecret",
		Logger: log, KeepAlive: -1})
	if _, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1234567890", Item: "31234000000016", PatronPassword: "PinSecret"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PatronStatus(context.Background(), "1234567890", "PinSecret"); err != nil {
		t.Fatal(err)
	}
	logs := buf.String()
	for _, secret := range []string{"Hunter2pw", "TermSecret", "PinSecret", "1234567890"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log shows %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{"CO***|", "AC***|", "AD***|", "AA*******890|", "CNkiosk|"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "demo acs"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

func TestTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}})
	addr := serve(t, srv)

	c := sip2.NewClient(sip2.Config{Address: addr, TLS: &tls.Config{}})
	err := c.Connect(context.Background())
	if !errors.Is(err, sip2.ErrUntrusted) || !errors.Is(err, sip2.ErrNotConnected) || !strings.Contains(err.Error(), "certificate is not trusted") {
		t.Errorf("untrusted certificate: %v", err)
	}
	c = connect(t, sip2.Config{Address: addr, TLS: &tls.Config{RootCAs: pool}, KeepAlive: -1})
	if r, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "2"}); err != nil || !r.OK {
		t.Errorf("checkout over TLS: %+v, %v", r, err)
	}
	// Plain TCP against a TLS server fails; it does not hang.
	c = sip2.NewClient(sip2.Config{Address: addr, ConnectTimeout: time.Second, Timeout: 300 * time.Millisecond})
	if err := c.Connect(context.Background()); !errors.Is(err, sip2.ErrNotConnected) {
		t.Errorf("plain TCP to a TLS server: %v", err)
	}
}

func BenchmarkPing(b *testing.B) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(b, sip2.Config{Address: serve(b, srv), KeepAlive: -1})
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.Status(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckoutRoundTrip(b *testing.B) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(b, sip2.Config{Address: serve(b, srv), KeepAlive: -1})
	ctx := context.Background()
	r := sip2.CheckoutRequest{Patron: "1000001", Item: "31234000000016"}
	for b.Loop() {
		if resp, err := c.Checkout(ctx, r); err != nil || !resp.OK {
			b.Fatal(resp, err)
		}
	}
}

// TestServerReadsRawLines: what a station's bytes look like to the server —
// CRLF or LF endings, a damaged checksum answered with 96, a 97 answered
// with the last reply again.
func TestServerReadsRawLines(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{Institution: "DEMO"})
	nc, err := net.Dial("tcp", serve(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(5 * time.Second))
	good := "9900302.00AY1AZ"
	good += sip2.Checksum([]byte(good))
	if _, err := nc.Write([]byte("9900302.00\r\n" + "9900302.00\n" + "9900302.00AY1AZ0000\r" + good + "\r" + "97\r")); err != nil {
		t.Fatal(err)
	}
	var answers []string
	buf := make([]byte, 0, 512)
	one := make([]byte, 1)
	for len(answers) < 5 {
		if _, err := nc.Read(one); err != nil {
			t.Fatalf("after %q: %v", answers, err)
		}
		if one[0] == '\r' {
			answers = append(answers, string(buf))
			buf = buf[:0]
			continue
		}
		buf = append(buf, one[0])
	}
	if !strings.HasPrefix(answers[0], "98") || !strings.HasPrefix(answers[1], "98") || strings.Contains(answers[0], "AZ") {
		t.Errorf("answers to CRLF and LF lines: %q", answers[:2])
	}
	if answers[2] != "96AZFEF6" {
		t.Errorf("answer to a damaged checksum: %q, want 96AZFEF6", answers[2])
	}
	if m, err := sip2.Decode([]byte(answers[3]), sip2.CP850); err != nil || m.Seq != 1 || !m.Checked {
		t.Errorf("answer to a checked 99: %q (%v); want sequence 1 and a checksum", answers[3], err)
	}
	if answers[4] != answers[3] {
		t.Errorf("answer to 97: %q, want the last answer again %q", answers[4], answers[3])
	}
}

func TestConnectTimeout(t *testing.T) {
	addr, _ := scripted(t, func(string) string { return "" }) // accepts, never answers
	// Any other timeout is an hour: Connect coming back at all is the
	// connect timeout at work.
	c := sip2.NewClient(sip2.Config{Address: addr, ConnectTimeout: 200 * time.Millisecond, Timeout: time.Hour, KeepAlive: -1})
	err := c.Connect(context.Background())
	if !errors.Is(err, sip2.ErrNotConnected) || !errors.Is(err, sip2.ErrTimeout) {
		t.Errorf("a server that never answers 99: %v", err)
	}
}

// TestQuestionsAreNeverAmbiguous: a lost answer to 17 is asked again on a
// new connection; a garbled one is a protocol error, not an ambiguity.
func TestQuestionsAreNeverAmbiguous(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(t, sip2.Config{Address: serve(t, srv), KeepAlive: -1})
	srv.Inject(sip2.Fault{Kind: sip2.FaultDropAfter, Message: "17", Times: 1})
	if it, err := c.ItemInformation(context.Background(), "31234000000016"); err != nil || it.Item != "31234000000016" {
		t.Errorf("17 whose connection dropped: %+v, %v; want it asked again", it, err)
	}
	if n := srv.Requests("17"); n != 2 {
		t.Errorf("17 sent %d times, want 2", n)
	}
	srv.Inject(sip2.Fault{Kind: sip2.FaultGarbage, Message: "17", Times: 1})
	_, err := c.ItemInformation(context.Background(), "31234000000016")
	if !errors.Is(err, sip2.ErrProtocol) || errors.Is(err, sip2.ErrAmbiguous) {
		t.Errorf("garbled answer to 17: %v; want a protocol error only", err)
	}
}
