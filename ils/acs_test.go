package ils_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/storage"
)

// acsNow is the library server's "now": Monday 30 November 2026, 10:00.
var acsNow = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)

type acsClock struct{ t time.Time }

func (c acsClock) Now() time.Time { return c.t }

const (
	pMaya     = "1000001" // good standing, two books out
	pSam      = "1000002" // waits for two books
	pBob      = "1000003" // blocked
	pEve      = "1000004" // card expired
	pOmar     = "1000005" // one overdue book
	pTina     = "900001"  // a teacher
	pMayaProx = "PROX42"  // Maya's prox card

	iFree1   = "31234000000016"
	iFree2   = "31234000000024"
	iMatilda = "31234000000032" // on loan to Maya
	iWonder  = "31234000000040" // on loan to Maya, Sam waits for it
	iDogMan  = "31234000000057" // on the hold shelf for Sam
	iHatchet = "31234000000065"
	iStuart  = "31234000000073"
	iRamona  = "31234000000081"
	iNowhere = "39999999999999" // not in the catalog
)

func acsDay(n int) time.Time { return acsNow.AddDate(0, 0, n) }

func acsDataset() circ.Dataset {
	return circ.Dataset{
		Patrons: []circ.Patron{
			{ID: pMaya, FirstName: "Maya", LastName: "López", Type: circ.Student},
			{ID: pSam, FirstName: "Sam", LastName: "Okafor", Type: circ.Student},
			{ID: pBob, FirstName: "Bob", LastName: "Ng", Type: circ.Student, Blocked: true, BlockReason: "Damaged book: see the librarian"},
			{ID: pEve, FirstName: "Eve", LastName: "Ito", Type: circ.Student, Expires: acsDay(-30)},
			{ID: pOmar, FirstName: "Omar", LastName: "Haddad", Type: circ.Student},
			{ID: pTina, FirstName: "Tina", LastName: "Kim", Type: circ.Teacher},
		},
		Aliases: []circ.Alias{{Alias: pMayaProx, Patron: pMaya}},
		Items: []circ.Item{
			{Barcode: iFree1, Title: "Charlotte's Web", Location: "Fiction", Status: circ.Available, Parts: 1},
			{Barcode: iFree2, Title: "The Snowy Day", Status: circ.Available, Parts: 1},
			{Barcode: iMatilda, Title: "Matilda", Status: circ.OnLoan, Parts: 1},
			{Barcode: iWonder, Title: "Wonder", Status: circ.OnLoan, Parts: 1},
			{Barcode: iDogMan, Title: "Dog Man", Status: circ.OnHold, Parts: 1},
			{Barcode: iHatchet, Title: "Hatchet", Status: circ.Lost, Parts: 1},
			{Barcode: iStuart, Title: "Stuart Little", Status: circ.Missing, Parts: 1},
			{Barcode: iRamona, Title: "Ramona", Status: circ.OnLoan, Parts: 1},
		},
		Loans: []circ.Loan{
			{Item: iMatilda, Patron: pMaya, Out: acsDay(-2), Due: acsDay(12)},
			{Item: iWonder, Patron: pMaya, Out: acsDay(-5), Due: acsDay(9)},
			{Item: iRamona, Patron: pOmar, Out: acsDay(-20), Due: acsDay(-6)},
		},
		Holds: []circ.Hold{
			{Item: iDogMan, Patron: pSam, Placed: acsDay(-4)},
			{Item: iWonder, Patron: pSam, Placed: acsDay(-1)},
		},
	}
}

// acsWorld is a library server over its own SQLite library and a station's
// client connected to it over loopback.
type acsWorld struct {
	db  *storage.DB
	srv *sip2.Server
	c   *sip2.Client
}

func newACSWorld(t *testing.T) acsWorld {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Seed(ctx, acsDataset()); err != nil {
		t.Fatal(err)
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: acsClock{acsNow}, Station: "acs"}
	srv := sip2.NewServer(ils.NewACS(desk, "DEMO"), sip2.ServerOptions{Institution: "DEMO", User: "station", Password: "pw", Charset: sip2.UTF8})
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c := sip2.NewClient(sip2.Config{Address: addr, User: "station", Password: "pw", Institution: "DEMO", Charset: sip2.UTF8,
		ErrorDetection: true, KeepAlive: -1})
	if err := c.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return acsWorld{db, srv, c}
}

func TestACSStatus(t *testing.T) {
	a := newACSWorld(t)
	st, err := a.c.Status(context.Background())
	if err != nil || !st.Online || !st.CheckoutOK || !st.CheckinOK || st.OfflineOK || st.Institution != "DEMO" {
		t.Fatalf("status %+v, %v", st, err)
	}
	for id, want := range map[string]bool{"11": true, "09": true, "29": true, "17": true, "63": true, "23": true, "35": true, "19": false, "37": false} {
		if st.Supports(id) != want {
			t.Errorf("BX says %s supported = %v", id, !want)
		}
	}
	if err := a.c.ItemStatusUpdate(context.Background(), iFree1, "afi=07"); !errors.Is(err, sip2.ErrUnsupported) {
		t.Errorf("19: %v, want ErrUnsupported", err)
	}
}

func TestACSCheckout(t *testing.T) {
	a := newACSWorld(t)
	ctx := context.Background()
	r, err := a.c.Checkout(ctx, sip2.CheckoutRequest{Patron: pMaya, Item: iFree1})
	if err != nil {
		t.Fatal(err)
	}
	// 14 days from Monday 30 November is Monday 14 December, end of acsDay.
	want := time.Date(2026, 12, 14, 23, 59, 59, 0, time.UTC)
	if !r.OK || !r.Due.Equal(want) || r.DueRaw != "20261214   Z235959" || r.Title != "Charlotte's Web" || r.Desensitize != "Y" || r.Renewal {
		t.Errorf("checkout: %+v; want ok, due %v as an 18-character SIP date", r, want)
	}
	if l, err := a.db.Loan(ctx, iFree1); err != nil || l.Patron != pMaya {
		t.Errorf("the ACS's loan: %+v, %v", l, err)
	}
	// The same book again, by her prox card: a renewal, as Koha does.
	r, err = a.c.Checkout(ctx, sip2.CheckoutRequest{Patron: pMayaProx, Item: iFree1})
	if err != nil || !r.OK || !r.Renewal {
		t.Errorf("checkout of her own book: %+v, %v; want a renewal", r, err)
	}

	for _, tc := range []struct {
		name, patron, item, af string
		noBlock                bool
	}{
		{"unknown card", "7777777", iFree2, "Invalid Patron", false},
		{"blocked patron", pBob, iFree2, "Patron blocked", false},
		{"blocked patron, offline replay", pBob, iFree2, "Patron blocked", true},
		{"expired card", pEve, iFree2, "Patron expired on 2026-10-31", false},
		{"overdue books", pOmar, iFree2, "Patron has overdue items", false},
		{"not in the catalog", pMaya, iNowhere, "Invalid Item", false},
		{"on loan to another", pTina, iMatilda, "Item checked out to another patron", false},
		{"on the hold shelf for another", pMaya, iDogMan, "Item is on hold shelf for another patron.", false},
		{"lost", pMaya, iHatchet, "Item is marked lost", false},
		{"missing", pMaya, iStuart, "Item is marked missing", false},
	} {
		r, err := a.c.Checkout(ctx, sip2.CheckoutRequest{Patron: tc.patron, Item: tc.item, NoBlock: tc.noBlock, NBDueDate: acsDay(14)})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if r.OK || len(r.Messages) != 1 || r.Messages[0] != tc.af || !r.Due.IsZero() || r.Desensitize != "N" {
			t.Errorf("%s: %+v; want ok 0 with AF %q", tc.name, r, tc.af)
		}
		if n := a.srv.Applied("11", tc.item); tc.item != iFree1 && n != 0 {
			t.Errorf("%s: applied %d times", tc.name, n)
		}
	}
	if l, _ := a.db.Loan(ctx, iMatilda); l.Patron != pMaya {
		t.Errorf("Matilda moved to %s", l.Patron)
	}
}

func TestACSCheckin(t *testing.T) {
	a := newACSWorld(t)
	ctx := context.Background()
	back := acsNow.Add(-72 * time.Hour)
	r, err := a.c.Checkin(ctx, sip2.CheckinRequest{Item: iMatilda, ReturnDate: back})
	if err != nil || !r.OK || !r.Resensitize || r.Alert || r.Patron != pMaya || r.Title != "Matilda" {
		t.Fatalf("checkin: %+v, %v", r, err)
	}
	if _, err := a.db.Loan(ctx, iMatilda); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("Matilda is still out at the ACS: %v", err)
	}
	rows, err := a.db.Journal(ctx, circ.JournalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(tx circ.Transaction) bool { return tx.Item == iMatilda && tx.Action == circ.Checkin })
	if i < 0 || !rows[i].At.Equal(back) {
		t.Errorf("the ACS recorded the return at %v, want the return date %v", rows, back)
	}

	r, err = a.c.Checkin(ctx, sip2.CheckinRequest{Item: iWonder})
	if err != nil || !r.OK || !r.Alert || r.AlertType != sip2.AlertHoldLocal || r.HoldPatronID != pSam || r.HoldPatronName != "Sam Okafor" {
		t.Errorf("checkin of a book Sam waits for: %+v, %v", r, err)
	}
	if it, _ := a.db.Item(ctx, iWonder); it.Status != circ.OnHold {
		t.Errorf("Wonder is %s at the ACS, want on the hold shelf", it.Status)
	}
	r, err = a.c.Checkin(ctx, sip2.CheckinRequest{Item: iFree2})
	if err != nil || r.OK || !slices.Equal(r.Messages, []string{"Item not checked out"}) {
		t.Errorf("checkin of a book on the shelf: %+v, %v; want Koha's refusal", r, err)
	}
	r, err = a.c.Checkin(ctx, sip2.CheckinRequest{Item: iNowhere})
	if err != nil || r.OK || !r.Alert || !slices.Equal(r.Messages, []string{"Invalid Item"}) {
		t.Errorf("checkin of an unknown book: %+v, %v", r, err)
	}
	if a.srv.Applied("09", iMatilda) != 1 || a.srv.Applied("09", iFree2) != 0 {
		t.Error("the ACS's checkin counts are off")
	}
}

func TestACSRenew(t *testing.T) {
	a := newACSWorld(t)
	ctx := context.Background()
	r, err := a.c.Renew(ctx, sip2.RenewRequest{Patron: pMaya, Item: iMatilda})
	want := time.Date(2026, 12, 14, 23, 59, 59, 0, time.UTC)
	if err != nil || !r.OK || !r.Renewal || !r.Due.Equal(want) {
		t.Errorf("renew: %+v, %v; want due %v", r, err, want)
	}
	for _, tc := range []struct{ name, patron, item, af string }{
		{"not hers", pMaya, iRamona, "Item not checked out to this patron"},
		{"someone waits", pMaya, iWonder, "Item is on hold for another patron"},
		{"unknown card", "7777777", iMatilda, "Invalid Patron"},
	} {
		r, err := a.c.Renew(ctx, sip2.RenewRequest{Patron: tc.patron, Item: tc.item})
		if err != nil || r.OK || !slices.Equal(r.Messages, []string{tc.af}) {
			t.Errorf("%s: %+v, %v; want AF %q", tc.name, r, err, tc.af)
		}
	}
}

func TestACSItemInformation(t *testing.T) {
	a := newACSWorld(t)
	for _, tc := range []struct {
		item   string
		status int
		due    time.Time
		holds  int
	}{
		{iFree1, sip2.StatusAvailable, time.Time{}, 0},
		{iMatilda, sip2.StatusCharged, acsDay(12), 0},
		{iWonder, sip2.StatusCharged, acsDay(9), 1},
		{iDogMan, sip2.StatusWaitingOnHoldShelf, time.Time{}, 1},
		{iHatchet, sip2.StatusLost, time.Time{}, 0},
		{iStuart, sip2.StatusMissing, time.Time{}, 0},
		{iNowhere, sip2.StatusOther, time.Time{}, 0},
	} {
		it, err := a.c.ItemInformation(context.Background(), tc.item)
		if err != nil || it.CirculationStatus != tc.status || !it.Due.Equal(tc.due) || it.HoldQueueLength != tc.holds || it.Item != tc.item {
			t.Errorf("item %s: %+v, %v; want status %02d, due %v, %d holds", tc.item, it, err, tc.status, tc.due, tc.holds)
		}
		if (tc.item == iNowhere) != (it.Title == "") {
			t.Errorf("item %s: title %q", tc.item, it.Title)
		}
	}
}

func TestACSPatronInformation(t *testing.T) {
	a := newACSWorld(t)
	ctx := context.Background()
	p, err := a.c.PatronInformation(ctx, pMaya, "")
	if err != nil || !p.Valid || p.Name != "Maya López" || p.ChargedCount != 2 || p.OverdueCount != 0 || p.ChargedLimit != 10 ||
		p.Status.Any() || !slices.Equal(p.ChargedItems, []string{iWonder, iMatilda}) && !slices.Equal(p.ChargedItems, []string{iMatilda, iWonder}) {
		t.Errorf("Maya: %+v, %v", p, err)
	}
	p, err = a.c.PatronInformationWith(ctx, sip2.PatronInformationRequest{Patron: pOmar, Summary: sip2.SummaryOverdue})
	if err != nil || p.OverdueCount != 1 || p.ChargedCount != 1 || !p.Status.ChargePrivilegesDenied || !p.Status.TooManyOverdue ||
		!slices.Equal(p.OverdueItems, []string{iRamona}) {
		t.Errorf("Omar: %+v, %v", p, err)
	}
	p, err = a.c.PatronInformation(ctx, pBob, "")
	if err != nil || !p.Valid || !p.Status.ChargePrivilegesDenied || !p.Status.HoldDenied || len(p.Messages) != 1 ||
		!strings.Contains(p.Messages[0], "Damaged book") {
		t.Errorf("Bob: %+v, %v", p, err)
	}
	p, err = a.c.PatronInformation(ctx, "7777777", "")
	if err != nil || p.Valid || p.Status != sip2.UnknownPatronFlags {
		t.Errorf("an unknown card: %+v, %v", p, err)
	}
	s, err := a.c.PatronStatus(ctx, pEve, "")
	if err != nil || !s.Valid || s.Name != "Eve Ito" || !s.Status.ChargePrivilegesDenied || !slices.Equal(s.Messages, []string{"Patron expired on 2026-10-31"}) {
		t.Errorf("Eve's status: %+v, %v", s, err)
	}
	if err := a.c.EndSession(ctx, pMaya); err != nil {
		t.Errorf("end session: %v", err)
	}
}
