package circ

import "context"

// maxGroup bounds how many writes one group commit takes.
const maxGroup = 64

// groupWrite is one line's durable write: a settlement and/or a row to
// mark sent.
type groupWrite struct {
	s    *Settlement
	mark int64
	done chan error
}

// committer gathers the writes the reconciler's lines make at about the
// same time into one durable write (one disk flush), and answers each
// line only once its write is on disk. The lines' rules are unchanged:
// a row is marked before its request goes out, its answer is durable
// before the line takes its next row.
type committer struct {
	st   Store
	reqs chan groupWrite
	quit chan struct{}
	done chan struct{}
}

func newCommitter(st Store) *committer {
	c := &committer{st: st, reqs: make(chan groupWrite), quit: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *committer) stop() {
	close(c.quit)
	<-c.done
}

// write makes s (when not nil) and the mark of row mark (when not 0)
// durable, together with whatever other lines write at the same time.
func (c *committer) write(ctx context.Context, s *Settlement, mark int64) error {
	w := groupWrite{s: s, mark: mark, done: make(chan error, 1)}
	select {
	case c.reqs <- w:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-w.done
}

func (c *committer) run() {
	defer close(c.done)
	for {
		var group []groupWrite
		select {
		case w := <-c.reqs:
			group = append(group, w)
		case <-c.quit:
			return
		}
	gather:
		for len(group) < maxGroup {
			select {
			case w := <-c.reqs:
				group = append(group, w)
			default:
				break gather
			}
		}
		c.commit(group)
	}
}

// commit writes a group in one transaction. When that fails (one row was
// settled by the desk meanwhile, say), each write goes alone, so one
// failure is only its own line's.
func (c *committer) commit(group []groupWrite) {
	ctx := context.Background()
	err := c.st.SettleAndMark(ctx, settlementsOf(group), marksOf(group))
	if err == nil || len(group) == 1 {
		for _, w := range group {
			w.done <- err
		}
		return
	}
	for _, w := range group {
		w.done <- c.st.SettleAndMark(ctx, settlementsOf([]groupWrite{w}), marksOf([]groupWrite{w}))
	}
}

func settlementsOf(g []groupWrite) []Settlement {
	var out []Settlement
	for _, w := range g {
		if w.s != nil {
			out = append(out, *w.s)
		}
	}
	return out
}

func marksOf(g []groupWrite) []int64 {
	var out []int64
	for _, w := range g {
		if w.mark != 0 {
			out = append(out, w.mark)
		}
	}
	return out
}
