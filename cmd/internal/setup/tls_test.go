package setup

import (
	"strings"
	"testing"
)

func TestServerIsEncryptedUnlessOnLoopbackOrInsecure(t *testing.T) {
	for _, tc := range []struct {
		s    Server
		says string // "" for accepted
	}{
		{Server{Name: "county", Address: "ils.example.org:6001", TLS: true}, ""},
		{Server{Name: "county", Address: "ils.example.org:6001"}, "not encrypted"},
		{Server{Name: "county", Address: "10.0.0.5:6001"}, "--insecure"},
		{Server{Name: "county", Address: "ils.example.org:6001", Insecure: true}, ""},
		{Server{Name: "demo", Address: "127.0.0.1:6001"}, ""},
		{Server{Name: "demo", Address: "localhost:6001"}, ""},
		{Server{Name: "demo", Address: "[::1]:6001"}, ""},
		{Server{Name: "county", Address: "127.0.0.1:6001", CAFile: "/etc/ca.pem"}, "ca_file needs tls"},
		{Server{Name: "county", Address: "127.0.0.1:6001", ClientCert: "c.pem", ClientKey: "c.key"}, "client_cert needs tls"},
	} {
		err := tc.s.Check()
		switch {
		case tc.says == "" && err != nil:
			t.Errorf("%+v: refused: %v", tc.s, err)
		case tc.says != "" && (err == nil || !strings.Contains(err.Error(), tc.says)):
			t.Errorf("%+v: got %v, want an error saying %q", tc.s, err, tc.says)
		}
	}
}

func TestServerUnencrypted(t *testing.T) {
	for _, tc := range []struct {
		s    Server
		want bool
	}{
		{Server{Address: "ils.example.org:6001", TLS: true}, false},
		{Server{Address: "ils.example.org:6001", Insecure: true}, true},
		{Server{Address: "127.0.0.1:6001"}, false},
	} {
		if got := tc.s.Unencrypted(); got != tc.want {
			t.Errorf("%+v: Unencrypted() = %v, want %v", tc.s, got, tc.want)
		}
	}
}
