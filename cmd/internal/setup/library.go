package setup

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
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

// DefaultConnections is how many connections replay uses by default.
const DefaultConnections = 4

// Connection is the station's link to a library server: the desk's line,
// the reconciler and its lines.
type Connection struct {
	Link       *circ.Link
	Reconciler *circ.Reconciler
	libs       []*ils.Library
}

// Close closes every line.
func (c *Connection) Close() error {
	var errs []error
	for _, l := range c.libs {
		errs = append(errs, l.Close())
	}
	return errors.Join(errs...)
}

// Connect builds the link to server s and gives it to the desk, with a
// reconciler over the server's connections. holder names this program to
// another one that finds it sending ("The station window"). The
// connections are made on first use.
func (e *Env) Connect(s Server, holder string) (*Connection, error) {
	cfg, err := s.sip2Config()
	if err != nil {
		return nil, err
	}
	n := s.Connections
	if n <= 0 {
		n = DefaultConnections
	}
	c := &Connection{}
	lines := make([]circ.Library, n)
	for i := range lines {
		lib := ils.NewLibrary(sip2.NewClient(cfg))
		c.libs = append(c.libs, lib)
		lines[i] = lib
	}
	link := circ.NewLink(c.libs[0], time.Duration(s.TimeoutSeconds)*time.Second)
	link.Lease, link.Holder = e.DB.SendLease(), holder
	link.Unencrypted = s.Unencrypted()
	if rules := e.Station.Rules; rules != nil {
		link.Account = rules.Account
	}
	c.Link = link
	c.Reconciler = &circ.Reconciler{Store: e.DB, Link: link, Clock: circ.SystemClock{}, Lines: lines,
		MaxAttempts: s.MaxAttempts, DueGraceDays: s.DueEarlierDays}
	e.Desk.Link = link
	return c, nil
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
