package setup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// EnvDataDir names the environment variable that sets the data directory.
const EnvDataDir = "CIRCDESK_DATA_DIR"

// DatabaseFile is the name of the SQLite cache inside the data directory.
const DatabaseFile = "circdesk.db"

// ConfigFile is the name of the configuration file inside the data directory.
const ConfigFile = "circdesk.toml"

// DataDir picks the data directory: the flag value, else $CIRCDESK_DATA_DIR,
// else the operating system's per-user data directory.
func DataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if env := os.Getenv(EnvDataDir); env != "" {
		return env, nil
	}
	base, err := userDataDir()
	if err != nil {
		return "", fmt.Errorf("cannot find a data directory for this user (%v); give one with --data-dir", err)
	}
	return filepath.Join(base, "CircDesk"), nil
}

// userDataDir is $XDG_DATA_HOME (or ~/.local/share) on Linux and the BSDs,
// and the per-user application data directory elsewhere.
func userDataDir() (string, error) {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "android":
		return os.UserConfigDir()
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share"), nil
}

// EnsureDataDir creates dir when it is missing, readable by its owner only
// (0700), closes an existing one that others can read (saying so in the
// log), and checks that files can be written in it.
func EnsureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the data directory %s: %w", dir, unwrapPath(err))
	}
	if err := closeToOthers(dir); err != nil {
		return err
	}
	probe, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("cannot write in the data directory %s: %w", dir, unwrapPath(err))
	}
	name := probe.Name()
	probe.Close()
	os.Remove(name)
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
