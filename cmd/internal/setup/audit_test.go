package setup

import (
	"context"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/internal/demoschool"
)

// TestTheStationsStoreAuditsTheLibrarian: what the window does through the
// desk's store (an exception resolved from the Exceptions tab) and its
// lock's Unlocked hook end up in the audit with the station's name.
func TestTheStationsStoreAuditsTheLibrarian(t *testing.T) {
	ctx := context.Background()
	env, err := Open(ctx, Flags{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if _, err := env.DB.Seed(ctx, demoschool.Generate(time.Now())); err != nil {
		t.Fatal(err)
	}
	env.Audit(ctx, circ.AuditUnlock, "badge")
	// A resolution that fails is not an action taken.
	if err := env.Desk.Store.ResolveException(ctx, 404, "nothing", time.Now()); err == nil {
		t.Fatal("resolved an exception that does not exist")
	}
	log, err := env.DB.AuditLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != circ.AuditUnlock || log[0].Detail != "badge" || log[0].Station != "Media Center" {
		t.Errorf("audit %+v; want the unlock only", log)
	}
	if _, ok := env.Desk.Store.(*AuditedStore); !ok {
		t.Errorf("the desk's store is %T, not audited", env.Desk.Store)
	}
}
