package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
)

// privateMode is the mode of the database and its -wal and -shm files: the
// school's records are readable by the station's user alone.
const privateMode = 0o600

// makePrivate creates the database file at path with mode 0600 when it is
// missing (SQLite then gives its -wal and -shm files the same mode), and
// closes an existing one and its companions to other users when they are
// open to them, saying so in the log.
func makePrivate(path string) error {
	if runtime.GOOS == "windows" {
		return nil // access is the folder's ACL there, not mode bits
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, privateMode)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return nil // SQLite says what is wrong, in its own words
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, privateMode); err != nil {
			return fmt.Errorf("%s can be read by other users of this computer and cannot be closed to them (%w); make it readable by its owner only (chmod 600)", p, unwrapPathErr(err))
		}
		slog.Warn("a file of the school's records was readable by other users of this computer; it is now readable by its owner only",
			"file", p, "was", fmt.Sprintf("%o", fi.Mode().Perm()))
	}
	return nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
