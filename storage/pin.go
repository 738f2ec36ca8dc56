package storage

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PINFileName is the librarian PIN's file in the data directory.
const PINFileName = "kiosk-pin"

// ErrBadPIN says a PIN to set is not 4 to 12 digits.
var ErrBadPIN = errors.New("the PIN must be 4 to 12 digits")

// PINParams are argon2id's costs. The zero value is DefaultPINParams.
type PINParams struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultPINParams are the costs of RFC 9106's second recommended option
// (64 MiB, 3 passes).
var DefaultPINParams = PINParams{Time: 3, Memory: 64 * 1024, Threads: 2}

// PINFile is the librarian's kiosk PIN, kept only as an argon2id hash in a
// file readable by its owner alone (0600). Its methods are safe for
// concurrent use; Check takes a noticeable moment by design.
type PINFile struct {
	Path   string
	Params PINParams // costs for Set; Check reads them from the file
}

// IsSet reports whether a PIN was set.
func (f PINFile) IsSet() (bool, error) {
	_, err := os.Stat(f.Path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("cannot read the librarian PIN file %s: %w", f.Path, err)
}

// ValidPIN reports whether pin is 4 to 12 digits.
func ValidPIN(pin string) bool {
	if len(pin) < 4 || len(pin) > 12 {
		return false
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Set replaces the PIN with pin (4 to 12 digits), atomically.
func (f PINFile) Set(pin string) error {
	if !ValidPIN(pin) {
		return ErrBadPIN
	}
	p := f.Params
	if p == (PINParams{}) {
		p = DefaultPINParams
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return fmt.Errorf("make a salt: %w", err)
	}
	sum := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, 32)
	line := fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s\n", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(sum))
	return writePrivate(f.Path, []byte(line))
}

// Check reports whether pin is the PIN set. With no PIN set it is false.
func (f PINFile) Check(pin string) (bool, error) {
	data, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot read the librarian PIN file %s: %w", f.Path, err)
	}
	p, salt, sum, err := parsePINHash(strings.TrimSpace(string(data)))
	if err != nil {
		return false, fmt.Errorf("the librarian PIN file %s is damaged; set the PIN again with circctl kiosk set-pin", f.Path)
	}
	got := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, uint32(len(sum)))
	return subtle.ConstantTimeCompare(got, sum) == 1, nil
}

var b64 = base64.RawStdEncoding

// parsePINHash reads "$argon2id$v=19$m=65536,t=3,p=2$SALT$HASH".
func parsePINHash(s string) (PINParams, []byte, []byte, error) {
	var p PINParams
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errors.New("unknown argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Time == 0 || p.Threads == 0 || p.Memory < 8*uint32(p.Threads) || p.Memory > 4<<20 {
		return p, nil, nil, errors.New("bad argon2 costs")
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, errors.New("bad salt")
	}
	sum, err := b64.DecodeString(parts[5])
	if err != nil || len(sum) < 16 {
		return p, nil, nil, errors.New("bad hash")
	}
	return p, salt, sum, nil
}

// writePrivate writes data to path atomically, readable and writable by
// its owner only (0600) from the moment it exists.
func writePrivate(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename: nothing left to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot protect %s: %w", name, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("cannot save %s: %w", path, err)
	}
	return nil
}
