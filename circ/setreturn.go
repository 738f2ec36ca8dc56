package circ

import (
	"context"
	"log/slog"
	"sync"

	"github.com/circdesk/circdesk/devices"
)

// SetReturn takes a set's copies back at the station, as a Job: every copy
// scanned or laid on the pad is checked in (its tag secured again), and a
// book of no set or of another set is refused and stays out.
type SetReturn struct {
	sets     *Sets
	rules    *Classifier
	security Security
	afi      AFI
	set      string
	notify   func(SetReturnState)

	st   SetReturnState // owned by the station goroutine
	uids map[string]bool
}

// SetReturnState counts a set return for the screen.
type SetReturnState struct {
	Set      string
	Returned int // copies that were out and are back
	NotOut   int // copies scanned that were not out (checked in all the same)
	Last     *HandoutScan
}

// NewSetReturn prepares the return of set's copies; notify hears each scan.
func NewSetReturn(sets *Sets, st *Station, set string, notify func(SetReturnState)) *SetReturn {
	return &SetReturn{sets: sets, rules: st.Rules(), security: st.Security(), afi: st.AFI(), set: set, notify: notify,
		st: SetReturnState{Set: set}, uids: map[string]bool{}}
}

// Scan checks one copy in (the Job interface).
func (r *SetReturn) Scan(ctx context.Context, sc devices.Scan) {
	code := r.rules.Clean(sc.Value)
	uid := sc.Tag[devices.TagUID]
	if code == "" || sc.Kind == devices.Card || (uid != "" && r.uids[uid]) {
		return
	}
	o, err := r.sets.Return(ctx, r.set, code)
	if err != nil {
		slog.Error("book-set return", "err", err)
		o = Outcome{Item: code, Code: CodeStationError}
	}
	s := HandoutScan{Item: code, Title: o.Title, OK: o.OK, Code: o.Code, At: o.At}
	if o.OK {
		if uid != "" {
			r.uids[uid] = true // back: the pad's later reads of it change nothing
		}
		if o.Code == CodeNotOnLoan {
			r.st.NotOut++
		} else {
			r.st.Returned++
		}
		if uid != "" && r.security != nil {
			wctx, cancel := context.WithTimeout(ctx, securityTimeout)
			if err := r.security.WriteAFI(wctx, uid, r.afi.InStock); err != nil {
				s.SecurityFailed = true
				slog.Warn("tag security not written", "item", code, "err", err)
			}
			cancel()
		}
	}
	r.st.Last = &s
	if r.notify != nil {
		c := r.st
		l := s
		c.Last = &l
		r.notify(c)
	}
}

// ScanRun collects the item barcodes scanned at the station, as a Job: a
// new book set is made from a scan run. Codes come back in scan order,
// each once.
type ScanRun struct {
	rules  *Classifier
	notify func([]string)

	mu    sync.Mutex
	codes []string
	seen  map[string]bool
}

// NewScanRun starts collecting; notify hears the codes so far after each new one.
func NewScanRun(st *Station, notify func([]string)) *ScanRun {
	return &ScanRun{rules: st.Rules(), notify: notify, seen: map[string]bool{}}
}

// Scan adds an item code (the Job interface); cards are ignored.
func (r *ScanRun) Scan(_ context.Context, sc devices.Scan) {
	code := r.rules.Clean(sc.Value)
	if code == "" || sc.Kind == devices.Card || r.rules.Classify(code) == PatronCode {
		return
	}
	r.mu.Lock()
	if r.seen[code] {
		r.mu.Unlock()
		return
	}
	r.seen[code] = true
	r.codes = append(r.codes, code)
	out := append([]string(nil), r.codes...)
	r.mu.Unlock()
	if r.notify != nil {
		r.notify(out)
	}
}

// Codes returns the codes collected so far.
func (r *ScanRun) Codes() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.codes...)
}
