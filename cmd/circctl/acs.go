package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"syscall"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/demoschool"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/storage"
)

// runACS serves a SIP2 library server over its own library file until
// interrupted: the demo's and the tests' stand-in for the school's ILS.
func runACS(ctx context.Context, c *cli, args []string) error {
	fs := flag.NewFlagSet("acs", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	listen := fs.String("listen", "", "HOST:PORT to listen on (port 0 picks a free one)")
	library := fs.String("library", "", "the library server's SQLite file (created when missing)")
	seed := fs.Bool("seed-demo", false, "fill an empty library with the demo school")
	institution := fs.String("institution", "DEMO", "institution id (SIP2 AO)")
	user := fs.String("user", "", "the only SIP2 login accepted (with --password)")
	password := fs.String("password", "", "its password")
	certFile := fs.String("tls-cert", "", "serve TLS with this certificate (PEM, with --tls-key)")
	keyFile := fs.String("tls-key", "", "the certificate's private key (PEM)")
	charset := fs.String("charset", "cp850", "cp850, latin1 or utf8")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	switch {
	case *listen == "":
		return usageError{"--listen is required"}
	case *library == "":
		return usageError{"--library is required"}
	case (*user == "") != (*password == ""):
		return usageError{"give --user and --password together"}
	case (*certFile == "") != (*keyFile == ""):
		return usageError{"give --tls-cert and --tls-key together"}
	}
	cs, err := sip2.ParseCharset(*charset)
	if err != nil {
		return usageError{err.Error()}
	}
	opts := sip2.ServerOptions{Institution: *institution, User: *user, Password: *password, Charset: cs,
		Logger: slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			return fmt.Errorf("cannot use the TLS certificate %s with key %s: %w", *certFile, *keyFile, err)
		}
		opts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}

	db, err := storage.Open(ctx, *library)
	if err != nil {
		return err
	}
	defer db.Close()
	if *seed {
		seeded, err := db.Seed(ctx, demoschool.Generate(time.Now()))
		if err != nil {
			return fmt.Errorf("seed the demo school: %w", err)
		}
		if seeded {
			fmt.Fprintf(c.stderr, "Seeded the demo school into %s.\n", *library)
		}
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	srv := sip2.NewServer(ils.NewACS(desk, *institution), opts)

	l, err := net.Listen("tcp", *listen)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s: the port is already in use", *listen)
		}
		return fmt.Errorf("cannot listen on %s: %w", *listen, err)
	}
	how := ""
	if opts.TLS != nil {
		how = ", TLS"
	}
	fmt.Fprintf(c.stdout, "SIP2 server listening on %s (institution %s%s)\n", l.Addr(), *institution, how)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case <-ctx.Done():
		srv.Close()
		<-done
		return nil
	case err := <-done:
		return fmt.Errorf("the SIP2 server stopped: %w", err)
	}
}
