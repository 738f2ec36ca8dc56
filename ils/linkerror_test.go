package ils_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
)

// TestConnectErrorsSayWhatToChange: a refused login, an untrusted
// certificate and a TLS mismatch are not "the server did not answer": each
// is one sentence saying what to change, and an error circ can tell apart.
func TestConnectErrorsSayWhatToChange(t *testing.T) {
	cert := selfSigned(t)
	tlsSrv := sip2.NewServer(sip2.BaseHandler{}, sip2.ServerOptions{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}})
	tlsAddr := start(t, tlsSrv)
	plainAddr := start(t, sip2.NewServer(sip2.BaseHandler{}, sip2.ServerOptions{User: "sc01", Password: "right"}))
	for _, tc := range []struct {
		name string
		cfg  sip2.Config
		is   error
		text string
	}{
		{"wrong password", sip2.Config{Address: plainAddr, User: "sc01", Password: "wrong"}, circ.ErrLoginRefused,
			"The library server refused the station's login as sc01: check the user and password (circctl server add)."},
		{"untrusted certificate", sip2.Config{Address: tlsAddr, TLS: &tls.Config{}}, circ.ErrUntrusted,
			"The library server's certificate is not trusted: give its CA certificate with --ca."},
		{"plain to a TLS port", sip2.Config{Address: tlsAddr}, circ.ErrTLSMismatch,
			"The library server speaks TLS: add it with --tls (circctl server add)."},
		{"TLS to a plain port", sip2.Config{Address: plainAddr, TLS: &tls.Config{}}, circ.ErrTLSMismatch,
			"The library server does not speak TLS: add it without --tls (circctl server add)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.KeepAlive, tc.cfg.Timeout = -1, 5*time.Second
			client := sip2.NewClient(tc.cfg)
			lib := ils.NewLibrary(client)
			t.Cleanup(func() { lib.Close() })
			err := lib.Ping(context.Background())
			if !errors.Is(err, tc.is) || err.Error() != tc.text {
				t.Errorf("ping: %q; want %q", err, tc.text)
			}
			_, err = lib.Checkout(context.Background(), circ.LibraryRequest{Patron: "1000001", Item: "31234000000016", At: time.Now()})
			if !errors.Is(err, tc.is) || errors.Is(err, circ.ErrAmbiguous) || err.Error() != tc.text {
				t.Errorf("checkout: %q; want %q, not ambiguous", err, tc.text)
			}
		})
	}
}

func start(t *testing.T, srv *sip2.Server) string {
	t.Helper()
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return addr
}

// selfSigned makes a certificate for 127.0.0.1 that nobody trusts.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "school acs"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
