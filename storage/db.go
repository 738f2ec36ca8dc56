package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3" // also registers the "sqlite3" driver, for the read pool
)

// DefaultBusyTimeout is how long a write waits for another program's lock
// on the file before it fails with ErrLocked. While a CircDesk import runs
// (it lets writes in between its short transactions), a write waits up to
// importPatience times as long before it gives up.
const DefaultBusyTimeout = 5 * time.Second

// readers is the size of the read-only pool.
const readers = 4

// DB is a station's cache and journal in one SQLite file. It implements
// circ.Store and is safe for concurrent use.
type DB struct {
	path        string
	busyTimeout time.Duration
	w           *sqlx.DB // the one writer connection
	r           *sqlx.DB // read-only pool
	rq          *queries // reads on r
	wq          *queries // the same reads on w, for use inside Update
	ws          *writes  // what Record executes on w

	leaseOnce sync.Once
	lease     *SendLease
}

// OpenOptions tune OpenWith. The zero value is what Open uses.
type OpenOptions struct {
	// BusyTimeout is how long to wait for another program's lock before
	// failing with ErrLocked; 0 means DefaultBusyTimeout.
	BusyTimeout time.Duration

	// synchronous is the PRAGMA synchronous of the writer, "" meaning FULL.
	// Only benchmarks lower it, to measure what FULL costs.
	synchronous string
}

// Open opens the CircDesk database at path, creating the file (not its
// folder) when missing, and brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	return OpenWith(ctx, path, OpenOptions{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, opts OpenOptions) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := checkLocation(abs); err != nil {
		return nil, err
	}
	if err := makePrivate(abs); err != nil {
		return nil, err
	}
	db := &DB{path: abs, busyTimeout: opts.BusyTimeout}
	if db.busyTimeout <= 0 {
		db.busyTimeout = DefaultBusyTimeout
	}
	if err := db.open(ctx, opts); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// checkLocation explains the usual reasons a database file cannot be
// created before SQLite reports them as "unable to open database file".
func checkLocation(path string) error {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return readOnlyError(path, fmt.Sprintf("the folder %s does not exist", dir), err)
	case err != nil:
		return readOnlyError(path, fmt.Sprintf("the folder %s cannot be read", dir), err)
	case !info.IsDir():
		return readOnlyError(path, fmt.Sprintf("%s is a file, not a folder", dir), nil)
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return readOnlyError(path, "it is a folder, not a database file", nil)
	}
	return nil
}

func (db *DB) open(ctx context.Context, opts OpenOptions) error {
	sync := opts.synchronous
	if sync == "" {
		sync = "FULL"
	}
	busy := strconv.FormatInt(db.busyTimeout.Milliseconds(), 10)
	var err error
	// The writer goes through writerConnector (writer.go): a write waits
	// its turn ahead of an import's next transaction, and waits out an
	// import instead of failing when the file is busy.
	db.w = sqlx.NewDb(sql.OpenDB(&writerConnector{db: db, drv: &sqlite3.SQLiteDriver{}, dsn: fileURI(db.path, url.Values{
		"_fk":           {"on"},
		"_journal_mode": {"WAL"},
		"_busy_timeout": {busy},
		"_txlock":       {"immediate"},
		"_synchronous":  {sync},
	})}), "sqlite3")
	db.w.SetMaxOpenConns(1)
	db.w.SetMaxIdleConns(1)
	if err := db.w.PingContext(ctx); err != nil {
		return db.explain("open "+db.path, err)
	}
	if err := db.checkPragmas(ctx, sync); err != nil {
		return err
	}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	db.r, err = sqlx.Open("sqlite3", fileURI(db.path, url.Values{
		"mode":          {"ro"},
		"_fk":           {"on"},
		"_busy_timeout": {busy},
	}))
	if err != nil {
		return fmt.Errorf("open %s for reading: %w", db.path, err)
	}
	db.r.SetMaxOpenConns(readers)
	db.r.SetMaxIdleConns(readers)
	if err := db.r.PingContext(ctx); err != nil {
		return db.explain("open "+db.path+" for reading", err)
	}
	if db.rq, err = prepareQueries(ctx, db.r); err != nil {
		return db.explain("prepare reads", err)
	}
	if db.wq, err = prepareQueries(ctx, db.w); err != nil {
		return db.explain("prepare reads", err)
	}
	if db.ws, err = prepareWrites(ctx, db.w); err != nil {
		return db.explain("prepare writes", err)
	}
	// An import killed part way leaves staged rows (deleted here) or an
	// import decided but not all applied (finished here); see staged.go.
	return db.finishImports(ctx)
}

// checkPragmas confirms that the writer really runs in WAL mode with
// foreign keys and the asked-for synchronous level: SQLite ignores some
// settings silently (WAL on a network drive, for one).
func (db *DB) checkPragmas(ctx context.Context, sync string) error {
	var mode string
	if err := db.w.GetContext(ctx, &mode, "PRAGMA journal_mode"); err != nil {
		return db.explain("read journal mode", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("%s could not be switched to WAL mode (it is in %q mode); keep the CircDesk data on a local disk", db.path, mode)
	}
	var fk, level int
	if err := db.w.GetContext(ctx, &fk, "PRAGMA foreign_keys"); err != nil {
		return db.explain("read foreign_keys", err)
	}
	if err := db.w.GetContext(ctx, &level, "PRAGMA synchronous"); err != nil {
		return db.explain("read synchronous", err)
	}
	want := map[string]int{"OFF": 0, "NORMAL": 1, "FULL": 2, "EXTRA": 3}[strings.ToUpper(sync)]
	if fk != 1 || level != want {
		return fmt.Errorf("%s: foreign_keys=%d synchronous=%d, want 1 and %d", db.path, fk, level, want)
	}
	return nil
}

// fileURI is the SQLite URI of the file at the absolute path, so that
// characters such as '?' or '#' in a folder name stay part of the path.
func fileURI(path string, params url.Values) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: params.Encode()}
	return u.String()
}

// Path is the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database. After Close, every method fails.
func (db *DB) Close() error {
	if db.lease != nil {
		db.lease.close()
	}
	var errs []error
	for _, p := range []*sqlx.DB{db.r, db.w} {
		if p != nil {
			errs = append(errs, p.Close())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}
