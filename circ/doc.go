// Package circ is the circulation core of a CircDesk station: patrons, items,
// loans, the journal, the lending rules and the Station that applies them to
// each scan.
//
// circ knows nothing of SQL, Fyne or serial ports. It declares the small
// interfaces it needs (Store for the local cache and journal, Clock for time)
// and the storage and ils packages implement them.
package circ
