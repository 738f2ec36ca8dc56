package circ

import (
	"context"
	"time"
)

// List lists the book sets by name, their copies counted at now.
func (s *Sets) List(ctx context.Context, now time.Time) ([]SetSummary, error) {
	return s.Store.BookSets(ctx, now)
}

// Get returns book set name and its copies; ErrNotFound when there is none.
func (s *Sets) Get(ctx context.Context, name string) (BookSet, error) {
	return s.Store.BookSet(ctx, name)
}

// Classes lists the active classes a set may be handed out to, by name;
// none when the station has no roster.
func (s *Sets) Classes(ctx context.Context) ([]Class, error) {
	if s.Roster == nil {
		return nil, nil
	}
	return s.Roster.Classes(ctx)
}
