package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Staged imports.
//
// A shelf list (300,000 items at a district) or a roster (150,000 people,
// 900,000 enrollments) applied in one transaction would hold the station's
// only writer for seconds, and a desk decision must never wait that long
// (another process gives up after the busy timeout). So an import runs in
// three steps, none of which holds the writer longer than about holdTarget:
//
//  1. Stage: the import's rows (for a roster, the writes it decided on)
//     go into import_rows under a new import_runs row, in short
//     transactions. Only imports read these tables: staged rows are
//     invisible to the station.
//  2. Commit: one tiny transaction marks the run ready. Until then, a killed
//     import leaves only staged rows, which the next import or Open deletes:
//     the cache is as it was. From then on, the import has happened.
//  3. Apply: the staged rows are applied to the cache in order, in short
//     transactions, each deleting the rows it applied. A killed apply is
//     finished by the next import or Open.
//
// While step 3 runs, the cache is part old and part new. Each transaction
// applies whole groups of rows: the rows that one decision reads together
// (an item; a patron, under both their old and new card number; a class and
// who is in it) change together, so no decision sees one of them half
// changed. Only a count over many rows (a report, a listing) can see an
// import half applied, for the second or so the apply takes.
//
// A run holds the import lock file (path+importLockSuffix) from start to
// end: imports take turns, and a run whose lock is free was killed.
//
// The two tables are created by the first import rather than by a
// migration so that this change stays clear of the migrations in flight;
// they belong in the next migration.
const importTablesSQL = `
CREATE TABLE IF NOT EXISTS import_runs (
	id    INTEGER PRIMARY KEY,
	kind  TEXT NOT NULL,               -- what applies the rows: 'shelflist' or 'roster'
	ready INTEGER NOT NULL DEFAULT 0,  -- 1: staged in full; what is left must be applied
	info  TEXT NOT NULL DEFAULT 'null' -- what applying needs besides the rows (JSON)
) STRICT;
CREATE TABLE IF NOT EXISTS import_rows (
	run  INTEGER NOT NULL,
	seq  INTEGER NOT NULL,
	op   INTEGER NOT NULL,             -- an importOp
	last INTEGER NOT NULL,             -- 1: ends a group (a transaction may end after it)
	a ANY, b ANY, c ANY, d ANY, e ANY, f ANY, g ANY, h ANY,
	PRIMARY KEY (run, seq)
) STRICT, WITHOUT ROWID;`

// holdTarget is how long one import transaction aims to hold the writer.
// A desk decision that arrives during one waits for its end, plus up to a
// step of SQLite's busy polling when it is in another process; the aim is
// well below the 200 ms a desk may wait, as a hold varies around it.
const holdTarget = 25 * time.Millisecond

// Rows per import transaction: where a run starts, and its bounds as it
// adapts to holdTarget.
const (
	firstChunk = 500
	minChunk   = 50
	maxChunk   = 50_000
)

// yieldWait bounds how long an import lets other writers go first before
// each of its transactions: a desk that never stops writing slows an
// import down but cannot stop it. It is longer than the longest pause of
// SQLite's busy handler (100 ms), so that a waiting desk in another
// process wakes within it.
const yieldWait = 150 * time.Millisecond

// importOp says what a staged row does.
type importOp int

// The numbers are kept in import_rows: never reuse one.
const (
	opItem             importOp = 1 // a shelf-list item
	opPatronAdd        importOp = 2
	opPatronUpdate     importOp = 3
	opPatronDeactivate importOp = 4
	opRenumber         importOp = 5
	opClass            importOp = 6
	opClassEnd         importOp = 7
	opEnrollmentAdd    importOp = 9
	opEnrollmentRemove importOp = 10
	opRosterRecord     importOp = 11
)

// stagedArgs is how many values a staged row carries (columns a to h).
const stagedArgs = 8

// stagedRow is one row of import_rows.
type stagedRow struct {
	seq  int64
	op   importOp
	last bool
	args [stagedArgs]any
}

func (r stagedRow) str(i int) string {
	switch v := r.args[i].(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(r.args[i])
}

// stagedRange is the rows of a run from seq from to seq to, both included:
// whole groups, applied in one transaction. A run's seqs have no gaps.
type stagedRange struct {
	run, from, to int64
}

func (rg stagedRange) size() int { return int(rg.to - rg.from + 1) }

// rows reads the range's rows.
func (rg stagedRange) rows(t *writeTx) ([]stagedRow, error) {
	ctx := t.ctx
	out := make([]stagedRow, 0, rg.size())
	rows, err := t.tx.QueryContext(ctx, `SELECT seq, op, last, a, b, c, d, e, f, g, h FROM import_rows
		WHERE run = ? AND seq BETWEEN ? AND ? ORDER BY seq`, rg.run, rg.from, rg.to)
	if err != nil {
		return nil, t.db.explain("read staged rows", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s stagedRow
		a := &s.args
		if err := rows.Scan(&s.seq, &s.op, &s.last, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7]); err != nil {
			return nil, t.db.explain("read staged rows", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, t.db.explain("read staged rows", err)
	}
	return out, nil
}

// An applier applies a range of staged rows to the cache inside the
// transaction t. It returns what to do once t has committed (count).
type applier func(t *writeTx, rg stagedRange) (committed func(), err error)

// Import kinds: what applies a run's rows.
const (
	kindShelfList = "shelflist"
	kindRoster    = "roster"
)

// applierFor is the applier of a run found ready at Open or at the start of
// an import, from its kind and info.
func (db *DB) applierFor(kind string, info []byte) (applier, error) {
	switch kind {
	case kindShelfList:
		var si shelfListInfo
		if err := json.Unmarshal(info, &si); err != nil {
			return nil, fmt.Errorf("shelf-list import: %w", err)
		}
		return shelfListApplier(si, &ShelfListResult{}), nil
	case kindRoster:
		return rosterApplier(new(int64)), nil
	}
	return nil, fmt.Errorf("an import of an unknown kind %q", kind)
}

// importTx is one of a run's transactions, for tests and benchmarks: which
// step, how many rows, and how long it held the writer (from its BEGIN
// succeeding to its COMMIT returning).
type importTx struct {
	Step string // "stage", "commit", "apply" or "clean"
	Rows int
	Hold time.Duration
}

// observeImportTx, when set (by tests, before any import starts), is called
// after each import transaction has committed.
var observeImportTx func(importTx)

// importRun is one import from start to end.
type importRun struct {
	db    *DB
	lock  *lockFile // the import lock, held
	queue *lockFile // the writer lock file, taken for an instant before each transaction
	ckpt  *sql.DB   // a connection of its own for checkpoints; nil if it could not be opened
	id    int64
	chunk map[string]int // rows per transaction, per step
}

// startImport waits for any other import to end, finishes or removes what
// a killed one left, and starts a run of kind.
func (db *DB) startImport(ctx context.Context, kind string, info any) (*importRun, error) {
	lock, err := openLockFile(db.path + importLockSuffix)
	if err != nil {
		return nil, readOnlyError(db.path, "the import lock file beside it cannot be created", err)
	}
	if _, err := lock.lock(ctx, true, 0); err != nil {
		lock.close()
		return nil, fmt.Errorf("wait for the import under way: %w", err)
	}
	r, err := db.newRun(lock)
	if err != nil {
		lock.unlock()
		lock.close()
		return nil, err
	}
	if err := r.ensureTables(ctx); err != nil {
		r.close()
		return nil, err
	}
	if err := r.finishLeftovers(ctx); err != nil {
		r.close()
		return nil, fmt.Errorf("finish an earlier import: %w", err)
	}
	infoJSON, err := json.Marshal(info)
	if err != nil {
		r.close()
		return nil, fmt.Errorf("import: %w", err)
	}
	err = r.tx(ctx, "stage", func(t *writeTx) (int, error) {
		res, err := t.tx.ExecContext(ctx, `INSERT INTO import_runs (kind, info) VALUES (?, ?)`, kind, string(infoJSON))
		if err != nil {
			return 0, db.explain("start the import", err)
		}
		r.id, err = res.LastInsertId()
		return 0, err
	})
	if err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

func (db *DB) newRun(lock *lockFile) (*importRun, error) {
	queue, err := openLockFile(db.path + writerLockSuffix)
	if err != nil {
		return nil, readOnlyError(db.path, "the writer lock file beside it cannot be created", err)
	}
	countImport(db.path, 1)
	return &importRun{db: db, lock: lock, queue: queue, ckpt: db.checkpointer(), chunk: map[string]int{}}, nil
}

// checkpointer opens a connection for an import's checkpoints: after each
// of its transactions an import copies the write-ahead log into the file
// itself, beside the writer (a passive checkpoint takes no write lock).
// Otherwise the first commit to find the log past SQLite's threshold (1000
// pages) does it, and that can be a desk decision in another process,
// which then waits while the import's pages are copied.
func (db *DB) checkpointer() *sql.DB {
	c, err := sql.Open("sqlite3", fileURI(db.path, url.Values{"_synchronous": {"FULL"}}))
	if err != nil {
		return nil
	}
	c.SetMaxOpenConns(1)
	return c
}

// close ends the run's hold on the lock files.
func (r *importRun) close() {
	countImport(r.db.path, -1)
	if r.ckpt != nil {
		r.ckpt.Close()
	}
	r.queue.close()
	_ = r.lock.unlock()
	r.lock.close()
}

func (r *importRun) ensureTables(ctx context.Context) error {
	if ok, err := r.db.hasImportTables(ctx); err != nil || ok {
		return err
	}
	return r.tx(ctx, "stage", func(t *writeTx) (int, error) {
		if _, err := t.tx.ExecContext(ctx, importTablesSQL); err != nil {
			return 0, r.db.explain("create the import tables", err)
		}
		return 0, nil
	})
}

func (db *DB) hasImportTables(ctx context.Context) (bool, error) {
	var n int
	if err := db.w.GetContext(ctx, &n, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'import_rows'`); err != nil {
		return false, db.explain("look for the import tables", err)
	}
	return n > 0, nil
}

// tx runs fn in one write transaction of step, after letting writers that
// are already waiting go first, and adapts the step's rows per transaction
// to holdTarget. fn returns how many rows it handled.
func (r *importRun) tx(ctx context.Context, step string, fn func(t *writeTx) (int, error)) error {
	if ok, err := r.queue.lock(ctx, true, yieldWait); err != nil {
		return err
	} else if ok {
		_ = r.queue.unlock()
	}
	var start time.Time
	rows := 0
	err := r.db.write(ctx, func(t *writeTx) error {
		start = time.Now()
		var err error
		rows, err = fn(t)
		return err
	})
	if err != nil {
		return err
	}
	hold := time.Since(start)
	if n := r.chunkOf(step); rows > 0 && (rows >= n/2 || hold > holdTarget) {
		// Aim the next transaction at holdTarget from this one's rate:
		// quick to shrink, slow to grow, as a hold varies (a commit that
		// checkpoints the log takes longer) and too long is what matters.
		// A short transaction (the end of a run) says little of the rate:
		// its commit is most of its time.
		next := int(float64(rows) * float64(holdTarget) / float64(max(hold, time.Millisecond)))
		r.chunk[step] = max(minChunk, min(maxChunk, max(n/4, min(n+n/4, next))))
	}
	if r.ckpt != nil && rows > 0 {
		// Best effort: a checkpoint that cannot run now runs later.
		_, _ = r.ckpt.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	}
	if observeImportTx != nil {
		observeImportTx(importTx{Step: step, Rows: rows, Hold: hold})
	}
	return nil
}

func (r *importRun) chunkOf(step string) int {
	if n, ok := r.chunk[step]; ok {
		return n
	}
	return firstChunk
}

// fail removes the run's staged rows, when it was not ready, and returns
// err. It removes them even when ctx is done: that is often why it fails.
func (r *importRun) fail(err error) error {
	if cerr := r.remove(context.Background(), r.id); cerr != nil {
		slog.Warn("staged import rows left for the next import", "err", cerr)
	}
	return err
}

// remove deletes a run that is not ready and its staged rows, a chunk at a time.
func (r *importRun) remove(ctx context.Context, run int64) error {
	for {
		done := false
		err := r.tx(ctx, "clean", func(t *writeTx) (int, error) {
			var first sql.NullInt64
			if err := t.tx.GetContext(ctx, &first, `SELECT min(seq) FROM import_rows WHERE run = ?`, run); err != nil {
				return 0, r.db.explain("clear staged rows", err)
			}
			if !first.Valid {
				done = true
				_, err := t.tx.ExecContext(ctx, `DELETE FROM import_runs WHERE id = ? AND ready = 0`, run)
				return 0, r.db.explain("clear staged rows", err)
			}
			res, err := t.tx.ExecContext(ctx, `DELETE FROM import_rows WHERE run = ? AND seq < ?`, run, first.Int64+int64(r.chunkOf("clean")))
			if err != nil {
				return 0, r.db.explain("clear staged rows", err)
			}
			n, err := res.RowsAffected()
			return int(n), err
		})
		if err != nil || done {
			return err
		}
	}
}

// commit marks the run ready: from here on it has happened, and what is
// left of it will be applied, by this run or, if it is killed, by the next
// import or Open.
func (r *importRun) commit(ctx context.Context) error {
	return r.tx(ctx, "commit", func(t *writeTx) (int, error) {
		if _, err := t.tx.ExecContext(ctx, `UPDATE import_runs SET ready = 1 WHERE id = ?`, r.id); err != nil {
			return 0, r.db.explain("commit the import", err)
		}
		return 0, nil
	})
}

// apply applies what is left of ready run id, in order, whole groups per
// transaction, deleting each row it applied, and then the run. It goes on
// when ctx is done: the import has happened, and stopping half way would
// leave the cache part old until the next Open. When it fails all the
// same, the error matches ErrImportUnfinished.
func (r *importRun) apply(ctx context.Context, run int64, a applier) error {
	if err := r.applyAll(context.WithoutCancel(ctx), run, a); err != nil {
		return unfinishedError(r.db.path, err)
	}
	return nil
}

func (r *importRun) applyAll(ctx context.Context, run int64, a applier) error {
	for {
		done := false
		var committed func()
		err := r.tx(ctx, "apply", func(t *writeTx) (int, error) {
			rg, ok, err := r.next(ctx, t, run, r.chunkOf("apply"))
			if err != nil {
				return 0, err
			}
			if !ok {
				done = true
				_, err := t.tx.ExecContext(ctx, `DELETE FROM import_runs WHERE id = ?`, run)
				return 0, r.db.explain("end the import", err)
			}
			if committed, err = a(t, rg); err != nil {
				return 0, err
			}
			if _, err := t.tx.ExecContext(ctx, `DELETE FROM import_rows WHERE run = ? AND seq <= ?`, run, rg.to); err != nil {
				return 0, r.db.explain("apply the import", err)
			}
			return rg.size(), nil
		})
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		committed()
	}
}

// next finds the run's next n staged rows, and on to the end of a group;
// ok is false when none are left.
func (r *importRun) next(ctx context.Context, t *writeTx, run int64, n int) (rg stagedRange, ok bool, err error) {
	// Each is one search of the primary key (min and max in one query
	// would read the whole run).
	var first, last, end sql.NullInt64
	if err := t.tx.GetContext(ctx, &first, `SELECT min(seq) FROM import_rows WHERE run = ?`, run); err != nil {
		return rg, false, r.db.explain("read staged rows", err)
	}
	if !first.Valid {
		return rg, false, nil
	}
	if err := t.tx.GetContext(ctx, &last, `SELECT max(seq) FROM import_rows WHERE run = ?`, run); err != nil {
		return rg, false, r.db.explain("read staged rows", err)
	}
	err = t.tx.GetContext(ctx, &end, `SELECT seq FROM import_rows WHERE run = ? AND seq >= ? AND last = 1 ORDER BY seq LIMIT 1`,
		run, first.Int64+int64(n)-1)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return rg, false, r.db.explain("read staged rows", err)
	}
	rg = stagedRange{run: run, from: first.Int64, to: last.Int64}
	if end.Valid {
		rg.to = end.Int64
	}
	return rg, true, nil
}

// finishLeftovers applies the ready runs a killed import left and removes
// the others. The caller holds the import lock.
func (r *importRun) finishLeftovers(ctx context.Context) error {
	type leftover struct {
		ID    int64  `db:"id"`
		Kind  string `db:"kind"`
		Ready bool   `db:"ready"`
		Info  string `db:"info"`
	}
	var runs []leftover
	if err := r.db.w.SelectContext(ctx, &runs, `SELECT id, kind, ready, info FROM import_runs ORDER BY id`); err != nil {
		return r.db.explain("look for unfinished imports", err)
	}
	for _, run := range runs {
		if !run.Ready {
			slog.Info("removing the staged rows of an import that did not finish", "run", run.ID, "kind", run.Kind)
			if err := r.remove(ctx, run.ID); err != nil {
				return err
			}
			continue
		}
		slog.Info("finishing an import that was interrupted", "run", run.ID, "kind", run.Kind)
		a, err := r.db.applierFor(run.Kind, []byte(run.Info))
		if err != nil {
			return err
		}
		if err := r.apply(ctx, run.ID, a); err != nil {
			return err
		}
	}
	return nil
}

// finishImports is the part of Open that finishes or removes what a killed
// import left. It does nothing while another import runs (that one does
// it), and a failure is logged, not fatal: the station can work, and the
// next import tries again and says what is wrong.
func (db *DB) finishImports(ctx context.Context) error {
	ok, err := db.hasImportTables(ctx)
	if err != nil || !ok {
		return err
	}
	lock, err := openLockFile(db.path + importLockSuffix)
	if err != nil {
		return nil // an import cannot run here either
	}
	if ok, err := lock.tryLock(true); err != nil || !ok {
		lock.close()
		return nil
	}
	r, err := db.newRun(lock)
	if err != nil {
		lock.unlock()
		lock.close()
		return nil
	}
	defer r.close()
	if err := r.finishLeftovers(ctx); err != nil {
		if errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrReadOnly) {
			return err
		}
		slog.Error("an interrupted import could not be finished", "path", db.path, "err", err)
	}
	return nil
}

// stager writes a run's rows to import_rows, a transaction at a time, each
// holding about holdTarget. Rows are added in groups (add, then endGroup);
// a transaction of the apply ends only where a group does.
type stager struct {
	r   *importRun
	ctx context.Context
	buf []stagedRow
	seq int64 // the seq of the next row
}

func (r *importRun) stager(ctx context.Context) *stager {
	return &stager{r: r, ctx: ctx}
}

// add stages a row of the current group.
func (s *stager) add(op importOp, args ...any) {
	if len(args) > stagedArgs {
		panic(fmt.Sprintf("staged row of %d values", len(args)))
	}
	row := stagedRow{seq: s.seq, op: op}
	copy(row.args[:], args)
	s.buf = append(s.buf, row)
	s.seq++
}

// endGroup ends the current group: a transaction of the apply may end
// after its last row. It writes the rows out once there are enough.
func (s *stager) endGroup() error {
	if len(s.buf) == 0 {
		return nil
	}
	s.buf[len(s.buf)-1].last = true
	return s.flush(false)
}

// stageBatch is how many rows one INSERT stages: one call into SQLite per
// batch instead of per row.
const stageBatch = 64

// stageSQL is the INSERT of n staged rows.
func stageSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO import_rows (run, seq, op, last, a, b, c, d, e, f, g, h) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
	}
	return b.String()
}

// flush writes the buffered rows in transactions of the stage's size, and
// with all the rest too.
func (s *stager) flush(all bool) error {
	ctx := s.ctx
	if len(s.buf) < s.r.chunkOf("stage") && !all {
		return nil
	}
	for len(s.buf) >= s.r.chunkOf("stage") || (all && len(s.buf) > 0) {
		n := min(len(s.buf), s.r.chunkOf("stage"))
		err := s.r.tx(ctx, "stage", func(t *writeTx) (int, error) {
			batch, err := t.tx.PrepareContext(ctx, stageSQL(stageBatch))
			if err != nil {
				return 0, s.r.db.explain("stage the import", err)
			}
			defer batch.Close()
			args := make([]any, 0, stageBatch*(4+stagedArgs))
			for rows := s.buf[:n]; len(rows) > 0; {
				k := min(len(rows), stageBatch)
				args = args[:0]
				for _, row := range rows[:k] {
					args = append(args, s.r.id, row.seq, int(row.op), row.last)
					args = append(args, row.args[:]...)
				}
				if k == stageBatch {
					_, err = batch.ExecContext(ctx, args...)
				} else {
					_, err = t.tx.ExecContext(ctx, stageSQL(k), args...)
				}
				if err != nil {
					return 0, s.r.db.explain("stage the import", err)
				}
				rows = rows[k:]
			}
			return n, nil
		})
		if err != nil {
			return err
		}
		s.buf = s.buf[n:]
	}
	s.buf = append([]stagedRow(nil), s.buf...) // let go of what was written
	return nil
}

// finish writes what is left and commits the run.
func (s *stager) finish() error {
	if len(s.buf) > 0 {
		s.buf[len(s.buf)-1].last = true
	}
	if err := s.flush(true); err != nil {
		return err
	}
	return s.r.commit(s.ctx)
}
