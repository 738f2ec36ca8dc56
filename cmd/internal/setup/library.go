package setup

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
)

// StationServer picks the library server the station uses: the one named
// in station.server, or the only one configured. It returns false when
// none is configured.
func (e *Env) StationServer() (Server, bool, error) {
	servers, err := Servers(e.DataDir, e.Config)
	if err != nil {
		return Server{}, false, err
	}
	return pickServer(servers, e.Config.Station.Server)
}

// NamedServer finds a configured server by name ("" as StationServer).
func (e *Env) NamedServer(name string) (Server, bool, error) {
	servers, err := Servers(e.DataDir, e.Config)
	if err != nil {
		return Server{}, false, err
	}
	if name == "" {
		name = e.Config.Station.Server
	}
	return pickServer(servers, name)
}

func pickServer(servers []Server, name string) (Server, bool, error) {
	if name != "" {
		for _, s := range servers {
			if s.Name == name {
				return s, true, nil
			}
		}
		return Server{}, false, fmt.Errorf("no library server is named %s", name)
	}
	switch len(servers) {
	case 0:
		return Server{}, false, nil
	case 1:
		return servers[0], true, nil
	}
	return Server{}, false, fmt.Errorf("%d library servers are configured; name one with station.server or --server", len(servers))
}

// Connect builds the link to server s and gives it to the desk. The
// connection itself is made on first use.
func (e *Env) Connect(s Server) (*circ.Link, *ils.Library, error) {
	cfg, err := s.sip2Config()
	if err != nil {
		return nil, nil, err
	}
	lib := ils.NewLibrary(sip2.NewClient(cfg))
	link := circ.NewLink(lib, time.Duration(s.TimeoutSeconds)*time.Second)
	e.Desk.Link = link
	return link, lib, nil
}

// sip2Config is the SIP2 client configuration of s.
func (s Server) sip2Config() (sip2.Config, error) {
	cfg := sip2.Config{
		Address:          s.Address,
		User:             s.User,
		Password:         s.Password,
		Location:         s.Location,
		Institution:      s.Institution,
		TerminalPassword: s.TerminalPassword,
		Charset:          sip2.Charset(s.Charset),
		ErrorDetection:   s.ErrorDetection,
		PatronPrefix:     s.PatronPrefix,
		No35:             s.NoEndSession,
		Minimal63:        s.MinimalPatron,
		Timeout:          time.Duration(s.TimeoutSeconds) * time.Second,
		Logger:           slog.Default().With("server", s.Name),
	}
	if !s.TLS {
		return cfg, nil
	}
	host, _, _ := net.SplitHostPort(s.Address)
	t := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return cfg, fmt.Errorf("server %s: the CA file cannot be read: %w", s.Name, unwrapPath(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return cfg, fmt.Errorf("server %s: %s holds no PEM certificate", s.Name, s.CAFile)
		}
		t.RootCAs = pool
	}
	if s.ClientCert != "" {
		cert, err := tls.LoadX509KeyPair(s.ClientCert, s.ClientKey)
		if err != nil {
			return cfg, fmt.Errorf("server %s: the client certificate cannot be loaded: %w", s.Name, err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	cfg.TLS = t
	return cfg, nil
}
