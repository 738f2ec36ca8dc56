package setup

import (
	"context"
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/internal/demoschool"
)

// SeedDemo fills an empty cache with school ds, its roster (a class per
// homeroom) and a book set. It reports false, changing nothing, when the
// cache already holds a school.
func SeedDemo(ctx context.Context, env *Env, ds circ.Dataset, now time.Time) (bool, error) {
	seeded, err := env.DB.Seed(ctx, ds)
	if err != nil || !seeded {
		return seeded, err
	}
	if _, err := env.DB.ImportRoster(ctx, demoschool.Roster(ds), circ.RosterOptions{Source: "demo school", At: now}); err != nil {
		return true, fmt.Errorf("the demo roster: %w", err)
	}
	name, items := demoschool.ClassSet(ds)
	if err := env.DB.CreateSet(ctx, name, items, now); err != nil {
		return true, fmt.Errorf("the demo book set: %w", err)
	}
	return true, nil
}
