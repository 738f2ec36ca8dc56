package inventory

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/callnumber"
)

// runLength is how many of a station's latest in-scope scans the shelf
// order is judged on: the books just read, as they stand on the shelf.
const runLength = 12

// Session is an open inventory on one station: its scope and scans in
// memory, every scan stored before Scan returns. A Session is not safe for
// concurrent use; a circ.Job runs it on the station goroutine.
type Session struct {
	svc  *Service
	info Info

	scope   []ScopeItem    // in shelf order
	at      map[string]int // barcode → index in scope
	scanned map[string]Scan
	run     []runEntry // this station's latest in-scope scans, oldest first

	accounted int
	counts    map[Result]int
	cache     map[string]callnumber.CallNumber
}

type runEntry struct {
	item string
	cn   callnumber.CallNumber
}

// Open loads an inventory for scanning. A finalized one opens too, for its
// counts, but takes no scans.
func (s *Service) Open(ctx context.Context, name string) (*Session, error) {
	inv, err := s.find(ctx, name)
	if err != nil {
		return nil, err
	}
	return s.open(ctx, inv)
}

func (s *Service) open(ctx context.Context, inv Info) (*Session, error) {
	scope, err := s.Store.Scope(ctx, inv.ID)
	if err != nil {
		return nil, fmt.Errorf("load the scope of inventory %s: %w", inv.Name, err)
	}
	scans, err := s.Store.Scans(ctx, inv.ID)
	if err != nil {
		return nil, fmt.Errorf("load the scans of inventory %s: %w", inv.Name, err)
	}
	ss := &Session{svc: s, info: inv, scope: scope, at: make(map[string]int, len(scope)),
		scanned: make(map[string]Scan, len(scans)), counts: map[Result]int{}, cache: map[string]callnumber.CallNumber{}}
	for i, it := range scope {
		ss.at[it.Barcode] = i
		if it.Out {
			ss.accounted++
		}
	}
	for _, sc := range scans {
		ss.note(sc)
		if sc.Station == s.Desk.Station && sc.InScope && orderResult(sc.Result) {
			ss.push(sc.Item)
		}
	}
	return ss, nil
}

// Info is the inventory as it was opened.
func (ss *Session) Info() Info { return ss.info }

// note counts a stored scan.
func (ss *Session) note(sc Scan) {
	ss.scanned[sc.Item] = sc
	ss.counts[sc.Result]++
	if i, ok := ss.at[sc.Item]; ok && !ss.scope[i].Out {
		ss.accounted++
	}
}

func orderResult(r Result) bool { return r == OnShelf || r == OutOfOrder }

func (ss *Session) push(item string) {
	i, ok := ss.at[item]
	if !ok {
		return
	}
	ss.run = append(ss.run, runEntry{item: item, cn: ss.parse(ss.scope[i].CallNumber)})
	if len(ss.run) > runLength {
		ss.run = ss.run[len(ss.run)-runLength:]
	}
}

func (ss *Session) parse(raw string) callnumber.CallNumber {
	if cn, ok := ss.cache[raw]; ok {
		return cn
	}
	cn, err := callnumber.Parse(raw, ss.info.Scheme)
	if err != nil {
		cn = callnumber.CallNumber{Raw: raw}
	}
	ss.cache[raw] = cn
	return cn
}

// Progress is how far a session has come.
type Progress struct {
	Scope     int
	Accounted int // scope items scanned, or out on loan or on the hold shelf
	Scanned   int // items scanned, in scope or not
	Counts    map[Result]int
}

// Share is the part of the scope accounted for, 0 to 1.
func (p Progress) Share() float64 { return progress(p.Accounted, p.Scope) }

// Progress counts the session's scans.
func (ss *Session) Progress() Progress {
	counts := make(map[Result]int, len(ss.counts))
	for r, n := range ss.counts {
		counts[r] = n
	}
	return Progress{Scope: len(ss.scope), Accounted: ss.accounted, Scanned: len(ss.scanned), Counts: counts}
}

// Read is one code read by a scanner or a wand.
type Read struct {
	Item       string
	ReaderKind string // barcode, rfid_item, typed
	Reader     string
}

// Changed is an earlier scan whose result a later one changed: the shelf
// order of the books read after it showed it was (or was not) out of place.
type Changed = Scan

// Scan classifies one read and stores it. An item already scanned into the
// inventory returns its first result with Repeat set, and nothing is stored.
func (ss *Session) Scan(ctx context.Context, r Read) (Scan, []Changed, error) {
	out, changed, err := ss.ScanAll(ctx, []Read{r})
	if err != nil {
		return Scan{}, nil, err
	}
	return out[0], changed, nil
}

// ScanAll classifies reads (a stack on a pad, a wand's sweep) and stores
// them in one write. Re-reads, in the batch or before, are de-duplicated.
func (ss *Session) ScanAll(ctx context.Context, reads []Read) ([]Scan, []Changed, error) {
	if ss.info.Status == Finalized {
		return nil, nil, &FinalizedError{Name: ss.info.Name}
	}
	out := make([]Scan, len(reads))
	var add []Scan
	batch := map[string]int{} // item → index in add
	var pushed []string
	for i, r := range reads {
		item := strings.TrimSpace(r.Item)
		if item == "" {
			return nil, nil, errors.New("a scan with no barcode")
		}
		if sc, ok := ss.scanned[item]; ok {
			sc.Repeat = true
			out[i] = sc
			continue
		}
		if j, ok := batch[item]; ok {
			sc := add[j]
			sc.Repeat = true
			out[i] = sc
			continue
		}
		sc, err := ss.classify(ctx, item)
		if err != nil {
			// The batch is not stored: say which books of it were checked in.
			return nil, nil, lostCheckins(add, err, err)
		}
		sc.Station, sc.At, sc.ReaderKind, sc.Reader = ss.svc.Desk.Station, ss.svc.now(), r.ReaderKind, r.Reader
		batch[item] = len(add)
		add = append(add, sc)
		out[i] = sc
		if sc.InScope && orderResult(sc.Result) {
			pushed = append(pushed, item)
		}
	}
	if len(add) == 0 {
		return out, nil, nil
	}
	// Judge the shelf order on the run with the new books in it.
	saved := append([]runEntry(nil), ss.run...)
	for _, item := range pushed {
		ss.push(item)
	}
	verdict := ss.order()
	var changed []Scan
	for item, res := range verdict {
		if j, ok := batch[item]; ok {
			add[j].Result, add[j].BelongsAfter = res.result, res.after
			continue
		}
		if old, ok := ss.scanned[item]; ok && old.Result != res.result {
			old.Result, old.BelongsAfter = res.result, res.after
			changed = append(changed, old)
		}
	}
	sort.Slice(changed, func(a, b int) bool { return changed[a].ID < changed[b].ID })
	stored, err := ss.svc.Store.AddScans(ctx, ss.info.ID, add, changed)
	if err != nil {
		ss.run = saved
		if errors.Is(err, ErrFinalized) {
			ss.info.Status = Finalized
		}
		return nil, nil, lostCheckins(add, err, fmt.Errorf("store the scans: %w", err))
	}
	for j, sc := range add {
		if stored[j] {
			ss.note(sc)
		}
	}
	for _, sc := range changed {
		old := ss.scanned[sc.Item]
		ss.counts[old.Result]--
		ss.counts[sc.Result]++
		ss.scanned[sc.Item] = sc
	}
	for i := range out {
		if !out[i].Repeat {
			out[i] = add[batch[out[i].Item]]
		}
	}
	return out, changed, nil
}

// lostCheckins says, when the scans add were not stored for err, which of
// them had checked their item in: the check-ins are journaled and stand,
// only the inventory's scans are lost. Without any, it returns plain.
func lostCheckins(add []Scan, err, plain error) error {
	var in []string
	for _, sc := range add {
		if sc.Result == CheckedOut {
			in = append(in, sc.Item)
		}
	}
	if len(in) == 0 {
		return plain
	}
	return fmt.Errorf("item %s was checked in (journaled like any check-in), but its inventory scan was not stored: %w",
		strings.Join(in, ", "), err)
}

type orderVerdict struct {
	result Result
	after  string
}

// order judges the run: the books not in a longest in-order subsequence
// are out of order, each belonging after the scope item that shelves just
// before it.
func (ss *Session) order() map[string]orderVerdict {
	run := make([]callnumber.CallNumber, len(ss.run))
	for i, e := range ss.run {
		run[i] = e.cn
	}
	bad := map[int]bool{}
	for _, i := range callnumber.OutOfOrder(run) {
		bad[i] = true
	}
	v := make(map[string]orderVerdict, len(ss.run))
	for i, e := range ss.run {
		if bad[i] {
			v[e.item] = orderVerdict{OutOfOrder, ss.belongsAfter(e.item)}
		} else {
			v[e.item] = orderVerdict{OnShelf, ""}
		}
	}
	return v
}

// belongsAfter is the call number of the nearest scope item that shelves
// before item (with another call number): where the book goes back.
func (ss *Session) belongsAfter(item string) string {
	i := ss.at[item]
	own := ss.scope[i].Key
	for j := i - 1; j >= 0; j-- {
		if ss.scope[j].Key != own {
			return ss.scope[j].CallNumber
		}
	}
	return ""
}

// classify decides a new scan's result from the cache; the shelf order is
// judged after.
func (ss *Session) classify(ctx context.Context, item string) (Scan, error) {
	sc := Scan{Item: item}
	_, sc.InScope = ss.at[item]
	desk := ss.svc.Desk
	it, err := desk.Store.Item(ctx, item)
	switch {
	case errors.Is(err, circ.ErrNotFound):
		sc.Result, sc.InScope = NotInCatalog, false
		return sc, nil
	case err != nil:
		return Scan{}, fmt.Errorf("look up item %s: %w", item, err)
	}
	sc.CallNumber, sc.Location, sc.Title = it.CallNumber, it.Location, it.Title
	switch it.Status {
	case circ.Withdrawn:
		sc.Result = WithdrawnFound
		return sc, nil
	case circ.Lost, circ.Missing:
		sc.Result = LostFound
		return sc, nil
	}
	if _, err := desk.Store.Loan(ctx, item); err == nil || it.Status == circ.OnLoan {
		// On the shelf, so not out: check it in, journaled and sent to
		// the library server like any other. The check-in cannot be
		// undone, so first make sure the inventory still takes scans
		// (another station or circctl may have finalized it).
		if err := ss.stillOpen(ctx); err != nil {
			return Scan{}, err
		}
		o, err := desk.Checkin(ctx, item)
		if err != nil {
			return Scan{}, fmt.Errorf("check in item %s: %w", item, err)
		}
		if !o.OK {
			return Scan{}, fmt.Errorf("check in item %s: %w", item, &circ.CodeError{Code: o.Code})
		}
		sc.Result = CheckedOut
		// Someone is waiting for it: it goes to the hold shelf, not back
		// on the shelf.
		sc.HoldShelf, sc.HoldFor = o.Code == circ.CodeHoldShelf, o.HoldFor
		return sc, nil
	} else if !errors.Is(err, circ.ErrNotFound) {
		return Scan{}, fmt.Errorf("look up the loan of item %s: %w", item, err)
	}
	if !sc.InScope && !ss.fits(it) {
		sc.Result = WrongLocation
		return sc, nil
	}
	sc.Result = OnShelf
	return sc, nil
}

// stillOpen checks in the store that the inventory takes scans, and
// remembers when it does not.
func (ss *Session) stillOpen(ctx context.Context) error {
	inv, err := ss.svc.Store.InventoryByUID(ctx, ss.info.UID)
	if err != nil {
		return fmt.Errorf("look up inventory %s: %w", ss.info.Name, err)
	}
	if inv.Status != Open {
		ss.info.Status = inv.Status
		return &FinalizedError{Name: ss.info.Name}
	}
	return nil
}

// fits reports whether an item outside the scope matches the spec anyway
// (seen recently, or added to the catalog after the start).
func (ss *Session) fits(it circ.Item) bool {
	sp := ss.info.Spec
	if !matches(sp.Location, it.Location) || !matches(sp.Collection, it.Collection) || !matches(sp.MaterialType, it.MaterialType) {
		return false
	}
	r, err := newRange(sp)
	if err != nil {
		return false
	}
	_, ok := r.place(it.CallNumber)
	return ok
}

func matches(want, got string) bool { return want == "" || strings.EqualFold(want, got) }
