package app

import (
	"context"

	"fyne.io/fyne/v2/lang"

	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/formats/render"
)

// inventoryActions binds the Inventory tab to the station.
func (u *UI) inventoryActions() inventoryActions {
	return inventoryActions{
		load:     func() { u.loadInventories("") },
		start:    u.startInventory,
		begin:    u.beginInventory,
		end:      u.endInventory,
		export:   u.exportInventory,
		finalize: u.confirmFinalize,
		now:      u.clock,
	}
}

// offStation runs fn away from the UI goroutine and done with its error on
// it: the Inventory tab's requests, named what in the log.
func (u *UI) offStation(what string, fn func(ctx context.Context) error, done func(error)) {
	u.bg.start(task{what: what, work: fn, apply: done})
}

func (u *UI) loadInventories(pick string) {
	svc := u.inventories.Service
	var list []inventory.Summary
	u.offStation("list the inventories", func(ctx context.Context) (err error) {
		list, err = svc.List(ctx)
		return err
	}, func(err error) {
		if err != nil {
			u.inventory.say(errorWords(err))
			return
		}
		u.inventory.setList(list, pick)
	})
}

func (u *UI) startInventory(spec inventory.Spec) {
	svc := u.inventories.Service
	var info inventory.Info
	u.offStation("start an inventory", func(ctx context.Context) (err error) {
		info, err = svc.Start(ctx, spec)
		return err
	}, func(err error) {
		if err != nil {
			u.inventory.say(errorWords(err))
			return
		}
		u.inventory.say(lang.X("inventory.started", "Inventory {{.Name}} started.", map[string]any{"Name": info.Name}))
		u.loadInventories(info.Name)
	})
}

// beginInventory opens the inventory and gives it the station's scans.
// Once the job has begun the session belongs to the station goroutine:
// the progress shown at the start is taken before, and the job is
// recorded on the UI goroutine, by whichever comes first there: Begin's
// answer or the first scan's result.
func (u *UI) beginInventory(name string) {
	u.unfocus() // the scanner's keys go to the station, not to a field left focused
	svc, view := u.inventories.Service, u.inventory
	var job *inventory.Job
	var p0 inventory.Progress
	shown := false // on the UI goroutine
	show := func() {
		if shown {
			return
		}
		shown = true
		u.invJob = job
		view.say("")
		u.jobStarted(job, view.stopped)
		view.started(name, p0)
	}
	u.offStation("begin an inventory", func(ctx context.Context) error {
		ss, err := svc.Open(ctx, name)
		if err != nil {
			return err
		}
		p0 = ss.Progress()
		job = &inventory.Job{Session: ss, Clean: u.st.Rules().Clean, Notify: func(sc inventory.Scan, ch []inventory.Changed, p inventory.Progress, err error) {
			u.do(func() {
				show()
				if err != nil {
					view.say(errorWords(err))
					return
				}
				view.showScan(sc, ch, p)
			})
		}}
		_, err = u.st.Begin(ctx, job)
		return err
	}, func(err error) {
		if err != nil {
			view.say(errorWords(err))
			return
		}
		show()
	})
}

// endInventory gives the scans back to the kiosk.
func (u *UI) endInventory() {
	job := u.invJob
	u.offStation("end an inventory", func(ctx context.Context) error {
		if job == nil {
			return nil
		}
		_, err := u.st.End(ctx, job)
		return err
	}, func(err error) {
		if err != nil {
			u.inventory.say(errorWords(err))
		}
		if job != nil {
			u.jobEnded(job)
		}
		u.inventory.stopped()
	})
}

// exportInventory saves the report in the inventories' folder and says where.
func (u *UI) exportInventory(name, format string) {
	svc, dir := u.inventories.Service, u.inventories.Dir
	var path string
	u.offStation("export an inventory", func(ctx context.Context) error {
		rep, err := svc.Report(ctx, name)
		if err != nil {
			return err
		}
		path, err = render.SaveIn(rep.Document(), dir, "inventory "+name, format, rep.Made)
		return err
	}, func(err error) {
		if err != nil {
			u.inventory.say(errorWords(err))
			return
		}
		u.inventory.say(lang.X("inventory.saved", "Report saved to {{.Path}}", map[string]any{"Path": path}))
	})
}

// confirmFinalize says how many items finalize will mark missing, and
// finalizes when the librarian confirms.
//
// Scanning into it stops first, so the count the librarian confirms is the
// count finalize marks.
func (u *UI) confirmFinalize(name string) {
	svc, job := u.inventories.Service, u.invJob
	n := 0
	ended := false
	u.offStation("count what finalize marks", func(ctx context.Context) (err error) {
		if job != nil && job.Session.Info().Name == name {
			if _, err := u.st.End(ctx, job); err != nil {
				return err
			}
			ended = true
		}
		n, err = svc.ToMark(ctx, name)
		return err
	}, func(err error) {
		if ended {
			u.jobEnded(job)
			u.inventory.stopped()
		}
		if err != nil {
			u.inventory.say(errorWords(err))
			return
		}
		text := lang.XN("inventory.finalize.confirm", "Finalize {{.Name}}? {{.Count}} items not found will be marked missing, and the inventory will take no more scans.", n,
			map[string]any{"Name": name, "Count": n})
		u.confirmAction(lang.X("inventory.finalize.title", "Finalize the inventory"), text, lang.X("inventory.finalize.ok", "Finalize"), func() { u.finalizeInventory(name) })
	})
}

func (u *UI) finalizeInventory(name string) {
	svc, dir, job := u.inventories.Service, u.inventories.Dir, u.invJob
	var fin inventory.FinalizeResult
	u.offStation("finalize an inventory", func(ctx context.Context) error {
		if job != nil && job.Session.Info().Name == name {
			if _, err := u.st.End(ctx, job); err != nil {
				return err
			}
		}
		var err error
		fin, err = svc.Finalize(ctx, name, dir)
		return err
	}, func(err error) {
		if err != nil {
			u.inventory.say(errorWords(err))
			return
		}
		u.inventory.stopped()
		u.inventory.say(lang.XN("inventory.finalized", "{{.Count}} items marked missing; their barcodes for the library server are in {{.Path}}", fin.Missing,
			map[string]any{"Count": fin.Missing, "Path": fin.File}))
		u.loadInventories("")
	})
}
