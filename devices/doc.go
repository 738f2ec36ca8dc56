// Package devices turns what scanners and readers send into Scan values.
//
// Every input source (a USB keyboard-wedge scanner typing into the station
// window, a serial scanner, an ID-card reader, an RFID pad) produces the same
// Scan type, so the circulation core never needs to know where a code came
// from. A Manager keeps the configured readers open; a ReaderSet runs them
// for a station: it queues their scans for the station, fans them out to
// listeners and lets the settings screen edit the list.
package devices
