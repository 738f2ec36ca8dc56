package setup

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// Audit records a librarian action on this station in the audit. The
// action has happened: a failure to record it is logged, not returned.
func (e *Env) Audit(ctx context.Context, action circ.AuditAction, detail string) {
	e.Store().audit(ctx, time.Now(), action, detail)
}

// Store is the cache as the librarian changes it: the station's desk, its
// inventories and its roster imports go through it, so that what the
// librarian does is recorded in the audit whichever program does it.
func (e *Env) Store() *AuditedStore {
	if s, ok := e.Desk.Store.(*AuditedStore); ok {
		return s
	}
	return &AuditedStore{DB: e.DB, Station: e.Config.Station.Name}
}

// AuditedStore is the cache with the librarian's actions through it
// (exception resolutions and retries, roster imports, finalized
// inventories) recorded in the audit after they succeed.
type AuditedStore struct {
	*storage.DB
	Station string
}

func (s *AuditedStore) audit(ctx context.Context, at time.Time, action circ.AuditAction, detail string) {
	if err := s.DB.Audit(ctx, circ.AuditEntry{At: at, Station: s.Station, Action: action, Detail: detail}); err != nil {
		slog.Warn("a librarian action was not recorded in the audit", "action", action, "err", err)
	}
}

// ResolveException closes exception id with the librarian's note.
func (s *AuditedStore) ResolveException(ctx context.Context, id int64, note string, at time.Time) error {
	if err := s.DB.ResolveException(ctx, id, note, at); err != nil {
		return err
	}
	s.audit(ctx, at, circ.AuditExceptionResolve, fmt.Sprintf("exception %d: %s", id, note))
	return nil
}

// RetryException puts exception id's transaction back in the queue.
func (s *AuditedStore) RetryException(ctx context.Context, id int64, at time.Time) error {
	if err := s.DB.RetryException(ctx, id, at); err != nil {
		return err
	}
	s.audit(ctx, at, circ.AuditExceptionRetry, fmt.Sprintf("exception %d", id))
	return nil
}

// ImportRoster applies a roster; what a real (not dry) run brought is
// recorded.
func (s *AuditedStore) ImportRoster(ctx context.Context, r *circ.Roster, opt circ.RosterOptions) (circ.RosterImport, error) {
	res, err := s.DB.ImportRoster(ctx, r, opt)
	if err == nil && !opt.DryRun {
		full := ""
		if opt.Full {
			full = " (full)"
		}
		s.audit(ctx, time.Now(), circ.AuditRosterImport, fmt.Sprintf("%s%s: %d added, %d updated, %d made inactive, %d rejected",
			filepath.Base(opt.Source), full, res.Added, res.Updated, res.Deactivated, len(res.Rejected)))
	}
	return res, err
}

// Finalize finalizes inventory id; how many items it marked missing is
// recorded.
func (s *AuditedStore) Finalize(ctx context.Context, id int64, station string, at time.Time, write func(missing []string) (string, error)) ([]string, error) {
	missing, err := s.DB.Finalize(ctx, id, station, at, write)
	if err == nil {
		s.audit(ctx, at, circ.AuditInventoryFinalize, fmt.Sprintf("inventory %d: %d items marked missing", id, len(missing)))
	}
	return missing, err
}
