package setup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zalando/go-keyring"
)

// keyringService is the service name under which the station keeps the
// library servers' passwords in the OS keyring (Windows Credential
// Manager, macOS Keychain, the Secret Service on Linux desktops).
const keyringService = "CircDesk"

// KeyringEnv, set to "off", keeps every password in its 0600 file under
// secrets/ and never asks the OS keyring (for machines whose keyring
// prompts or hangs, and for tests).
const KeyringEnv = "CIRCDESK_KEYRING"

// keyringTimeout bounds one keyring call: a Secret Service that does not
// answer (or waits on an unlock prompt nobody sees) must not stall the
// station; the password file is used instead.
var keyringTimeout = 5 * time.Second

// errKeyringOff is returned when CIRCDESK_KEYRING=off.
var errKeyringOff = errors.New("the OS keyring is turned off (" + KeyringEnv + "=off)")

// Password sources, as Server.PasswordSource reports them.
const (
	SourceKeyring = "keyring"
	SourceFile    = "file"
)

// keyringUser names a server's entry in the keyring: the data directory
// (absolute) and the server name, so two stations on one account, each
// with its own data directory, keep their own passwords.
func keyringUser(dir, name string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Join(dir, name)
}

// keyringCall runs f with the keyring timeout.
func keyringCall[T any](f func() (T, error)) (T, error) {
	var zero T
	if os.Getenv(KeyringEnv) == "off" {
		return zero, errKeyringOff
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-time.After(keyringTimeout):
		return zero, fmt.Errorf("the OS keyring did not answer in %s", keyringTimeout)
	}
}

// keyringSet stores a server's password in the OS keyring.
func keyringSet(dir, name, password string) error {
	_, err := keyringCall(func() (struct{}, error) {
		return struct{}{}, keyring.Set(keyringService, keyringUser(dir, name), password)
	})
	return err
}

// keyringGet reads a server's password from the OS keyring; ok is false
// when there is no keyring or no entry for the server.
func keyringGet(dir, name string) (string, bool) {
	pw, err := keyringCall(func() (string, error) {
		return keyring.Get(keyringService, keyringUser(dir, name))
	})
	return pw, err == nil
}

// keyringDelete removes a server's entry, if any; errors are ignored
// (no keyring, or no entry, is the state wanted).
func keyringDelete(dir, name string) {
	keyringCall(func() (struct{}, error) {
		return struct{}{}, keyring.Delete(keyringService, keyringUser(dir, name))
	})
}
