package app

import "github.com/circdesk/circdesk/circ"

// running is the job (a book-set handout, an inventory) that takes the
// station's scans, and how to tell its screen when another job replaces it.
type running struct {
	job      circ.Job
	replaced func()
}

// jobStarted records that j now takes the scans (on the UI goroutine). The
// screen whose job it replaces is told, so it stops showing it as running:
// the station runs one job at a time.
func (u *UI) jobStarted(j circ.Job, replaced func()) {
	if u.running.job != nil && u.running.job != j && u.running.replaced != nil {
		u.running.replaced()
	}
	u.running = running{job: j, replaced: replaced}
	u.followScans()
}

// jobEnded records that j gave the scans back (on the UI goroutine).
func (u *UI) jobEnded(j circ.Job) {
	if u.running.job == j {
		u.running = running{}
	}
	u.followScans()
}
