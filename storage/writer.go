package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// The writer connection is go-sqlite3's, with two additions at BEGIN that
// keep a CircDesk import from making a desk decision wait or fail:
//
//   - Before it asks SQLite for the write lock, a transaction takes the
//     writer lock file shared and keeps it until it ends. An import takes
//     that lock file exclusively for an instant before each of its short
//     transactions, so a decision already waiting (in this process or
//     another) goes before the import's next transaction instead of
//     polling against it (SQLite's busy handler polls every few
//     milliseconds, then every 100 ms, and would rarely catch the gap
//     between two import transactions).
//   - When BEGIN still finds the file busy after the busy timeout while a
//     CircDesk import runs, it waits again (up to importPatience): the
//     import lets writers in between its transactions, so a long wait
//     means a slow disk, not a program that will never let go.

// importPatience is how many busy timeouts in all a write waits while a
// CircDesk import runs before it gives up.
const importPatience = 4

// queueWait bounds the wait for the writer lock file itself: it is only
// ever held exclusively for an instant, but a stopped process must not
// stop the desk.
const queueWait = time.Second

// observeBusyRetry, when set (by tests), is called each time a BEGIN that
// found the file busy while an import ran tries again.
var observeBusyRetry func()

type writerConnector struct {
	dsn string
	db  *DB
	drv *sqlite3.SQLiteDriver
}

func (c *writerConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(*sqlite3.SQLiteConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("open writer: unexpected connection type %T", conn)
	}
	return &writerConn{SQLiteConn: sc, db: c.db}, nil
}

func (c *writerConnector) Driver() driver.Driver { return c.drv }

type writerConn struct {
	*sqlite3.SQLiteConn
	db    *DB
	queue *lockFile // the writer lock file, opened at the first BEGIN; nil when it cannot be
	tried bool
}

func (c *writerConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *writerConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	leave := c.enterQueue(ctx)
	start := time.Now()
	for {
		tx, err := c.SQLiteConn.BeginTx(ctx, opts)
		if err == nil {
			return &writerTx{Tx: tx, leave: leave}, nil
		}
		if !isBusy(err) || ctx.Err() != nil || time.Since(start) >= importPatience*c.db.busyTimeout || !c.db.importRunning() {
			leave()
			return nil, err
		}
		if observeBusyRetry != nil {
			observeBusyRetry()
		}
	}
}

// enterQueue takes the writer lock file shared, and returns what gives it back.
func (c *writerConn) enterQueue(ctx context.Context) func() {
	if !c.tried {
		c.tried = true
		if l, err := openLockFile(c.db.path + writerLockSuffix); err == nil {
			c.queue = l
		}
	}
	if c.queue == nil {
		return func() {}
	}
	if ok, err := c.queue.lock(ctx, false, queueWait); !ok || err != nil {
		return func() {}
	}
	return func() { _ = c.queue.unlock() }
}

func (c *writerConn) Close() error {
	if c.queue != nil {
		c.queue.close()
	}
	return c.SQLiteConn.Close()
}

type writerTx struct {
	driver.Tx
	leave func()
}

func (t *writerTx) Commit() error {
	defer t.leave()
	return t.Tx.Commit()
}

func (t *writerTx) Rollback() error {
	defer t.leave()
	return t.Tx.Rollback()
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

const (
	importLockSuffix = "-import.lock"
	writerLockSuffix = "-writer.lock"
)

// importRunning reports whether a CircDesk import in another process is
// under way on the file: then the file being busy is that import's doing.
// In the importing process, an import's writes queue with the others on
// the one writer connection, so a busy file is somebody else's doing.
func (db *DB) importRunning() bool {
	return !importingHere(db.path) && heldElsewhere(db.path+importLockSuffix)
}

// importing counts, per database file, the imports this process runs.
var importing = struct {
	sync.Mutex
	runs map[string]int
}{runs: map[string]int{}}

func importingHere(path string) bool {
	importing.Lock()
	defer importing.Unlock()
	return importing.runs[path] > 0
}

func countImport(path string, delta int) {
	importing.Lock()
	defer importing.Unlock()
	importing.runs[path] += delta
	if importing.runs[path] <= 0 {
		delete(importing.runs, path)
	}
}
