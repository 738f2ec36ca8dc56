// Package app is the station's Fyne user interface: the kiosk screens a child
// uses to borrow and return books, the librarian's views, the status bar, the
// demo scanner panel and the keyboard-wedge capture.
//
// app shows the circ.State snapshots a circ.Station sends it and passes the
// user's intents (scans, "I'm done", a mode switch) back to the station. It
// never touches SQL, serial ports or sockets: it imports circ, devices,
// assets and Fyne only. Every user-facing string goes through Fyne's lang
// package, with the English texts in assets/translations/en.json.
package app
