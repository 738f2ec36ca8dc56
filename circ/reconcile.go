package circ

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// ErrNoLibrary is returned by a Reconciler with no library server.
var ErrNoLibrary = NewSaid(KindOffline, "no library server is configured")

// reconcileBatch is how many pending rows one read of the journal takes.
const reconcileBatch = 500

// DefaultMaxAttempts is how many sends without a proven answer a
// transaction gets before it becomes a no_answer exception.
const DefaultMaxAttempts = 3

// Reconciler replays the journal's pending transactions to the library
// server, each exactly once:
//
//   - a row is marked sent, durably, immediately before its request goes
//     on the wire, and the server's answer is durable before the line takes
//     its next row, so a crash leaves at most one unsure row per line;
//   - an unsure row (sent, its answer lost) is never guessed: what the
//     server shows is read first (see check) and only a row proven not to
//     have taken effect is sent again;
//   - transactions of one item, and of one patron, reach the server in
//     journal order; others go in parallel over Lines;
//   - a row that never gets a proven answer becomes a no_answer exception
//     after MaxAttempts sends, and the rows of its item and patron wait
//     behind it; other rows go on;
//   - one process at a time replays a journal (Link.Lease).
//
// Refusals become exceptions for the librarian; they are never dropped and
// never retried on their own.
type Reconciler struct {
	Store Store
	Link  *Link
	Clock Clock

	// Lines are the connections replay sends over, one row at a time each;
	// empty: the Link's Library alone.
	Lines []Library
	// Holder names this reconciler to another program that finds the lease
	// taken ("The station window"); "" is the Link's Holder.
	Holder string
	// LeaseWait is how long Pass waits for another program's lease before
	// it returns a *BusyError; 0 does not wait.
	LeaseWait time.Duration
	// MaxAttempts: see DefaultMaxAttempts (0 means it).
	MaxAttempts int
	// DueGraceDays: a server due date earlier than the one the station gave
	// by more than this many days is an exception; any other difference
	// is taken silently.
	DueGraceDays int
}

// SyncResult counts what one pass did: each replayed row once.
type SyncResult struct {
	Applied    int `json:"applied"`    // accepted by the server
	Exceptions int `json:"exceptions"` // now exceptions the librarian must look at
	Pending    int `json:"pending"`    // still waiting (the server stopped answering, or they wait behind a row)
	// Waiting lists the pending rows that wait behind an unsure one.
	Waiting []Waiting `json:"waiting"`
}

// Waiting is a pending row held back to keep the server's order.
type Waiting struct {
	Txn    int64  `json:"txn"`
	Item   string `json:"item"`
	Patron string `json:"patron,omitempty"`
	Behind int64  `json:"behind"` // the row it waits for
	Reason string `json:"reason"`
}

// Pass replays every pending transaction once. It stops early, leaving the
// rest pending, when the server stops answering; that is not an error.
// When another program holds the lease (after LeaseWait) it sends nothing
// and returns a *BusyError.
func (r *Reconciler) Pass(ctx context.Context) (SyncResult, error) {
	if r.Link == nil {
		return SyncResult{}, ErrNoLibrary
	}
	release, err := r.lease(ctx)
	if err != nil {
		return SyncResult{}, err
	}
	defer release()
	p := &pass{r: r, blocked: map[string]blocker{}, c: newCommitter(r.Store)}
	defer p.c.stop()
	if !r.Link.State().Online && !r.ping(ctx, r.Link.Library) {
		return r.finish(ctx, p)
	}
	if err := p.blockBehindExceptions(ctx); err != nil {
		return p.res, err
	}
	var after int64
	for !p.stopped() {
		rows, err := r.Store.Journal(ctx, JournalFilter{Sync: Pending, After: after, First: reconcileBatch})
		if err != nil {
			return p.res, fmt.Errorf("read pending transactions: %w", err)
		}
		if len(rows) == 0 {
			break
		}
		after = rows[len(rows)-1].ID
		p.batch(ctx, rows)
		if err := p.failure(); err != nil {
			return p.res, err
		}
		if len(rows) < reconcileBatch {
			break
		}
	}
	return r.finish(ctx, p)
}

// lease takes the journal's lease, waiting up to LeaseWait for another
// program to let go of it.
func (r *Reconciler) lease(ctx context.Context) (func(), error) {
	deadline := time.Now().Add(r.LeaseWait)
	for {
		release, err := r.Link.acquire(r.Holder)
		var busy *BusyError
		if !errors.As(err, &busy) || !time.Now().Before(deadline) {
			return release, err
		}
		t := time.NewTimer(250 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

func (r *Reconciler) finish(ctx context.Context, p *pass) (SyncResult, error) {
	pending, err := r.Store.PendingCount(ctx)
	if err != nil {
		return p.res, fmt.Errorf("count pending transactions: %w", err)
	}
	p.res.Pending = pending
	r.Link.settled(pending > 0)
	return p.res, nil
}

func (r *Reconciler) lines() []Library {
	if len(r.Lines) > 0 {
		return r.Lines
	}
	return []Library{r.Link.Library}
}

func (r *Reconciler) maxAttempts() int {
	if r.MaxAttempts > 0 {
		return r.MaxAttempts
	}
	return DefaultMaxAttempts
}

// ping asks whether the server answers on lib and records what it learns.
func (r *Reconciler) ping(ctx context.Context, lib Library) bool {
	ctx, cancel := context.WithTimeout(ctx, r.Link.Timeout)
	defer cancel()
	if err := lib.Ping(ctx); err != nil {
		r.Link.down(err.Error())
		return false
	}
	r.Link.up()
	return true
}

// Run replays the journal every interval, and at once when the link is
// woken, until ctx ends. Passes never overlap. A pass that finds another
// program replaying is skipped quietly.
func (r *Reconciler) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		var busy *BusyError
		if _, err := r.Pass(ctx); err != nil && ctx.Err() == nil && !errors.As(err, &busy) {
			slog.Error("replay pending transactions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.Link.woken():
		}
	}
}

// blocker is why rows of a key (an item or a patron) wait.
type blocker struct {
	txn    int64
	reason string
}

// pass is one replay: its counts, the keys whose rows wait, and whether
// the server stopped answering.
type pass struct {
	r *Reconciler
	c *committer // the lines' durable writes, grouped

	mu      sync.Mutex
	res     SyncResult
	blocked map[string]blocker // item and patron keys
	stop    bool
	err     error // a failure of the station itself (its store)
}

func itemKey(t Transaction) string { return "i:" + t.Item }

func patronKey(t Transaction) string {
	if t.Patron == "" {
		return ""
	}
	return "p:" + t.Patron
}

// blockBehindExceptions makes the rows of every item and patron with an
// open unproven exception wait behind it.
func (p *pass) blockBehindExceptions(ctx context.Context) error {
	open, err := p.r.Store.Exceptions(ctx, ExceptionFilter{Open: true})
	if err != nil {
		return fmt.Errorf("read open exceptions: %w", err)
	}
	for _, e := range open {
		if e.Code.Unproven() {
			p.block(e.Txn, fmt.Sprintf("waits until the librarian settles exception %d (%s)", e.ID, e.Code))
		}
	}
	return nil
}

// block makes later rows of t's item and patron wait behind t.
func (p *pass) block(t Transaction, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range []string{itemKey(t), patronKey(t)} {
		if _, ok := p.blocked[k]; k != "" && !ok {
			p.blocked[k] = blocker{txn: t.ID, reason: reason}
		}
	}
}

// waits reports whether t must wait, and records it: its own keys then
// block the rows after it.
func (p *pass) waits(t Transaction) bool {
	p.mu.Lock()
	b, ok := p.blocked[itemKey(t)]
	if !ok && patronKey(t) != "" {
		b, ok = p.blocked[patronKey(t)]
	}
	if ok {
		p.res.Waiting = append(p.res.Waiting, Waiting{Txn: t.ID, Item: t.Item, Patron: t.Patron, Behind: b.txn, Reason: b.reason})
	}
	p.mu.Unlock()
	if ok {
		p.block(t, fmt.Sprintf("waits behind transaction %d", b.txn))
	}
	return ok
}

func (p *pass) halt() {
	p.mu.Lock()
	p.stop = true
	p.mu.Unlock()
}

func (p *pass) stopped() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stop
}

func (p *pass) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.stop = true
	p.mu.Unlock()
}

func (p *pass) failure() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *pass) count(s Settlement) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s.Sync == SyncException {
		p.res.Exceptions++
	} else {
		p.res.Applied++
	}
}

// batch replays rows: the rows linked by a shared item or patron form a
// chain that one line sends in journal order; chains go in parallel.
func (p *pass) batch(ctx context.Context, rows []Transaction) {
	chains := make(chan []Transaction)
	var wg sync.WaitGroup
	for _, lib := range p.r.lines() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for chain := range chains {
				premarked := false
				for i, t := range chain {
					if p.stopped() {
						break
					}
					var next *Transaction
					if i+1 < len(chain) {
						next = &chain[i+1]
					}
					var err error
					if premarked, err = p.replay(ctx, lib, t, next, premarked); err != nil {
						p.fail(err)
					}
				}
			}
		}()
	}
	for _, chain := range chainsOf(rows) {
		if p.stopped() {
			break
		}
		chains <- chain
	}
	close(chains)
	wg.Wait()
}

// chainsOf groups rows into the chains of rows that share an item or a
// patron, directly or through other rows, each in journal order; chains
// come in the order of their first row.
func chainsOf(rows []Transaction) [][]Transaction {
	parent := make([]int, len(rows))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[string]int{}
	for i, t := range rows {
		for _, k := range []string{itemKey(t), patronKey(t)} {
			if k == "" {
				continue
			}
			if j, ok := owner[k]; ok {
				a, b := find(i), find(j)
				if a != b {
					parent[max(a, b)] = min(a, b)
				}
			} else {
				owner[k] = i
			}
		}
	}
	index := map[int]int{}
	var out [][]Transaction
	for i, t := range rows {
		root := find(i)
		n, ok := index[root]
		if !ok {
			n = len(out)
			index[root] = n
			out = append(out, nil)
		}
		out[n] = append(out[n], t)
	}
	return out
}

// replay sends one pending transaction over lib, unless it must wait. An
// error is the station's own failure; a server that stops answering halts
// the pass. premarked says the write that settled the line's previous row
// marked t sent too; replay does the same for next (the line's next row)
// when it can, and reports whether it did: one durable write a row.
func (p *pass) replay(ctx context.Context, lib Library, t Transaction, next *Transaction, premarked bool) (nextMarked bool, err error) {
	if !t.Action.ToLibrary() {
		// Never sent (an inventory's "missing" goes to the library server
		// as a barcode file); such a row should not be pending at all.
		slog.Warn("pending journal row the library server cannot take", "txn", t.ID, "action", t.Action)
		return false, nil
	}
	if p.waits(t) {
		return false, nil
	}
	r := p.r
	defer r.Link.claim(t.ID)()
	// A line that lost an answer reconnects and asks once more in this
	// pass (a dropped connection is the usual fault); after that the row
	// waits for the next pass.
	for try := 0; ; try++ {
		// The desk may have sent it (or be sending it) since the batch was
		// read, and a try changes its attempts: read it again.
		var still bool
		if t, still, err = stillPending(ctx, r.Store, t.ID); err != nil || !still {
			return false, err
		}
		fresh := premarked && try == 0 // marked by the last write, not sent yet
		if t.Sent && !fresh {
			// Sent before, its answer lost: find out what the server made of it.
			f, err := p.check(ctx, lib, t)
			if err != nil {
				if t.Attempts >= r.maxAttempts() && r.ping(ctx, lib) {
					return false, p.settle(ctx, t, noAnswer(t, finding{known: "It did not answer questions about it either."}, r.Clock.Now()), 0)
				}
				return false, p.unanswered(ctx, lib, t, err, true)
			}
			switch {
			case f.verdict != resend:
				return false, p.settle(ctx, t, f.settlement(t, r.Clock.Now()), 0)
			case t.Attempts >= r.maxAttempts():
				return false, p.settle(ctx, t, noAnswer(t, f, r.Clock.Now()), 0)
			}
		}
		if !fresh {
			if err := p.c.write(ctx, nil, t.ID); err != nil {
				return false, fmt.Errorf("mark transaction %d sent: %w", t.ID, err)
			}
		}
		ans, err := r.ask(ctx, lib, t)
		if err == nil {
			var mark int64
			if next != nil && !next.Sent && next.Action.ToLibrary() && !p.blockedNow(*next) {
				mark = next.ID
			}
			return mark != 0, p.settle(ctx, t, r.answered(t, ans), mark)
		}
		if try > 0 || !errors.Is(err, ErrAmbiguous) || !r.ping(ctx, lib) {
			return false, p.unanswered(ctx, lib, t, err, false)
		}
	}
}

// blockedNow reports whether t's item or patron is blocked, recording nothing.
func (p *pass) blockedNow(t Transaction) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, item := p.blocked[itemKey(t)]
	_, patron := p.blocked[patronKey(t)]
	return item || (patron && patronKey(t) != "")
}

// unanswered handles a request of t that got no answer. A server that does
// not answer a ping either is down: the pass stops. Otherwise t is unsure:
// its item's and patron's rows wait behind it, and the others go on. A
// question that went unanswered (checking) counts as an attempt too.
func (p *pass) unanswered(ctx context.Context, lib Library, t Transaction, err error, checking bool) error {
	slog.Warn("library server gave no answer", "txn", t.ID, "err", err)
	r := p.r
	if !checking && !errors.Is(err, ErrAmbiguous) {
		// Nothing reached the server: it is not answering.
		r.Link.down(err.Error())
		p.halt()
		return nil
	}
	if !r.ping(ctx, lib) {
		p.halt()
		return nil
	}
	if checking {
		if err := r.Store.MarkSent(ctx, []int64{t.ID}); err != nil {
			return fmt.Errorf("count an attempt of transaction %d: %w", t.ID, err)
		}
	}
	p.block(t, fmt.Sprintf("waits behind transaction %d, which the library server has not answered", t.ID))
	p.mu.Lock()
	p.res.Waiting = append(p.res.Waiting, Waiting{Txn: t.ID, Item: t.Item, Patron: t.Patron, Behind: t.ID,
		Reason: "has no answer from the library server yet; it is asked again on the next pass"})
	p.mu.Unlock()
	return nil
}

// settle records s durably before the line takes its next row; with next
// (not 0) the same write marks that row sent.
func (p *pass) settle(ctx context.Context, t Transaction, s Settlement, next int64) error {
	err := p.c.write(ctx, &s, next)
	if errors.Is(err, ErrSettled) {
		return nil // the desk recorded the answer first
	}
	if err != nil {
		return fmt.Errorf("record the library server's answer to transaction %d: %w", t.ID, err)
	}
	if s.Sync == SyncException {
		slog.Info("library server exception", "txn", t.ID, "code", s.Code)
		if s.Code.Unproven() {
			p.block(t, fmt.Sprintf("waits behind transaction %d (%s)", t.ID, s.Code))
		}
	}
	p.count(s)
	return nil
}

// stillPending rereads journal row id and reports whether it still waits
// for the server.
func stillPending(ctx context.Context, st Store, id int64) (Transaction, bool, error) {
	rows, err := st.Journal(ctx, JournalFilter{Sync: Pending, After: id - 1, First: 1})
	if err != nil {
		return Transaction{}, false, fmt.Errorf("read transaction %d: %w", id, err)
	}
	if len(rows) == 1 && rows[0].ID == id {
		return rows[0], true, nil
	}
	return Transaction{}, false, nil
}

// ask sends t over lib as an offline replay.
func (r *Reconciler) ask(ctx context.Context, lib Library, t Transaction) (LibraryAnswer, error) {
	req := LibraryRequest{Item: t.Item, At: t.At, Offline: true, Due: t.Due}
	if t.Patron != "" && t.Action != Checkin {
		req.Patron = r.Link.account(ctx, r.Store, t.Patron)
	}
	ctx, cancel := context.WithTimeout(ctx, r.Link.Timeout)
	defer cancel()
	ans, err := ask(ctx, lib, t.Action, req)
	if err == nil {
		r.Link.up()
	}
	return ans, err
}

// account is the id the server knows the patron with ID id by.
func (l *Link) account(ctx context.Context, st Store, id string) string {
	return ServerAccount(ctx, st, id, l.Account)
}

// ServerAccount is the id the library server knows the patron with ID id
// by: the cached patron's account id (the ID itself when the patron has
// none or the cache does not know it), mapped by account when it is set
// (the station's account prefix and suffix). The reconciler's replay and
// the offline circulation (KOC) export both name patrons so.
func ServerAccount(ctx context.Context, cache Reader, id string, account func(string) string) string {
	p, err := cache.Patron(ctx, id)
	if err != nil {
		p = Patron{ID: id}
	}
	return accountOf(p, account)
}

// answered turns the server's answer to a replayed t into its settlement.
// A due date that differs from the one the station gave is the server's
// (kept beside it); only one earlier than the student was told, by more
// than DueGraceDays, is the librarian's business.
func (r *Reconciler) answered(t Transaction, ans LibraryAnswer) Settlement {
	now := r.Clock.Now()
	if !ans.OK {
		return refusedSettlement(t, ans, now)
	}
	s := Settlement{Txn: t.ID, Sync: Synced, At: now, Due: ans.Due}
	if t.Action == Checkin || ans.Due.IsZero() || t.Due.IsZero() || sameDay(ans.Due, t.Due) {
		return s
	}
	s.ServerDue = ans.Due
	if ans.Due.Before(dayStart(t.Due).AddDate(0, 0, -r.DueGraceDays)) {
		s.Sync, s.Code = SyncException, ExDueDateChanged
		s.Message = fmt.Sprintf("The library server set the due date to %s; the station had told the student %s.",
			ans.Due.Format(time.DateOnly), t.Due.Format(time.DateOnly))
	}
	return s
}

func sameDay(a, b time.Time) bool {
	a = a.In(b.Location())
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
