package circ_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

// TestBarrierWaitsForTheStationAndChangesNothing: a barrier is a request
// like the others, served in turn by the station goroutine, and it
// publishes no state.
func TestBarrierWaitsForTheStationAndChangesNothing(t *testing.T) {
	_, desk, _ := openFixture(t)
	var published atomic.Int32
	st := circ.NewStation(desk, circ.StationConfig{}, func(circ.State) { published.Add(1) })

	// Nobody serves the station yet: the barrier waits, until its context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := st.Barrier(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a barrier with no station running: %v, want the context's deadline", err)
	}

	run, stop := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { defer close(ran); st.Run(run) }()
	defer func() { stop(); <-ran }()
	if _, err := st.Scan(run, devices.Scan{Value: maya}); err != nil {
		t.Fatal(err)
	}
	before := published.Load()
	if err := st.Barrier(run); err != nil {
		t.Fatalf("barrier: %v", err)
	}
	if err := st.Barrier(run); err != nil {
		t.Fatalf("barrier: %v", err)
	}
	// The count is read on this goroutine after the barriers returned:
	// whatever the station published while serving them is counted.
	if n := published.Load(); n != before {
		t.Errorf("a barrier published %d states", n-before)
	}
	s, err := st.State(run)
	if err != nil {
		t.Fatal(err)
	}
	if s.Patron.FirstName != "Maya" {
		t.Errorf("a barrier changed the session: %+v", s.Patron)
	}
}
