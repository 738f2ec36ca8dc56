// Package storage keeps a CircDesk station's local cache and journal in one
// SQLite file and implements circ.Store over it.
//
// A DB holds two connection pools on the file: one writer connection, so
// that every write transaction begins IMMEDIATE and commits with
// synchronous=FULL (an acknowledged transaction survives a power cut), and a
// read-only pool that reads beside it thanks to WAL mode. The schema lives
// in embedded, numbered migrations applied at Open and tracked by
// PRAGMA user_version.
//
// Failures a person can act on (the file is busy, damaged, or cannot be
// written) come back as errors matching ErrLocked, ErrCorrupt, ErrReadOnly
// or ErrNewerSchema under errors.Is, with a one-sentence message naming
// the file.
package storage
