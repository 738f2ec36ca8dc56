package sip2_test

import (
	"context"
	"testing"
	"time"

	"github.com/circdesk/circdesk/ils/sip2"
)

// waitFor polls until cond holds, failing the test after a generous bound
// (a bound for a broken build, not a timing assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(20 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestKeepAliveBeforeServerTimeout: a server that closes idle connections
// after 400 ms says so in its 98; a client keeps that one connection
// through several idle periods, whatever its own keep-alive setting.
func TestKeepAliveBeforeServerTimeout(t *testing.T) {
	const idle = 400 * time.Millisecond
	for _, tc := range []struct {
		name      string
		keepAlive time.Duration
	}{
		{"default keep-alive", 0},
		{"keep-alive at the server's timeout", idle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{IdleTimeout: idle})
			c := connect(t, sip2.Config{Address: serve(t, srv), KeepAlive: tc.keepAlive})
			if st, _ := c.ServerStatus(); st.TimeoutPeriod != 4 {
				t.Errorf("the server advertises a timeout of %d tenths of a second, want 4", st.TimeoutPeriod)
			}
			// Six keep-alives: three of the server's idle periods at
			// least, whatever the keep-alive's exact interval.
			waitFor(t, "six keep-alives", func() bool { return srv.Requests("99") >= 7 || srv.OpenConnections() == 0 })
			if srv.OpenConnections() == 0 {
				t.Errorf("the server closed the idle connection after %d keep-alives", srv.Requests("99")-1)
			}
			if _, err := c.ItemInformation(context.Background(), "31234000000016"); err != nil {
				t.Fatalf("after the idle periods: %v", err)
			}
			if n := srv.Connections(); n != 1 {
				t.Errorf("the server accepted %d connections, want the first one kept", n)
			}
		})
	}
}
