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
	"strings"
	"syscall"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/internal/demoschool"
	"github.com/circdesk/circdesk/storage"
)

// acsUsage is the arguments of circctl acs.
const acsUsage = "--listen ADDR --library FILE [--seed-demo] [--institution ID] [--user U --password-stdin] " +
	"[--tls-cert F --tls-key F] [--charset C] [--idle-timeout D] [--fault KIND:MESSAGE[:OPTION]...]..."

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
	password := fs.String("password", "", "its password (shows in ps: prefer --password-stdin)")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	certFile := fs.String("tls-cert", "", "serve TLS with this certificate (PEM, with --tls-key)")
	keyFile := fs.String("tls-key", "", "the certificate's private key (PEM)")
	charset := fs.String("charset", "cp850", "cp850, latin1 or utf8")
	idle := fs.Duration("idle-timeout", 0, "close a connection silent this long, and say so in the 98 (0: never)")
	var faultArgs faultFlags
	fs.Var(&faultArgs, "fault", "misbehave as `KIND:MESSAGE[:OPTION]...` says (repeatable; see below)")
	if wantsHelp(args) {
		acsHelp(c.stdout, fs)
		return nil
	}
	if err := noArgs(fs, args); err != nil {
		return err
	}
	faults, err := faultArgs.parse()
	if err != nil {
		return err
	}
	if *passwordStdin {
		if *password != "" {
			return usageError{"give --password or --password-stdin, not both"}
		}
		if *password, err = readPassword(c.stdin); err != nil {
			return err
		}
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
	case *idle < 0:
		return usageError{"--idle-timeout must be 0 or more"}
	}
	cs, err := sip2.ParseCharset(*charset)
	if err != nil {
		return usageError{err.Error()}
	}
	opts := sip2.ServerOptions{Institution: *institution, User: *user, Password: *password, Charset: cs, IdleTimeout: *idle,
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
		seeded, err := db.Seed(ctx, demoschool.Library(time.Now()))
		if err != nil {
			return fmt.Errorf("seed the demo school: %w", err)
		}
		if seeded {
			fmt.Fprintf(c.stderr, "Seeded the demo school into %s.\n", *library)
		}
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "acs"}
	srv := sip2.NewServer(ils.NewACS(desk, *institution), opts)
	for _, f := range faults {
		srv.Inject(f)
	}

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
	if len(faults) > 0 {
		how += fmt.Sprintf(", %d faults", len(faults))
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

// faultFlags collects the --fault flags as given; parse reads them after
// the flags, so a bad one is one sentence of ours, not the flag package's.
type faultFlags []string

func (f *faultFlags) String() string     { return strings.Join(*f, " ") }
func (f *faultFlags) Set(s string) error { *f = append(*f, s); return nil }

func (f faultFlags) parse() ([]sip2.Fault, error) {
	out := make([]sip2.Fault, 0, len(f))
	for _, s := range f {
		fault, err := sip2.ParseFault(s)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--fault %q: %v", s, err)}
		}
		out = append(out, fault)
	}
	return out, nil
}

// wantsHelp reports whether args ask for help (-h, --help).
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// acsHelp prints circctl acs --help: the flags and the fault syntax.
func acsHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: circctl acs %s\n\nServe a SIP2 library server over its own library file (demo, tests) until interrupted.\n\nflags:\n", acsUsage)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprint(w, `
faults (--fault KIND:MESSAGE[:OPTION]..., repeatable; the first that matches a request applies):
  KIND     drop-before  hang up without applying the request (a lost request)
           drop-after   apply the request, then hang up without answering (a lost answer)
           stall        never answer nor apply; hold the connection until the station gives up
           delay        apply the request and answer after a while (needs how long, like 2s)
           garbage      answer with bytes that are not SIP2
           checksum     answer with a wrong checksum (stations using error detection ask again)
           truncate     send half the answer, then hang up
           oversize     answer with a line too long for SIP2
           malformed    answer with a message cut short
  MESSAGE  the request's two digits (11 checkout, 09 check-in, 29 renew, 17 item information,
           63 patron information, 23 patron status, 35 end session, 93 login, 99 status) or any
  OPTION   item=BARCODE  only requests for this item (AB)
           patron=ID     only requests for this patron (AA, as the station sends it)
           times=N       only the first N matching requests (default: every one)
           DURATION      how long a delay lasts (2s, 500ms)

examples:
  --fault drop-before:11                             every checkout is lost on the way
  --fault drop-after:11:item=31047000100010:times=1  the answer to that item's next checkout is lost
  --fault stall:29:times=1                           the next renewal is never answered
  --fault delay:09:2s                                check-ins are answered 2 seconds late
  --fault garbage:17:times=1                         the next item information gets garbage
`)
}
