package sip2_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/circdesk/circdesk/ils/sip2"
)

// TestPlainClientToTLSServer: a plain connection to a TLS port is said to
// be one, whether the server answers with a TLS alert (OpenSSL, stunnel;
// the project's Server does the same) or the alert comes from a raw peer.
func TestPlainClientToTLSServer(t *testing.T) {
	cert, _ := selfSigned(t)
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}})
	for name, addr := range map[string]string{
		"the project's TLS server": serve(t, srv),
		"a TLS alert then a close": alerting(t),
	} {
		for _, user := range []string{"", "kiosk"} {
			c := sip2.NewClient(sip2.Config{Address: addr, User: user, Password: "pw", Timeout: 5 * time.Second, KeepAlive: -1})
			err := c.Connect(context.Background())
			if !errors.Is(err, sip2.ErrWantsTLS) || !errors.Is(err, sip2.ErrNotConnected) {
				t.Errorf("%s, login %q: %v; want ErrWantsTLS", name, user, err)
			}
		}
	}
}

// alerting is a raw peer answering whatever it reads with a fatal TLS
// alert (protocol version) and hanging up, as OpenSSL does.
func alerting(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 512)
			if _, err := nc.Read(buf); err == nil {
				nc.Write([]byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46})
			}
			nc.Close()
		}
	})
	return l.Addr().String()
}

// TestTLSClientToPlainServer: TLS to a plain SIP2 port says the server does
// not speak TLS.
func TestTLSClientToPlainServer(t *testing.T) {
	srv := sip2.NewServer(&echoACS{}, sip2.ServerOptions{})
	c := sip2.NewClient(sip2.Config{Address: serve(t, srv), TLS: &tls.Config{}, KeepAlive: -1})
	if err := c.Connect(context.Background()); !errors.Is(err, sip2.ErrNotTLS) || !errors.Is(err, sip2.ErrNotConnected) {
		t.Errorf("TLS to a plain server: %v; want ErrNotTLS", err)
	}
}
