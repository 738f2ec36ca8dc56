package app

// checkIdle closes what was left open too long: the librarian views (the
// lock's idle time) and the kiosk's number pad (the session timeout). Runs
// on the UI goroutine about once a second.
func (u *UI) checkIdle() {
	u.lock.checkIdle()
	u.kiosk.checkout.welcome.checkIdle(u.clock(), u.state.Timeout)
}
