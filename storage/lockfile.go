package storage

import (
	"context"
	"fmt"
	"os"
	"time"
)

// A lockFile is an advisory lock on a small file beside the database, held
// by one open file (not one process: two opens in one process exclude each
// other too), shared or exclusive, and released by the system when the
// process ends, however it ends. CircDesk uses two:
//
//   - path+"-import.lock", held exclusively for the whole of an import, so
//     that imports take turns and so that anyone can tell a running import
//     from one that was killed (see staged.go);
//   - path+"-writer.lock", held shared by a writer connection from just
//     before it asks for SQLite's write lock until its transaction ends; an
//     import takes it exclusively for an instant before each of its short
//     transactions, so that a desk decision already waiting goes first.
type lockFile struct {
	f *os.File
}

func openLockFile(path string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	return &lockFile{f: f}, nil
}

// tryLock takes the lock if nobody holds it in a conflicting way, and
// reports whether it did.
func (l *lockFile) tryLock(exclusive bool) (bool, error) {
	ok, err := tryLockFile(l.f, exclusive)
	if err != nil {
		return false, fmt.Errorf("lock %s: %w", l.f.Name(), err)
	}
	return ok, nil
}

// lock waits for the lock until ctx is done or, with a positive limit, until
// limit has passed; it reports whether it got the lock.
func (l *lockFile) lock(ctx context.Context, exclusive bool, limit time.Duration) (bool, error) {
	var deadline time.Time
	if limit > 0 {
		deadline = time.Now().Add(limit)
	}
	pause := 100 * time.Microsecond
	for {
		ok, err := l.tryLock(exclusive)
		if ok || err != nil {
			return ok, err
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Millisecond)
	}
}

func (l *lockFile) unlock() error {
	if err := unlockFile(l.f); err != nil {
		return fmt.Errorf("unlock %s: %w", l.f.Name(), err)
	}
	return nil
}

func (l *lockFile) close() error { return l.f.Close() }

// heldElsewhere reports whether some other open of the lock file at path
// holds it, by taking and dropping it exclusively on a fresh open.
func heldElsewhere(path string) bool {
	l, err := openLockFile(path)
	if err != nil {
		return false
	}
	defer l.close()
	ok, err := l.tryLock(true)
	if err != nil {
		return false
	}
	if ok {
		_ = l.unlock()
	}
	return !ok
}
