// Package koc writes Koha's offline circulation file (KOC 1.0): the
// journal's check-outs, renewals and returns that have not reached the
// library server, for a librarian to upload when SIP2 replay is not
// possible.
package koc
