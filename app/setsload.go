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

// loadSets fills the set and class pickers, and shows set when it is not "".
func (u *UI) loadSet(set string) {
	v := u.librarian.sets
	var (
		sums    []circ.SetSummary
		err     error
		classes []circ.Class
		bs      circ.BookSet
		serr    error
	)
	u.bg.start(task{what: "load the book sets", work: func(ctx context.Context) error {
		sums, err = u.sets.List(ctx, u.clock())
		var cerr error
		if classes, cerr = u.sets.Classes(ctx); cerr != nil {
			slog.Warn("list the classes for the Book sets tab", "err", cerr)
		}
		if set != "" {
			bs, serr = u.sets.Get(ctx, set)
		}
		return nil // each error is shown where its answer goes
	}, apply: func(error) {
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
	}})
}

// loadClassCopies shows the chosen class's students and their copies of
// set (on the UI goroutine; the lookup runs off it).
func (u *UI) loadClassCopies(set, class string) {
	v := u.librarian.sets
	if set == "" || class == "" || u.sets.Roster == nil {
		v.students.set(nil, false)
		return
	}
	var rows []circ.ClassCopy
	u.bg.start(task{what: "load a class's copies", work: func(ctx context.Context) (err error) {
		_, rows, err = u.sets.ClassStatus(ctx, set, class)
		return err
	}, apply: func(err error) {
		if err != nil {
			v.say(setsError(err, ""))
			return
		}
		v.students.set(rows, true)
	}})
}

// startHandout begins handing set out to the teacher with card number
// teacherCard, or to class classID (inOrder: to its students in roster
// order, without their cards).
func (u *UI) startHandout(set, teacherCard, classID string, inOrder bool) {
	v := u.librarian.sets
	u.unfocus()
	// On the UI goroutine: lent copies shown, and whether a scan's state
	// came before the start was shown.
	lent, scanned := 0, false
	var h *circ.Handout
	var first circ.HandoutState
	u.bg.start(task{what: "start a handout", work: func(ctx context.Context) error {
		teacher, _, err := u.st.Identify(ctx, teacherCard)
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
		if err == nil {
			// The state is the notify callback's once the job has begun.
			first = h.State()
			_, err = u.st.Begin(ctx, h)
		}
		return err
	}, apply: func(err error) {
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
	}})
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
	u.bg.start(task{what: "begin a book set job", work: func(ctx context.Context) error {
		_, err := u.st.Begin(ctx, j)
		return err
	}, apply: func(err error) {
		if err != nil {
			v.say(setsError(err, ""))
			return
		}
		u.job = j
		u.jobStarted(j, v.replaced)
		v.running(true)
		started()
	}})
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
	u.bg.start(task{what: "end a book set job", work: func(ctx context.Context) error {
		_, err := u.st.End(ctx, j)
		return err
	}, apply: func(err error) {
		if err != nil {
			slog.Warn("end a book set job", "err", err)
		}
		u.loadSet(v.pick.Selected)
	}})
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
	u.bg.start(task{what: "create a book set", work: func(ctx context.Context) (err error) {
		if title != "" && len(items) == 0 {
			_, err = u.sets.CreateFromTitle(ctx, name, title)
		} else {
			err = u.sets.Create(ctx, name, items)
		}
		return err
	}, apply: func(err error) {
		if err != nil {
			v.say(setsError(err, ""))
			return
		}
		v.say(lang.X("sets.created", "The set {{.Name}} is ready.", map[string]any{"Name": name}))
		u.loadSet(name)
	}})
}

// exportMissing writes set's missing copies as CSV or PDF in the report folder.
func (u *UI) exportMissing(set, format string) {
	v := u.librarian.sets
	if set == "" {
		v.say(lang.X("sets.need_set", "Choose a book set first."))
		return
	}
	var path string
	u.bg.start(task{what: "export a set's missing copies", work: func(ctx context.Context) error {
		bs, missing, err := u.sets.Missing(ctx, set)
		if err == nil {
			doc := report.MissingCopies(bs, missing, u.clock())
			path, err = render.SaveIn(doc, u.reportDir, "missing copies "+set, format, u.clock())
		}
		return err
	}, apply: func(err error) { v.exported(path, err) }})
}
