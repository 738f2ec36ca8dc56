package circ

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Defaults of a Refresher.
const (
	DefaultRefreshRate   = 5                   // requests per second
	DefaultSeenWithin    = 14 * 24 * time.Hour // patrons seen this recently are refreshed
	DefaultForgetLearned = 30 * 24 * time.Hour // learned patrons unseen this long are dropped
)

// session records that a station over the link opened (true) or closed
// (false) a student session.
func (l *Link) session(open bool) {
	if l == nil {
		return
	}
	if open {
		l.sessions.Add(1)
	} else {
		l.sessions.Add(-1)
	}
}

// inSession reports whether a student session is open at a station over l.
func (l *Link) inSession() bool { return l != nil && l.sessions.Load() > 0 }

// Limiter paces a Refresher's requests: Wait returns when the next one
// may go.
type Limiter interface {
	Wait(ctx context.Context) error
}

// rate is a Limiter letting one request through per interval.
type rate struct {
	interval time.Duration
	next     time.Time
}

func (r *rate) Wait(ctx context.Context) error {
	now := time.Now()
	if d := r.next.Sub(now); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		now = r.next
	}
	r.next = now.Add(r.interval)
	return nil
}

// Refresher keeps the cache right before the network goes down: while the
// library server answers and no student session is open, it asks about
// the items on loan or on hold here (17) and the patrons seen lately (63),
// at a bounded rate, and drops learned patrons unseen too long.
type Refresher struct {
	Desk *Desk
	// Rate is requests per second (0: DefaultRefreshRate); Limiter, when set,
	// paces them instead.
	Rate    float64
	Limiter Limiter
	// SeenWithin: patrons seen this recently are refreshed (0: the default).
	SeenWithin time.Duration
	// ForgetAfter: learned patrons unseen this long are dropped unless
	// they have loans (0: the default; [privacy] forget_learned_days).
	ForgetAfter time.Duration
	// AfterPass, when set, runs after each pass Run makes (the station
	// window purges the history it no longer keeps there).
	AfterPass func(context.Context)
}

// RefreshResult is what one pass did.
type RefreshResult struct {
	Items     int  `json:"items"`     // items the server answered about
	Patrons   int  `json:"patrons"`   // patrons the server answered about
	Forgotten int  `json:"forgotten"` // learned patrons dropped
	Left      int  `json:"left"`      // not asked: the pass stopped early
	Offline   bool `json:"offline"`   // the server did not answer
	// Interrupted: a student session opened; the pass stopped for it.
	Interrupted bool `json:"interrupted"`
}

// Refresh says what a pass asks about.
type Refresh struct{ Items, Patrons bool }

// Pass asks the server about what the cache must have right, once, at the
// Refresher's rate; it stops early when a student session opens or the
// server stops answering. Forgetting is done whatever the server does.
func (r *Refresher) Pass(ctx context.Context, what Refresh) (RefreshResult, error) {
	d := r.Desk
	var res RefreshResult
	l := d.learner()
	if l == nil {
		return res, errors.New("this cache cannot learn from the library server")
	}
	now := d.Clock.Now()
	forget := r.ForgetAfter
	if forget <= 0 {
		forget = DefaultForgetLearned
	}
	n, err := l.ForgetLearned(ctx, now.Add(-forget))
	if err != nil {
		return res, err
	}
	res.Forgotten = n
	if !d.canAsk() {
		res.Offline = true
		return res, nil
	}
	seen := r.SeenWithin
	if seen <= 0 {
		seen = DefaultSeenWithin
	}
	items, patrons, err := l.RefreshList(ctx, now.Add(-seen), 0)
	if err != nil {
		return res, err
	}
	if !what.Items {
		items = nil
	}
	if !what.Patrons {
		patrons = nil
	}
	lim := r.limiter()
	ask := func(fn func() bool) bool {
		if d.Link.inSession() {
			res.Interrupted = true
			return false
		}
		if lim.Wait(ctx) != nil || d.Link.inSession() {
			res.Interrupted = res.Interrupted || d.Link.inSession()
			return false
		}
		if !fn() {
			res.Offline = !d.Link.State().Online
			return !res.Offline
		}
		return true
	}
	for i, b := range items {
		if !ask(func() bool { return d.learnItem(ctx, b) != notAsked }) {
			res.Left = len(items) - i + len(patrons)
			return res, ctx.Err()
		}
		res.Items++
	}
	for i, id := range patrons {
		if !ask(func() bool {
			p, err := d.Store.Patron(ctx, id)
			if err != nil {
				return true // forgotten meanwhile
			}
			return d.refreshPatron(ctx, p)
		}) {
			res.Left = len(patrons) - i
			return res, ctx.Err()
		}
		res.Patrons++
	}
	return res, nil
}

func (r *Refresher) limiter() Limiter {
	if r.Limiter != nil {
		return r.Limiter
	}
	per := r.Rate
	if per <= 0 {
		per = DefaultRefreshRate
	}
	return &rate{interval: time.Duration(float64(time.Second) / per)}
}

// Run refreshes every interval while ctx lasts, when the server answers
// and no student session is open.
func (r *Refresher) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if r.Desk.Link.inSession() || !r.Desk.Link.State().Online {
			continue
		}
		if _, err := r.Pass(ctx, Refresh{Items: true, Patrons: true}); err != nil && ctx.Err() == nil {
			slog.Warn("refresh the cache from the library server", "err", err)
		}
		if r.AfterPass != nil && ctx.Err() == nil {
			r.AfterPass(ctx)
		}
	}
}

// Check asks the server whether it answers (a status request) and records
// what it finds: a command that only reads needs no replay pass first.
func (l *Link) Check(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, l.Timeout)
	defer cancel()
	if err := l.Library.Ping(ctx); err != nil {
		l.down(err.Error())
		return false
	}
	l.up()
	return true
}
