//go:build !linux

package sim

import "os"

// makeRaw leaves the pty as it is: the serial driver that opens it sets
// raw mode itself.
func makeRaw(*os.File) error { return nil }
