package circ_test

import (
	"context"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// An item an inventory marked missing is journaled for the station only:
// even a row of that action left pending is never sent to the library
// server, which cannot take it over SIP2.
func TestMarkedMissingIsNeverSent(t *testing.T) {
	ctx := context.Background()
	desk, lib, rec, clock := linked(t)
	err := desk.Store.Update(ctx, func(tx circ.Tx) error {
		_, err := tx.Record(circ.Change{
			Txn:    circ.Transaction{Station: desk.Station, At: clock.Now(), Action: circ.MarkMissing, Item: free1, OK: true, Code: circ.CodeMarkedMissing, Sync: circ.Pending},
			Effect: circ.Effect{Status: circ.Missing},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A checkout made after it, offline, still goes through.
	if o, err := desk.Checkout(ctx, patron(t, desk, maya), free2); err != nil || !o.OK {
		t.Fatalf("checkout: %+v, %v", o, err)
	}
	lib.down = false
	res := pass(t, rec)
	if res.Applied != 1 || lib.calls != 1 || !desk.Link.State().Online {
		t.Errorf("pass = %+v after %d requests, link %+v; want only the checkout sent, the link still up", res, lib.calls, desk.Link.State())
	}
	if circ.MarkMissing.ToLibrary() || circ.SecurityAlert.ToLibrary() || !circ.Checkin.ToLibrary() {
		t.Error("ToLibrary: only checkouts, check-ins and renewals go to the library server")
	}
}
