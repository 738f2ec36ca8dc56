package setup

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/circdesk/circdesk/formats/render"
)

// ServersFile holds the library servers `circctl server add` configured,
// in the data directory. Servers can also be written in circdesk.toml.
const ServersFile = "servers.toml"

// secretsDir holds one password file per server (mode 0600).
const secretsDir = "secrets"

// Server is one library server (ILS) the station talks SIP2 to.
type Server struct {
	Name        string `toml:"name"`
	Address     string `toml:"address"`     // host:port
	Institution string `toml:"institution"` // SIP2 AO
	User        string `toml:"user"`        // SIP2 login (CN); "" for no login
	Location    string `toml:"location"`    // SIP2 CP
	Charset     string `toml:"charset"`     // cp850 (default), latin1 or utf8
	TLS         bool   `toml:"tls"`
	// Insecure allows plain TCP to a server that is not on this machine:
	// passwords and card numbers then cross the network in the clear.
	Insecure       bool   `toml:"insecure"`
	CAFile         string `toml:"ca_file"`         // trust this CA instead of the system's
	ClientCert     string `toml:"client_cert"`     // optional client certificate (PEM)
	ClientKey      string `toml:"client_key"`      // and its key
	ErrorDetection bool   `toml:"error_detection"` // SIP2 AY/AZ checksums
	TimeoutSeconds int    `toml:"timeout_seconds"` // per request; default 3
	PatronPrefix   string `toml:"patron_prefix"`   // put before every patron id for this server
	NoEndSession   bool   `toml:"no_end_session"`  // the server lacks message 35 (VERSO)
	MinimalPatron  bool   `toml:"minimal_patron"`  // send only the needed fields in 63 (TLC)
	PasswordFile   string `toml:"password_file"`   // default secrets/NAME.password in the data directory
	Password       string `toml:"-"`               // read from the OS keyring or PasswordFile; never written to a TOML file
	// PasswordSource says where Password came from: SourceKeyring,
	// SourceFile, or "" when the server has no password.
	PasswordSource string `toml:"-"`
	// TerminalPasswordFile holds the SIP2 terminal password (AC), for
	// servers that want one.
	TerminalPasswordFile string `toml:"terminal_password_file"`
	TerminalPassword     string `toml:"-"`
	// Replay: how many connections the reconciler sends over (default 4),
	// how many sends without a proven answer a transaction gets before the
	// librarian is asked (default 3), and by how many days a due date the
	// server sets earlier than the student was told is still taken
	// silently (default 0).
	Connections    int `toml:"connections"`
	MaxAttempts    int `toml:"max_attempts"`
	DueEarlierDays int `toml:"due_earlier_days"`
}

var serverName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)

// Check says in one sentence what is wrong with s, or nil.
func (s Server) Check() error {
	switch {
	case !serverName.MatchString(s.Name):
		return fmt.Errorf("a server name is 1 to 40 letters, digits, dots, dashes or underscores, not %q", s.Name)
	case s.Address == "":
		return fmt.Errorf("server %s has no address (host:port)", s.Name)
	case s.TimeoutSeconds < 0 || s.TimeoutSeconds > 60:
		return fmt.Errorf("server %s: timeout_seconds must be between 1 and 60", s.Name)
	case (s.ClientCert == "") != (s.ClientKey == ""):
		return fmt.Errorf("server %s: client_cert and client_key go together", s.Name)
	case s.Connections < 0 || s.Connections > 16:
		return fmt.Errorf("server %s: connections must be between 1 and 16", s.Name)
	case s.MaxAttempts < 0 || s.MaxAttempts > 20:
		return fmt.Errorf("server %s: max_attempts must be between 1 and 20", s.Name)
	case s.DueEarlierDays < 0 || s.DueEarlierDays > 366:
		return fmt.Errorf("server %s: due_earlier_days must be between 0 and 366", s.Name)
	}
	if _, _, err := net.SplitHostPort(s.Address); err != nil {
		return fmt.Errorf("server %s: the address %q is not host:port", s.Name, s.Address)
	}
	switch s.Charset {
	case "", "cp850", "latin1", "utf8":
	default:
		return fmt.Errorf("server %s: charset must be cp850, latin1 or utf8, not %q", s.Name, s.Charset)
	}
	switch {
	case s.CAFile != "" && !s.TLS:
		return fmt.Errorf("server %s: ca_file needs tls (--tls), or the station would connect in the clear", s.Name)
	case s.ClientCert != "" && !s.TLS:
		return fmt.Errorf("server %s: client_cert needs tls (--tls), or the station would connect in the clear", s.Name)
	case !s.TLS && !s.Insecure && !s.loopback():
		return fmt.Errorf("server %s at %s is not encrypted: add tls (--tls), or insecure (--insecure) to send passwords and card numbers in the clear", s.Name, s.Address)
	}
	return nil
}

type serversFile struct {
	Server []Server `toml:"server"`
}

// Servers lists the configured library servers: those of the configuration
// file, then those of servers.toml in the data directory, with their
// passwords read from their password files.
func Servers(dir string, cfg Config) ([]Server, error) {
	var f serversFile
	path := filepath.Join(dir, ServersFile)
	if err := decodeFile(path, "the server list", &f); err != nil {
		return nil, err
	}
	all := append(append([]Server(nil), cfg.Server...), f.Server...)
	seen := map[string]bool{}
	for i := range all {
		s := &all[i]
		if err := s.Check(); err != nil {
			return nil, err
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("two library servers are named %s", s.Name)
		}
		seen[s.Name] = true
		if err := loadPassword(dir, s); err != nil {
			return nil, err
		}
		if s.TerminalPasswordFile != "" {
			ac, err := os.ReadFile(s.TerminalPasswordFile)
			if err != nil {
				return nil, fmt.Errorf("the terminal password of server %s cannot be read: %w", s.Name, unwrapPath(err))
			}
			s.TerminalPassword = strings.TrimRight(string(ac), "\r\n")
		}
	}
	return all, nil
}

// AddServer writes s to servers.toml in the data directory and its
// password to the OS keyring where one answers, else to its own file
// under secrets/, readable by this user only. A server of the same name
// is replaced.
func AddServer(dir string, s Server, password string) error {
	if err := s.Check(); err != nil {
		return err
	}
	path := filepath.Join(dir, ServersFile)
	var f serversFile
	if _, err := toml.DecodeFile(path, &f); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the server list %s cannot be read: %w", path, err)
	}
	kept := f.Server[:0]
	for _, old := range f.Server {
		if old.Name != s.Name {
			kept = append(kept, old)
		}
	}
	f.Server = append(kept, s)
	if password != "" {
		if err := savePassword(dir, s.Name, password); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	buf.WriteString("# Library servers, written by `circctl server add`. Passwords are in the OS keyring (service CircDesk) or secrets/.\n")
	if err := toml.NewEncoder(&buf).Encode(f); err != nil {
		return fmt.Errorf("encode the server list: %w", err)
	}
	return render.WriteFile(path, buf.Bytes())
}

// loadPassword fills in s.Password. A password_file named in the
// configuration is the password's only source and must exist; otherwise
// the OS keyring first, then the default file under secrets/, and no
// password when neither has one.
func loadPassword(dir string, s *Server) error {
	named := s.PasswordFile != ""
	if !named {
		if pw, ok := keyringGet(dir, s.Name); ok {
			s.Password, s.PasswordSource = pw, SourceKeyring
			return nil
		}
		s.PasswordFile = filepath.Join(dir, secretsDir, s.Name+".password")
	}
	pw, err := os.ReadFile(s.PasswordFile)
	switch {
	case errors.Is(err, fs.ErrNotExist) && named:
		return fmt.Errorf("the password_file %s of server %s does not exist", s.PasswordFile, s.Name)
	case errors.Is(err, fs.ErrNotExist):
		// No password yet; PasswordFile says where one would go.
	case err != nil:
		return fmt.Errorf("the password of server %s cannot be read: %w", s.Name, unwrapPath(err))
	default:
		s.Password, s.PasswordSource = strings.TrimRight(string(pw), "\r\n"), SourceFile
	}
	return nil
}

// savePassword keeps a server's password in the OS keyring and removes
// any older file for it; when the keyring fails (none on this machine, no
// Secret Service on a headless Linux, locked, no answer) it writes the
// password to secrets/NAME.password, mode 0600, and removes any older
// keyring entry so that the file is the one read.
func savePassword(dir, name, password string) error {
	file := filepath.Join(dir, secretsDir, name+".password")
	if err := keyringSet(dir, name, password); err == nil {
		if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("the password is in the OS keyring, but the old password file cannot be removed: %w", unwrapPath(err))
		}
		return nil
	}
	keyringDelete(dir, name)
	secrets := filepath.Dir(file)
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		return fmt.Errorf("cannot make %s: %w", secrets, unwrapPath(err))
	}
	return render.WriteFile(file, []byte(password+"\n"))
}

// Unencrypted reports whether the station talks to s in the clear over
// the network (plain TCP, allowed with insecure, to another machine).
func (s Server) Unencrypted() bool { return !s.TLS && !s.loopback() }

// loopback reports whether s is on this machine (localhost, 127.0.0.0/8,
// ::1), where plain TCP never crosses the network.
func (s Server) loopback() bool {
	host, _, err := net.SplitHostPort(s.Address)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
