// Package devices turns what scanners and readers send into Scan values.
//
// Every input source (a USB keyboard-wedge scanner typing into the station
// window, a serial scanner, an ID-card reader, an RFID pad) produces the same
// Scan type, so the circulation core never needs to know where a code came
// from.
package devices
