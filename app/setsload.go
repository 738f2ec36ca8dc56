package app

import (
	"context"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/report"
	"github.com/circdesk/circdesk/formats/render"
)

// The Book sets tab's requests: each runs off the UI goroutine and hands
// its answer back with u.do.

func (u *UI) setsActions() setsActions {
	return setsActions{
		load: u.loadSet, loadClass: u.loadClassCopies, startOut: u.startHandout, startReturn: u.startSetReturn, startRun: u.startScanRun,
		stopJob: u.stopJob, create: u.createSet, export: u.exportMissing, unfocus: u.unfocus,
	}
}

// background runs fn off the UI goroutine with the usual timeout.
func (u *UI) background(fn func(ctx context.Context)) {
	go func() {
		ctx, cancel := context.WithTimeout(u.ctx, callTimeout)
		defer cancel()
		fn(ctx)
	}()
}

// loadSets fills the set and class pickers, and shows set when it is not "".
func (u *UI) loadSet(set string) {
	v := u.librarian.sets
	u.background(func(ctx context.Context) {
		sums, err := u.sets.List(ctx, u.clock())
		classes, cerr := u.sets.Classes(ctx)
		if cerr != nil {
			slog.Warn("list classes", "err", cerr)
		}
		var bs circ.BookSet
		var serr error
		if set != "" {
			bs, serr = u.sets.Get(ctx, set)
		}
		if u.ctx.Err() != nil {
			return
		}
		u.do(func() {
			v.setNames(sums, err)
			v.setClasses(classes)
			if set != "" {
				if v.pick.Selected != set {
					// A new set: choose it without asking for it again.
					v.pick.Selected = set
					v.pick.Refresh()
				}
				v.setSet(bs, serr)
				u.loadClassCopies(set, v.classID())
			}
		})
	})
}

// loadClassCopies shows the chosen class's students and their copies of
// set (on the UI goroutine; the lookup runs off it).
func (u *UI) loadClassCopies(set, class string) {
	v := u.librarian.sets
	if set == "" || class == "" || u.sets.Roster == nil {
		v.students.set(nil, false)
		return
	}
	u.background(func(ctx context.Context) {
		_, rows, err := u.sets.ClassStatus(ctx, set, class)
		u.do(func() {
			if err != nil {
				v.say(setsError(err, ""))
				return
			}
			v.students.set(rows, true)
		})
	})
}

// startHandout begins handing set out to the teacher with card number
// teacherCard, or to class classID (inOrder: to its students in roster
// order, without their cards).
func (u *UI) startHandout(set, teacherCard, classID string, inOrder bool) {
	v := u.librarian.sets
	u.unfocus()
	u.background(func(ctx context.Context) {
		teacher, _, err := u.st.Identify(ctx, teacherCard)
		var h *circ.Handout
		// On the UI goroutine: lent copies shown, and whether a scan's state
		// came before the start was shown.
		lent, scanned := 0, false
		if err == nil {
			h, err = circ.NewHandout(ctx, u.sets, u.st, set, teacher, classID, func(s circ.HandoutState) {
				u.do(func() {
					scanned = true
					v.handout.showHandout(s)
					if s.Lent != lent {
						lent = s.Lent
						u.loadSet(set) // the copies table follows
					}
				})
			})
		}
		if err == nil && inOrder {
			err = h.InRosterOrder(ctx)
		}
		var first circ.HandoutState
		if err == nil {
			// The state is the notify callback's once the job has begun.
			first = h.State()
			_, err = u.st.Begin(ctx, h)
		}
		u.do(func() {
			if err != nil {
				v.say(setsError(err, teacherCard))
				return
			}
			u.job = h
			u.jobStarted(h, v.replaced)
			v.say("")
			v.running(true)
			if !scanned {
				v.handout.showHandout(first)
			}
		})
	})
}

// startSetReturn begins taking set's copies back.
func (u *UI) startSetReturn(set string) {
	v := u.librarian.sets
	u.unfocus()
	scanned := false // on the UI goroutine
	r := circ.NewSetReturn(u.sets, u.st, set, func(s circ.SetReturnState) {
		u.do(func() { scanned = true; v.handout.showReturn(s) })
	})
	u.beginJob(r, func() {
		if !scanned {
			v.handout.showReturn(circ.SetReturnState{Set: set})
		}
	})
}

// startScanRun begins collecting the copies of a new set.
func (u *UI) startScanRun() {
	v := u.librarian.sets
	u.unfocus()
	scanned := false // on the UI goroutine
	r := circ.NewScanRun(u.st, func(codes []string) {
		u.do(func() { scanned = true; v.scannedSoFar(codes) })
	})
	u.beginJob(r, func() {
		if !scanned {
			v.scannedSoFar(nil)
		}
	})
}

// beginJob hands the station's scans to j, then runs started on the UI
// goroutine.
func (u *UI) beginJob(j circ.Job, started func()) {
	v := u.librarian.sets
	u.background(func(ctx context.Context) {
		_, err := u.st.Begin(ctx, j)
		u.do(func() {
			if err != nil {
				v.say(setsError(err, ""))
				return
			}
			u.job = j
			u.jobStarted(j, v.replaced)
			v.running(true)
			started()
		})
	})
}

// stopJob gives the scans back to the kiosk.
func (u *UI) stopJob() {
	v := u.librarian.sets
	j := u.job
	u.job = nil
	v.running(false)
	if j == nil {
		return
	}
	u.jobEnded(j)
	u.background(func(ctx context.Context) {
		_, _ = u.st.End(ctx, j)
		u.do(func() { u.loadSet(v.pick.Selected) })
	})
}

// createSet makes a set from a title, or from the scanned items.
func (u *UI) createSet(name, title string, items []string) {
	v := u.librarian.sets
	name, title = strings.TrimSpace(name), strings.TrimSpace(title)
	if name == "" {
		v.say(lang.X("sets.need_name", "Give the new set a name first."))
		return
	}
	if u.job != nil {
		u.stopJob()
	}
	u.background(func(ctx context.Context) {
		var err error
		if title != "" && len(items) == 0 {
			_, err = u.sets.CreateFromTitle(ctx, name, title)
		} else {
			err = u.sets.Create(ctx, name, items)
		}
		u.do(func() {
			if err != nil {
				v.say(setsError(err, ""))
				return
			}
			v.say(lang.X("sets.created", "The set {{.Name}} is ready.", map[string]any{"Name": name}))
			u.loadSet(name)
		})
	})
}

// exportMissing writes set's missing copies as CSV or PDF in the report folder.
func (u *UI) exportMissing(set, format string) {
	v := u.librarian.sets
	if set == "" {
		v.say(lang.X("sets.need_set", "Choose a book set first."))
		return
	}
	u.background(func(ctx context.Context) {
		bs, missing, err := u.sets.Missing(ctx, set)
		var path string
		if err == nil {
			doc := report.MissingCopies(bs, missing, u.clock())
			path, err = render.SaveIn(doc, u.reportDir, "missing copies "+set, format, u.clock())
		}
		u.do(func() { v.exported(path, err) })
	})
}
