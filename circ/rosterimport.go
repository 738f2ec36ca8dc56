package circ

import (
	"context"
	"time"

	"github.com/circdesk/circdesk/circ/roster"
)

// RosterOptions says how a roster is applied to the cache.
type RosterOptions struct {
	// Full: the roster is the complete list, so roster patrons and classes
	// it lacks are made inactive (never deleted: they may have books out).
	Full bool
	// DryRun counts what would change and changes nothing.
	DryRun bool
	// Force lets a full import make more than a third of the roster's
	// patrons inactive, which otherwise looks like a truncated export.
	Force  bool
	Source string // the file or folder, for the import history
	At     time.Time
}

// RosterImporter applies school rosters to the cache.
type RosterImporter interface {
	// ImportRoster applies r in one transaction: all of it or, on an
	// error, nothing. Rows it cannot apply are added to the result's
	// Rejected and the rest go in.
	ImportRoster(ctx context.Context, r *roster.Roster, opt RosterOptions) (RosterImport, error)
}
