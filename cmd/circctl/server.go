package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
)

// serverJSON is one server as server list --json shows it: every setting,
// defaults as they apply, and whether each password is set (never the
// password).
type serverJSON struct {
	Name                 string `json:"name"`
	Address              string `json:"address"`
	Institution          string `json:"institution"`
	User                 string `json:"user"`
	Location             string `json:"location"`
	Charset              string `json:"charset"`
	TLS                  bool   `json:"tls"`
	Insecure             bool   `json:"insecure"`
	CAFile               string `json:"ca_file"`
	ClientCert           string `json:"client_cert"`
	ClientKey            string `json:"client_key"`
	ErrorDetection       bool   `json:"error_detection"`
	TimeoutSeconds       int    `json:"timeout_seconds"`
	PatronPrefix         string `json:"patron_prefix"`
	NoEndSession         bool   `json:"no_end_session"`
	MinimalPatron        bool   `json:"minimal_patron"`
	PasswordFile         string `json:"password_file"`
	Password             bool   `json:"password_set"`
	PasswordSource       string `json:"password_source,omitempty"` // "keyring" or "file"
	TerminalPasswordFile string `json:"terminal_password_file"`
	TerminalPassword     bool   `json:"terminal_password_set"`
	Connections          int    `json:"connections"`
	MaxAttempts          int    `json:"max_attempts"`
	DueEarlierDays       int    `json:"due_earlier_days"`
}

func runServer(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"give a subcommand: add or list"}
	}
	switch args[0] {
	case "add":
		return c.serverAdd(args[1:])
	case "list":
		return c.serverList(args[1:])
	}
	return usageError{fmt.Sprintf("%q is not a server subcommand; use add or list", args[0])}
}

func (c *cli) serverAdd(args []string) error {
	fs, asJSON := newFlags("server add")
	var s setup.Server
	fs.StringVar(&s.Address, "address", "", "HOST:PORT of the SIP2 server")
	fs.StringVar(&s.Institution, "institution", "", "institution id (SIP2 AO)")
	fs.StringVar(&s.User, "user", "", "SIP2 login user")
	passwordStdin := fs.Bool("password-stdin", false, "read the SIP2 password from standard input")
	fs.StringVar(&s.Location, "location", "", "location code (SIP2 CP)")
	fs.StringVar(&s.Charset, "charset", "cp850", "cp850, latin1 or utf8")
	fs.BoolVar(&s.TLS, "tls", false, "connect with TLS")
	fs.BoolVar(&s.Insecure, "insecure", false, "allow plain TCP to a server on another machine (passwords and card numbers in the clear)")
	fs.StringVar(&s.CAFile, "ca", "", "trust the CA certificate in FILE (PEM) for TLS")
	fs.BoolVar(&s.ErrorDetection, "error-detection", false, "use SIP2 checksums (AY/AZ)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give the server's name"}
	}
	s.Name = pos[0]
	if s.Address == "" || s.Institution == "" {
		return usageError{"--address and --institution are required"}
	}
	if s.User != "" && !*passwordStdin {
		return usageError{"with --user, give the password on standard input with --password-stdin"}
	}
	var password string
	if *passwordStdin {
		if password, err = readPassword(c.stdin); err != nil {
			return err
		}
	}
	dir, cfg, err := setup.Locate(c.flags)
	if err != nil {
		return err
	}
	if err := setup.AddServer(dir, s, password); err != nil {
		return err
	}
	if *asJSON {
		// As server list shows it, defaults filled in.
		servers, err := setup.Servers(dir, cfg)
		if err != nil {
			return err
		}
		for _, saved := range servers {
			if saved.Name == s.Name {
				s = saved
			}
		}
		return printJSON(c.stdout, toServerJSON(s, s.Password != ""))
	}
	fmt.Fprintf(c.stdout, "Library server %s (%s) saved.\n", s.Name, s.Address)
	return nil
}

// readPassword reads one line from r.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usageError{"the password on standard input is empty"}
	}
	return line, nil
}

func (c *cli) serverList(args []string) error {
	fs, asJSON := newFlags("server list")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	dir, cfg, err := setup.Locate(c.flags)
	if err != nil {
		return err
	}
	servers, err := setup.Servers(dir, cfg)
	if err != nil {
		return err
	}
	out := make([]serverJSON, 0, len(servers))
	for _, s := range servers {
		out = append(out, toServerJSON(s, s.Password != ""))
	}
	return printList(c.stdout, *asJSON, out, "NAME\tADDRESS\tINSTITUTION\tUSER\tTLS", func(s serverJSON) string {
		return fmt.Sprintf("%s\t%s\t%s\t%s\t%v\n", s.Name, s.Address, s.Institution, s.User, s.TLS)
	})
}

func toServerJSON(s setup.Server, password bool) serverJSON {
	cs := s.Charset
	if cs == "" {
		cs = "cp850"
	}
	orDefault := func(n, def int) int {
		if n <= 0 {
			return def
		}
		return n
	}
	return serverJSON{Name: s.Name, Address: s.Address, Institution: s.Institution, User: s.User,
		Location: s.Location, Charset: cs, TLS: s.TLS, Insecure: s.Insecure, CAFile: s.CAFile, ClientCert: s.ClientCert, ClientKey: s.ClientKey,
		ErrorDetection: s.ErrorDetection, TimeoutSeconds: orDefault(s.TimeoutSeconds, int(circ.DefaultLibraryTimeout/time.Second)),
		PatronPrefix: s.PatronPrefix, NoEndSession: s.NoEndSession, MinimalPatron: s.MinimalPatron,
		PasswordFile: s.PasswordFile, Password: password, PasswordSource: s.PasswordSource,
		TerminalPasswordFile: s.TerminalPasswordFile, TerminalPassword: s.TerminalPassword != "",
		Connections: orDefault(s.Connections, setup.DefaultConnections), MaxAttempts: orDefault(s.MaxAttempts, circ.DefaultMaxAttempts),
		DueEarlierDays: s.DueEarlierDays}
}
