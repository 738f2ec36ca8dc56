package circ_test

import (
	"context"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// recordingJob keeps the codes it was handed.
type recordingJob struct{ codes []string }

func (j *recordingJob) Scan(_ context.Context, sc devices.Scan) { j.codes = append(j.codes, sc.Value) }

func TestJobTakesTheScans(t *testing.T) {
	ctx := context.Background()
	st, clock, _ := startStation(t, circ.ModeCheckout)
	scan(t, st, maya)
	j := &recordingJob{}
	s, err := st.Begin(ctx, j)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Job || s.Phase != circ.PhaseWelcome {
		t.Fatalf("after Begin: %+v, want the job running and Maya's session closed", s)
	}
	s = scan(t, st, free1)
	if s.Last != nil || len(s.Books) != 0 || len(j.codes) != 1 || j.codes[0] != free1 {
		t.Fatalf("a book scanned during the job reached the kiosk (%+v) or not the job (%v)", s, j.codes)
	}
	// Ending another job changes nothing; ending this one gives the kiosk its scans back.
	if s, _ = st.End(ctx, &recordingJob{}); !s.Job {
		t.Fatal("End of a job that is not running stopped the running one")
	}
	if s, _ = st.End(ctx, j); s.Job {
		t.Fatal("End did not stop the job")
	}
	clock.Add(3 * time.Second)
	s = scan(t, st, maya)
	if s.Phase != circ.PhaseActive || len(j.codes) != 1 {
		t.Fatalf("after End, Maya's card: %+v (job saw %v), want her session", s, j.codes)
	}
}
