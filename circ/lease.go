package circ

import "fmt"

// Lease keeps the sending of one journal to one process at a time: two
// programs on one data directory (the station window and `circctl sync`,
// say) must never send the same transaction twice. Within one process the
// lease is shared: the desk and the reconciler coordinate row by row (see
// Link). storage implements it with an operating-system file lock, which
// the system releases when a process dies.
type Lease interface {
	// Acquire takes the lease for holder (a name a person reads, like "The
	// station window") without waiting. When another process holds it, ok
	// is false and heldBy names that process.
	Acquire(holder string) (release func(), heldBy string, ok bool, err error)
}

// BusyError says that another program is sending this station's journal.
type BusyError struct {
	Holder string // who holds the lease; "" when unknown
}

func (e *BusyError) Error() string {
	who := e.Holder
	if who == "" {
		who = "Another CircDesk program"
	}
	return fmt.Sprintf("%s is sending to the library server now; try again in a minute.", who)
}

// Kind: the journal is busy; Words: the message names who holds it.
func (e *BusyError) Kind() Kind    { return KindBusy }
func (e *BusyError) Words() string { return e.Error() }
