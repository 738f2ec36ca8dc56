package inventory

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/callnumber"
)

// Service runs a station's inventories: what circctl and the librarian's
// screen call. Desk is the station's desk: it names the station and checks
// in the items an inventory finds on the shelf while the cache has them
// out (journaled and sent to the library server like any check-in).
type Service struct {
	Store Store
	Desk  *circ.Desk
	// WriteFile saves finalize's barcode file whole and durably, before
	// the commit (cmd wires formats/render.WriteFile): the domain does no
	// file I/O of its own.
	WriteFile func(path string, data []byte) error
}

func (s *Service) now() time.Time { return s.Desk.Clock.Now() }

// Start begins an inventory: it checks the spec and fixes the scope.
func (s *Service) Start(ctx context.Context, spec Spec) (Info, error) {
	name, err := checkName(spec.Name)
	if err != nil {
		return Info{}, err
	}
	spec.Name = name
	spec.Location, spec.Collection = strings.TrimSpace(spec.Location), strings.TrimSpace(spec.Collection)
	spec.MaterialType = strings.TrimSpace(spec.MaterialType)
	r, err := newRange(spec)
	if err != nil {
		return Info{}, err
	}
	if _, err := s.Store.Inventory(ctx, name); err == nil {
		return Info{}, fmt.Errorf("%w: %s", ErrExists, name)
	} else if !errors.Is(err, ErrUnknown) {
		return Info{}, err
	}
	scope, err := s.scope(ctx, spec, r)
	if err != nil {
		return Info{}, err
	}
	inv := Info{UID: newUID(), Spec: spec, Status: Open, Station: s.Desk.Station, Created: s.now()}
	inv, _, err = s.Store.CreateInventory(ctx, inv, scope, nil)
	return inv, err
}

// scope lists the items spec expects, in shelf order.
func (s *Service) scope(ctx context.Context, spec Spec, r callRange) ([]ScopeItem, error) {
	items, err := s.Store.Candidates(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("list the items in scope: %w", err)
	}
	scope := make([]ScopeItem, 0, len(items))
	for _, it := range items {
		key, ok := r.place(it.CallNumber)
		if !ok {
			continue
		}
		scope = append(scope, ScopeItem{Barcode: it.Barcode, CallNumber: it.CallNumber, Key: key})
	}
	sortScope(scope)
	return scope, nil
}

func sortScope(scope []ScopeItem) {
	sort.Slice(scope, func(i, j int) bool {
		if scope[i].Key != scope[j].Key {
			return scope[i].Key < scope[j].Key
		}
		return scope[i].Barcode < scope[j].Barcode
	})
}

// callRange is a spec's call-number range, parsed.
type callRange struct {
	scheme   callnumber.Scheme
	from, to *callnumber.CallNumber
	toPrefix string
}

func newRange(spec Spec) (callRange, error) {
	r := callRange{scheme: spec.Scheme}
	for _, b := range []struct {
		raw   string
		which string
		dst   **callnumber.CallNumber
	}{{spec.From, "start", &r.from}, {spec.To, "end", &r.to}} {
		if b.raw == "" {
			continue
		}
		cn, err := callnumber.Parse(b.raw, spec.Scheme)
		if err != nil {
			return callRange{}, &RangeError{Which: b.which, Raw: b.raw, Err: err}
		}
		*b.dst = &cn
	}
	if r.from != nil && r.to != nil && callnumber.Compare(*r.from, *r.to) > 0 {
		return callRange{}, fmt.Errorf("the range starts at %s, which shelves after its end %s", r.from.Raw, r.to.Raw)
	}
	if r.to != nil {
		r.toPrefix = normal(r.to.Raw)
	}
	return r, nil
}

// place returns the shelf key of a call number in the range. A call number
// that cannot be read sorts last, and only an inventory without a range
// takes it.
func (r callRange) place(raw string) (string, bool) {
	cn, err := callnumber.Parse(raw, r.scheme)
	if err != nil {
		return unplaced(raw), r.from == nil && r.to == nil
	}
	if r.from != nil && callnumber.Compare(cn, *r.from) < 0 {
		return "", false
	}
	if r.to != nil && callnumber.Compare(cn, *r.to) > 0 && !withPrefix(normal(cn.Raw), r.toPrefix) {
		return "", false
	}
	return cn.Key(), true
}

// unplaced is the key of a call number that cannot be read: after every
// real one, by its text.
func unplaced(raw string) string { return "\xff\xff" + raw }

func normal(s string) string { return strings.Join(strings.Fields(strings.ToUpper(s)), " ") }

// withPrefix reports whether s begins with the whole tokens of p: "599.75
// LIO" begins with "599" and "599.7", not "59".
func withPrefix(s, p string) bool {
	if !strings.HasPrefix(s, p) {
		return false
	}
	if len(s) == len(p) {
		return true
	}
	next := s[len(p)]
	// A decimal continues: 599.7 takes 599.75, QA76.7 takes QA76.73.
	decimal := strings.Contains(p, ".") && isDigit(p[len(p)-1]) && isDigit(next)
	return next == ' ' || next == '.' || next == '/' || next == '-' || decimal
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func newUID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// List lists the inventories, newest first.
func (s *Service) List(ctx context.Context) ([]Summary, error) {
	return s.Store.Inventories(ctx)
}

// Summary finds one inventory with its counts.
func (s *Service) Summary(ctx context.Context, name string) (Summary, error) {
	all, err := s.Store.Inventories(ctx)
	if err != nil {
		return Summary{}, err
	}
	for _, sm := range all {
		if strings.EqualFold(sm.Name, strings.TrimSpace(name)) {
			return sm, nil
		}
	}
	return Summary{}, fmt.Errorf("%w: %s", ErrUnknown, name)
}

// find finds an inventory by name, saying which when it is unknown.
func (s *Service) find(ctx context.Context, name string) (Info, error) {
	inv, err := s.Store.Inventory(ctx, strings.TrimSpace(name))
	if errors.Is(err, ErrUnknown) {
		return Info{}, &UnknownError{Name: name}
	}
	return inv, err
}

// UnknownError is the name of no inventory.
type UnknownError struct{ Name string }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("no inventory is named %q; 'circctl inventory list' shows them", e.Name)
}

func (e *UnknownError) Unwrap() error { return ErrUnknown }

// FinalizedError is a scan or merge into a finalized inventory.
type FinalizedError struct{ Name string }

func (e *FinalizedError) Error() string {
	return fmt.Sprintf("the inventory %q is finalized and takes no more scans", e.Name)
}

func (e *FinalizedError) Unwrap() error { return ErrFinalized }
