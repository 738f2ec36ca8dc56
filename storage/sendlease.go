package storage

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/circdesk/circdesk/circ"
)

// SendLease is the lease on sending this database's journal to the library
// server (circ.Lease): an operating-system lock on a file beside the
// database, which the system lets go of when the process dies, so a killed
// `circctl sync` never keeps the station window from sending. Within one
// process it is shared: the first Acquire locks the file, the last release
// unlocks it. The file holds the name of the holder, for the others.
type SendLease struct {
	path string

	mu sync.Mutex
	n  int // acquisitions in this process
	f  *os.File
}

var _ circ.Lease = (*SendLease)(nil)

// SendLease returns the database's sending lease (one per DB).
func (db *DB) SendLease() *SendLease {
	db.leaseOnce.Do(func() { db.lease = &SendLease{path: db.path + "-send.lock"} })
	return db.lease
}

// Acquire takes the lease for holder without waiting; see circ.Lease. The
// lock file stays open between acquisitions (a decision at the desk takes
// the lease: no open or close), and the holder's name is written over
// whatever the last holder, here or elsewhere, left.
func (l *SendLease) Acquire(holder string) (release func(), heldBy string, ok bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n == 0 {
		if l.f == nil {
			f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE, 0o600)
			if err != nil {
				return nil, "", false, fmt.Errorf("open %s: %w", l.path, err)
			}
			l.f = f
		}
		locked, err := tryLock(l.f)
		if err != nil {
			return nil, "", false, fmt.Errorf("lock %s: %w", l.path, err)
		}
		if !locked {
			b := make([]byte, 200)
			n, _ := l.f.ReadAt(b, 0)
			return nil, strings.TrimSpace(string(b[:n])), false, nil
		}
		if holder == "" {
			holder = "Another CircDesk program"
		}
		// Who holds it, for the others to say; the lock does not depend on it.
		_ = l.f.Truncate(0)
		_, _ = l.f.WriteAt([]byte(holder), 0)
	}
	l.n++
	var once sync.Once
	return func() { once.Do(l.release) }, "", true, nil
}

func (l *SendLease) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n--
	if l.n == 0 {
		_ = unlock(l.f)
	}
}

// close lets go of the lock file (DB.Close).
func (l *SendLease) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		l.f.Close()
		l.f, l.n = nil, 0
	}
}
