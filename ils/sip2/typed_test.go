package sip2

import (
	"reflect"
	"testing"
	"time"
)

var (
	day  = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	due  = time.Date(2026, 12, 15, 23, 59, 59, 0, time.UTC)
	bx   = SupportedMessages{Checkout: true, Checkin: true, Status: true, Login: true, Renew: true, ItemInformation: true}
	extr = []Field{{"ZZ", "vendor"}}
)

// roundTrip encodes m in cs with error detection and decodes it again.
func roundTrip(t *testing.T, m Message, cs Charset) Message {
	t.Helper()
	m.Checked, m.Seq = true, 7
	b, err := Encode(m, cs)
	if err != nil {
		t.Fatalf("encode %s: %v", m.ID, err)
	}
	if n, _ := FixedLen(m.ID); len([]rune(m.Fixed)) != n {
		t.Errorf("%s: fixed part %q has %d characters, want %d", m.ID, m.Fixed, len([]rune(m.Fixed)), n)
	}
	got, err := Decode(b, cs)
	if err != nil {
		t.Fatalf("decode %s (%q): %v", m.ID, b, err)
	}
	return got
}

// TestEveryMessageRoundTrips encodes each typed request and response, reads
// it back and wants what it started with.
func TestEveryMessageRoundTrips(t *testing.T) {
	cases := []struct {
		name  string
		in    any
		enc   func(any) Message
		parse func(Message) any
	}{
		{"93", LoginRequest{User: "kiosk1", Password: "s3cret", Location: "MEDIA", UIDAlgorithm: '0', PasswordAlgorithm: '0'},
			func(v any) Message { return v.(LoginRequest).message() }, func(m Message) any { return parseLoginRequest(m) }},
		{"99", StatusRequest{Code: 0, MaxPrintWidth: 40, Protocol: "2.00"},
			func(v any) Message { return v.(StatusRequest).message() }, func(m Message) any { return parseStatusRequest(m) }},
		{"98", ACSStatus{Online: true, CheckinOK: true, CheckoutOK: true, OfflineOK: true, TimeoutPeriod: 30, RetriesAllowed: 3,
			DateTime: day, Protocol: "2.00", Institution: "DEMO", LibraryName: "Demo Elementary", TerminalLocation: "desk",
			Supported: &bx, Messages: []string{"Welcome"}, Print: []string{"p"}, Extra: extr},
			func(v any) Message { return v.(ACSStatus).message() }, func(m Message) any { return parseACSStatus(m, time.UTC) }},
		{"23", PatronStatusRequest{Patron: "1000001", Password: "1234", Institution: "DEMO", TerminalPassword: "term", Language: "001", TransactionDate: day},
			func(v any) Message { return v.(PatronStatusRequest).message() }, func(m Message) any { return parsePatronStatusRequest(m, time.UTC) }},
		{"24", PatronStatus{Status: PatronStatusFlags{ChargePrivilegesDenied: true, TooManyOverdue: true}, Language: "001", TransactionDate: day,
			Institution: "DEMO", Patron: "1000001", Name: "Maya Lopez", Valid: true, ValidPassword: "Y", Currency: "USD", FeeAmount: "0.00",
			Messages: []string{"Overdue books"}, Extra: extr},
			func(v any) Message { return v.(PatronStatus).message() }, func(m Message) any { return parsePatronStatus(m, time.UTC) }},
		{"63", PatronInformationRequest{Patron: "1000001", Password: "1234", Institution: "DEMO", TerminalPassword: "t", Language: "001",
			TransactionDate: day, Summary: SummaryOverdue, Start: 1, End: 5},
			func(v any) Message { return v.(PatronInformationRequest).message(false) }, func(m Message) any { return parsePatronInformationRequest(m, time.UTC) }},
		{"64", PatronInformation{Valid: true, Status: PatronStatusFlags{TooManyCharged: true}, Language: "001", TransactionDate: day,
			Institution: "DEMO", Patron: "1000001", Name: "Maya Lopez", HoldCount: 1, OverdueCount: 2, ChargedCount: 3, FineCount: 0,
			RecallCount: 0, UnavailableHoldCount: -1, HoldLimit: 5, OverdueLimit: 1, ChargedLimit: 10, ValidPassword: "N",
			Currency: "USD", FeeAmount: "1.50", FeeLimit: "10.00", HoldItems: []string{"h1"}, OverdueItems: []string{"o1", "o2"},
			ChargedItems: []string{"c1", "c2", "c3"}, FineItems: []string{"f"}, RecallItems: []string{"r"}, UnavailableHoldItems: []string{"u"},
			Address: "1 Main St", Email: "m@example.org", Phone: "555", Messages: []string{"a", "b"}, Print: []string{"c"}, Extra: extr},
			func(v any) Message { return v.(PatronInformation).message() }, func(m Message) any { return parsePatronInformation(m, time.UTC) }},
		{"17", ItemInformationRequest{Item: "31234000000016", Institution: "DEMO", TerminalPassword: "t", TransactionDate: day},
			func(v any) Message { return v.(ItemInformationRequest).message() }, func(m Message) any { return parseItemInformationRequest(m, time.UTC) }},
		{"18", ItemInformation{CirculationStatus: StatusCharged, SecurityMarker: 2, FeeType: 1, TransactionDate: day, Item: "31234000000016",
			Title: "Hatchet", Due: due, DueRaw: FormatDate(due), RecallDate: day, HoldPickupDate: due, HoldQueueLength: 2, Owner: "DEMO",
			Currency: "USD", Fee: "0", MediaType: "001", PermanentLocation: "Fiction", CurrentLocation: "desk", Properties: "afi=07",
			Messages: []string{"m"}, Print: []string{"p"}, Extra: extr},
			func(v any) Message { return v.(ItemInformation).message() }, func(m Message) any { return parseItemInformation(m, time.UTC) }},
		{"11", CheckoutRequest{Patron: "1000001", Item: "31234000000016", PatronPassword: "1234", NoBlock: true, NBDueDate: due,
			TransactionDate: day, Renewal: true, Institution: "DEMO", TerminalPassword: "t", ItemProperties: "p", FeeAcknowledged: true, Cancel: true},
			func(v any) Message { return v.(CheckoutRequest).message() }, func(m Message) any { return parseCheckoutRequest(m, time.UTC) }},
		{"12", CheckoutResponse{OK: true, Renewal: true, Desensitize: "Y", Magnetic: "N", TransactionDate: day, Institution: "DEMO",
			Patron: "1000001", Item: "31234000000016", Title: "Hatchet", Due: due, DueRaw: FormatDate(due), FeeType: "01",
			SecurityInhibit: true, Currency: "USD", Fee: "0.25", MediaType: "001", Properties: "p", TransactionID: "42",
			Messages: []string{"Checked out"}, Print: []string{"slip"}, Extra: extr},
			func(v any) Message { return v.(CheckoutResponse).message() }, func(m Message) any { return parseCheckoutResponse(m, time.UTC) }},
		{"09", CheckinRequest{Item: "31234000000016", ReturnDate: due, TransactionDate: day, NoBlock: true, CurrentLocation: "desk",
			Institution: "DEMO", TerminalPassword: "t", ItemProperties: "p", Cancel: true},
			func(v any) Message { return v.(CheckinRequest).message() }, func(m Message) any { return parseCheckinRequest(m, time.UTC) }},
		{"10", CheckinResponse{OK: true, Resensitize: true, Magnetic: "N", Alert: true, TransactionDate: day, Institution: "DEMO",
			Item: "31234000000016", Title: "Hatchet", PermanentLocation: "Fiction", SortBin: "B2", Patron: "1000001", MediaType: "001",
			Properties: "p", Collection: "J", CallNumber: "FIC PAU", Destination: "DEMO", AlertType: AlertHoldLocal,
			HoldPatronID: "1000002", HoldPatronName: "Sam Lee", Messages: []string{"Hold shelf"}, Print: []string{"p"}, Extra: extr},
			func(v any) Message { return v.(CheckinResponse).message() }, func(m Message) any { return parseCheckinResponse(m, time.UTC) }},
		{"29", RenewRequest{Patron: "1000001", Item: "31234000000016", PatronPassword: "1", NoBlock: true, NBDueDate: due, TransactionDate: day,
			ThirdParty: true, Title: "Hatchet", Institution: "DEMO", TerminalPassword: "t", ItemProperties: "p", FeeAcknowledged: true},
			func(v any) Message { return v.(RenewRequest).message() }, func(m Message) any { return parseRenewRequest(m, time.UTC) }},
		{"30", RenewResponse{OK: true, Renewal: true, Desensitize: "U", Magnetic: "U", TransactionDate: day, Institution: "DEMO",
			Patron: "1000001", Item: "31234000000016", Title: "Hatchet", Due: due, DueRaw: FormatDate(due), FeeType: "01",
			SecurityInhibit: true, Currency: "USD", Fee: "0", MediaType: "001", Properties: "p", TransactionID: "43",
			Messages: []string{"Renewed"}, Print: []string{"slip"}, Extra: extr},
			func(v any) Message { return v.(RenewResponse).message() }, func(m Message) any { return parseRenewResponse(m, time.UTC) }},
		{"35", EndSessionRequest{Patron: "1000001", Password: "1", Institution: "DEMO", TerminalPassword: "t", TransactionDate: day},
			func(v any) Message { return v.(EndSessionRequest).message() }, func(m Message) any { return parseEndSessionRequest(m, time.UTC) }},
		{"36", EndSessionResponse{Ended: true, TransactionDate: day, Institution: "DEMO", Patron: "1000001", Messages: []string{"Bye"}, Print: []string{"p"}, Extra: extr},
			func(v any) Message { return v.(EndSessionResponse).message() }, func(m Message) any { return parseEndSessionResponse(m, time.UTC) }},
		{"19", ItemStatusUpdateRequest{Item: "31234000000016", Properties: "afi=07", Institution: "DEMO", TerminalPassword: "t", TransactionDate: day},
			func(v any) Message { return v.(ItemStatusUpdateRequest).message() }, func(m Message) any { return parseItemStatusUpdateRequest(m, time.UTC) }},
		{"20", ItemStatusUpdateResponse{OK: true, TransactionDate: day, Item: "31234000000016", Title: "Hatchet", Properties: "afi=07",
			Messages: []string{"m"}, Print: []string{"p"}, Extra: extr},
			func(v any) Message { return v.(ItemStatusUpdateResponse).message() }, func(m Message) any { return parseItemStatusUpdateResponse(m, time.UTC) }},
	}
	for _, tc := range cases {
		for _, cs := range []Charset{CP850, Latin1, UTF8} {
			m := tc.enc(tc.in)
			if m.ID != tc.name {
				t.Errorf("%s encodes as %s", tc.name, m.ID)
			}
			got := tc.parse(roundTrip(t, m, cs))
			if !reflect.DeepEqual(got, tc.in) {
				t.Errorf("%s in %s:\n got %+v\nwant %+v", tc.name, cs, got, tc.in)
			}
		}
	}
	// 94 and the minimal 63 have no typed value of their own.
	if m := roundTrip(t, loginResponse(true), CP850); m.Fixed != "1" {
		t.Errorf("94 fixed %q", m.Fixed)
	}
	r := PatronInformationRequest{Patron: "1000001", Institution: "DEMO", TransactionDate: day, Summary: SummaryCharged}
	if b, _ := Encode(r.message(true), CP850); string(b) != "6300020261201   Z093000  Y       AODEMO|AA1000001|" {
		t.Errorf("minimal 63 = %q, want only AO and AA", b)
	}
	if b, _ := Encode(r.message(false), CP850); string(b) != "6300020261201   Z093000  Y       AODEMO|AA1000001|AC|AD|" {
		t.Errorf("63 = %q, want AC and AD sent empty", b)
	}
}

func TestReadsFreeTextDueDates(t *testing.T) {
	m, err := Decode([]byte("121NNY20261201    093000AODEMO|AA1000001|AB31234000000016|AJHatchet|AH12/15/2026|"), CP850)
	if err != nil {
		t.Fatal(err)
	}
	r := parseCheckoutResponse(m, time.UTC)
	if r.DueRaw != "12/15/2026" || !r.Due.Equal(due) || !r.OK || r.Desensitize != "Y" || r.Magnetic != "N" {
		t.Errorf("checkout with a Koha-style due date: %+v", r)
	}
}
