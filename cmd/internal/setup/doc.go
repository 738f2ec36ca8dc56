// Package setup is what both CircDesk commands do before their real work:
// find the data directory, read the station's TOML configuration and open
// the local cache with a circulation desk over it.
package setup
