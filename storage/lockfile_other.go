//go:build !unix && !windows

package storage

import "os"

// Without file locks, imports and desk decisions coordinate only through
// SQLite's own locking.

func tryLockFile(*os.File, bool) (bool, error) { return true, nil }

func unlockFile(*os.File) error { return nil }
