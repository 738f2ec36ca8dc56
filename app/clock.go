package app

import "time"

// clock is the window's time: what the countdown, the overdue marks and
// the keyboard-wedge detector read, and the timers the window sets (how
// long an outcome banner stays). Tests move a fake one by hand.
type clock interface {
	Now() time.Time
	// AfterFunc calls f on a goroutine of its own once d has passed.
	AfterFunc(d time.Duration, f func())
}

// wallClock is the real time.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) AfterFunc(d time.Duration, f func()) { time.AfterFunc(d, f) }
