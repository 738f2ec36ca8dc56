package demoschool

import (
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
)

func TestLibraryKnowsMoreThanTheStation(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	ds, lib := Generate(now), Library(now)
	if len(lib.Patrons) != len(ds.Patrons)+3 || len(lib.Items) != len(ds.Items)+5 || len(lib.Loans) != len(ds.Loans)-1 {
		t.Fatalf("library: %d patrons, %d items, %d loans; station: %d, %d, %d",
			len(lib.Patrons), len(lib.Items), len(lib.Loans), len(ds.Patrons), len(ds.Items), len(ds.Loans))
	}
	extra := ServerOnly(ds)
	if extra.Patrons[0].FirstName != "Nia" || extra.Items[0].Location != "New arrivals" {
		t.Errorf("server only: %+v", extra)
	}
	samples := ServerSamples(ds, now)
	if len(samples) != 3 {
		t.Fatalf("server samples %+v", samples)
	}
	back := samples[2].Code
	for _, l := range lib.Loans {
		if l.Item == back {
			t.Errorf("the book returned at another desk is still out on the server")
		}
	}
	out := false
	for _, l := range ds.Loans {
		out = out || l.Item == back
	}
	if !out {
		t.Errorf("the book returned at another desk is not out in the station's school")
	}
	for _, it := range lib.Items {
		if it.Barcode == back && it.Status != circ.Available {
			t.Errorf("its status on the server is %s", it.Status)
		}
	}
}
