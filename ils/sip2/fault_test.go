package sip2_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/circdesk/circdesk/ils/sip2"
)

// TestFaultByItemAndPatron: a fault can pick its request by item (AB) and
// patron (AA); other requests of the same kind are answered.
func TestFaultByItemAndPatron(t *testing.T) {
	ctx := context.Background()
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(t, sip2.Config{Address: serve(t, srv), KeepAlive: -1})
	srv.Inject(sip2.Fault{Kind: sip2.FaultDropAfter, Message: "11", Item: "B2"})
	srv.Inject(sip2.Fault{Kind: sip2.FaultDropBefore, Patron: "P9"})
	for _, tc := range []struct {
		patron, item string
		lost         bool
		applied      int
	}{
		{"P1", "B1", false, 1},
		{"P1", "B2", true, 1}, // answer lost
		{"P9", "B3", true, 0}, // request lost
		{"P1", "B4", false, 1},
	} {
		_, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: tc.patron, Item: tc.item})
		if lost := errors.Is(err, sip2.ErrAmbiguous); lost != tc.lost {
			t.Errorf("checkout of %s to %s: %v; want lost %v", tc.item, tc.patron, err, tc.lost)
		}
		if n := srv.Applied("11", tc.item); n != tc.applied {
			t.Errorf("checkout of %s to %s applied %d times, want %d", tc.item, tc.patron, n, tc.applied)
		}
	}
	// B2's fault stays for every checkout of B2 until cleared; a check-in
	// of B2 is another message.
	if _, err := c.Checkin(ctx, sip2.CheckinRequest{Item: "B2"}); err != nil {
		t.Errorf("check-in of B2: %v", err)
	}
	if _, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: "P1", Item: "B2"}); !errors.Is(err, sip2.ErrAmbiguous) {
		t.Errorf("second checkout of B2: %v; want its answer lost again", err)
	}
}

// TestFaultStall: a stalled request is never answered nor applied; the
// station gives up after its timeout, and the next request works on a new
// connection.
func TestFaultStall(t *testing.T) {
	ctx := context.Background()
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := connect(t, sip2.Config{Address: serve(t, srv), Timeout: 200 * time.Millisecond, KeepAlive: -1})
	srv.Inject(sip2.Fault{Kind: sip2.FaultStall, Message: "11", Times: 1})
	_, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: "P1", Item: "B1"})
	if !errors.Is(err, sip2.ErrTimeout) || !errors.Is(err, sip2.ErrAmbiguous) {
		t.Errorf("stalled checkout: %v; want a timeout, ambiguous", err)
	}
	if n := srv.Applied("11", "B1"); n != 0 {
		t.Errorf("the stalled checkout was applied %d times", n)
	}
	// The station hung up: the server lets the stalled connection go.
	waitFor(t, "the stalled connection closed", func() bool { return srv.OpenConnections() == 0 })
	if r, err := c.Checkout(ctx, sip2.CheckoutRequest{Patron: "P1", Item: "B1"}); err != nil || !r.OK {
		t.Errorf("checkout after the stall: %+v, %v", r, err)
	}
	if n := srv.Connections(); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
}

// TestFaultStallEndsWithTheServer: Close does not wait for a station that
// never hangs up.
func TestFaultStallEndsWithTheServer(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	addr := serve(t, srv)
	srv.Inject(sip2.Fault{Kind: sip2.FaultStall})
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := nc.Write([]byte("9900302.00\r")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request read", func() bool { return srv.Requests("99") == 1 })
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	waitFor(t, "Close to return", func() bool {
		select {
		case <-closed:
			return true
		default:
			return false
		}
	})
}
