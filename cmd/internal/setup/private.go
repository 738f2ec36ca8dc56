package setup

import (
	"fmt"
	"log/slog"
	"os"
	"runtime"
)

// closeToOthers makes the data directory the user's alone (0700) when
// others could read it: it holds every student's records.
func closeToOthers(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // the per-user folder's ACL guards it there
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cannot read the data directory %s: %w", dir, unwrapPath(err))
	}
	if fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("the data directory %s can be read by other users of this computer and cannot be closed to them (%w); run chmod 700 on it", dir, unwrapPath(err))
	}
	slog.Warn("the data directory was readable by other users of this computer; it is now readable by its owner only",
		"dir", dir, "was", fmt.Sprintf("%o", fi.Mode().Perm()))
	return nil
}
