package circ_test

import (
	"context"
	"sync"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// fakeLibrary is a small library server in memory: it lends and returns
// items by its own rules and can be told to misbehave. The real SIP2 server
// is tested in package ils; this one lets the reconciler's rules be tested
// one fault at a time.
type fakeLibrary struct {
	mu      sync.Mutex
	loans   map[string]string // item → patron account
	dues    map[string]time.Time
	refuse  map[string]circ.ExceptionCode
	dueIn   time.Duration // the due date the server gives, from the request time
	down    bool          // answers nothing
	loseOne bool          // applies the next request, then loses the answer
	dropOne bool          // loses the next request after it was sent, without applying it
	// downAfter, when > 0, makes the server stop answering after that many requests.
	downAfter int
	applied   map[string]int
	calls     int
	lost      map[string]bool // items whose requests are never answered
	quiet     bool            // refuses without a screen message
	order     []string        // "action item patron" in the order applied
}

func newFakeLibrary() *fakeLibrary {
	return &fakeLibrary{loans: map[string]string{}, dues: map[string]time.Time{}, refuse: map[string]circ.ExceptionCode{}, applied: map[string]int{}, dueIn: 14 * 24 * time.Hour}
}

func (f *fakeLibrary) do(r circ.LibraryRequest, a circ.Action) (circ.LibraryAnswer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.downAfter > 0 && f.calls > f.downAfter {
		f.down = true
	}
	if f.down {
		return circ.LibraryAnswer{}, circ.ErrOffline
	}
	if f.dropOne || f.lost[r.Item] {
		f.dropOne = false
		return circ.LibraryAnswer{}, circ.ErrAmbiguous
	}
	if code, ok := f.refuse[r.Item]; ok {
		if f.quiet {
			return circ.LibraryAnswer{Refusal: code}, nil
		}
		return circ.LibraryAnswer{Refusal: code, Message: "refused: " + string(code)}, nil
	}
	switch a {
	case circ.Checkout, circ.Renew:
		if p, out := f.loans[r.Item]; out && p != r.Patron {
			return circ.LibraryAnswer{Refusal: circ.ExOnLoanToOther, Message: "Item checked out to another patron"}, nil
		}
		f.loans[r.Item] = r.Patron
	case circ.Checkin:
		delete(f.loans, r.Item)
	}
	f.applied[string(a)+" "+r.Item]++
	f.order = append(f.order, string(a)+" "+r.Item+" "+r.Patron)
	ans := circ.LibraryAnswer{OK: true, Message: "ok"}
	if a != circ.Checkin {
		ans.Due = r.At.Add(f.dueIn)
		f.dues[r.Item] = ans.Due
	}
	if f.loseOne {
		f.loseOne = false
		return circ.LibraryAnswer{}, circ.ErrAmbiguous
	}
	return ans, nil
}

func (f *fakeLibrary) Checkout(_ context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	return f.do(r, circ.Checkout)
}

func (f *fakeLibrary) Checkin(_ context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	return f.do(r, circ.Checkin)
}

func (f *fakeLibrary) Renew(_ context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	return f.do(r, circ.Renew)
}

func (f *fakeLibrary) ItemState(_ context.Context, item string) (circ.LibraryItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return circ.LibraryItem{}, circ.ErrOffline
	}
	if f.lost[item] {
		return circ.LibraryItem{}, circ.ErrOffline
	}
	_, out := f.loans[item]
	it := circ.LibraryItem{Found: true, OnLoan: out}
	if out {
		it.Due = f.dues[item]
	}
	return it, nil
}

func (f *fakeLibrary) Patron(_ context.Context, id string) (circ.LibraryPatron, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return circ.LibraryPatron{}, circ.ErrOffline
	}
	p := circ.LibraryPatron{Found: true}
	for item, who := range f.loans {
		if who == id {
			p.Charged = append(p.Charged, item)
		}
	}
	p.ItemsOut = len(p.Charged)
	return p, nil
}

func (f *fakeLibrary) Ping(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return circ.ErrOffline
	}
	return nil
}

func (f *fakeLibrary) set(fn func(*fakeLibrary)) {
	f.mu.Lock()
	fn(f)
	f.mu.Unlock()
}

func (f *fakeLibrary) count(a circ.Action, item string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.applied[string(a)+" "+item]
}

// loseAll makes every request about item go unanswered, never applied.
func (f *fakeLibrary) loseAll(item string) {
	f.set(func(f *fakeLibrary) {
		if f.lost == nil {
			f.lost = map[string]bool{}
		}
		f.lost[item] = true
	})
}
