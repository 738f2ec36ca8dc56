package ils

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils/sip2"
)

// ACS is a library server for demos and tests: a sip2.Handler that makes
// its decisions with circ's own rules (circ.Desk: blocks, card expiry,
// overdue and item limits, holds, items on loan to someone else, lost and
// missing items, due dates from the loan periods) over the Desk's store —
// its own library file, not a station's cache.
//
// It answers the way Koha does where the two can be compared: the "no
// block" flag of 11, 09 and 29 is ignored (sip2.md §0.4), a check-in
// honours its return date, item status update (19) is not supported, and a
// refusal is ok = 0 with one plain-text screen message (AF):
//
//	refusal (circ code)            AF text
//	unknown card                   Invalid Patron
//	patron_blocked                 Patron blocked
//	card_expired                   Patron expired on YYYY-MM-DD
//	too_many_overdue               Patron has overdue items
//	limit_reached                  Patron has reached the checkout limit
//	item_not_found                 Invalid Item
//	on_loan_to_other               Item checked out to another patron
//	on_hold_for_other              Item is on hold shelf for another patron.   (checkout of a book on the shelf)
//	                               Item is on hold for another patron          (otherwise, and renewals)
//	not_loanable                   Item is marked lost | Item is marked missing
//	not_renewable                  Renewal limit reached
//	not_yours (renew)              Item not checked out to <first> <last>
//	check-in, not on loan          Item not checked out   (ok = 0 unless CheckedInOK)
//	the ACS's own store failed     Library server error; try again later
type ACS struct {
	desk        *circ.Desk
	institution string
	// LibraryName is AM of the status (98).
	LibraryName string
	// CheckedInOK answers a check-in of an item that was not on loan with
	// ok = 1 (Koha's checked_in_ok); by default it is ok = 0 with "Item
	// not checked out", as Koha does.
	CheckedInOK bool
	// Logger gets the ACS's own failures; nil: none.
	Logger *slog.Logger
	// PINs are the patrons' PINs by patron id (AA), for tests and the demo:
	// when set, 63 Patron Information with AD answers CQ Y or N.
	PINs map[string]string
}

var _ sip2.Handler = (*ACS)(nil)

// NewACS returns the library server over desk (whose Clock is the
// server's time, whose Station names its journal rows) for institution.
func NewACS(desk *circ.Desk, institution string) *ACS {
	return &ACS{desk: desk, institution: institution, LibraryName: institution}
}

// AF texts of the refusals (see ACS).
const (
	afInvalidPatron = "Invalid Patron"
	afInvalidItem   = "Invalid Item"
	afServerError   = "Library server error; try again later"
	afNotOnLoan     = "Item not checked out"
)

// refusalText is the AF text for refusal code c of patron p on item.
func refusalText(c circ.Code, p circ.Patron, item circ.Item, renewing bool) string {
	switch c {
	case circ.CodePatronNotFound:
		return afInvalidPatron
	case circ.CodePatronBlocked:
		return "Patron blocked"
	case circ.CodeCardExpired:
		return "Patron expired on " + p.Expires.Format(time.DateOnly)
	case circ.CodeTooManyOverdue:
		return "Patron has overdue items"
	case circ.CodeLimitReached:
		return "Patron has reached the checkout limit"
	case circ.CodeItemNotFound:
		return afInvalidItem
	case circ.CodeOnLoanToOther:
		return "Item checked out to another patron"
	case circ.CodeOnHoldForOther:
		if !renewing && item.Status == circ.OnHold {
			return "Item is on hold shelf for another patron."
		}
		return "Item is on hold for another patron"
	case circ.CodeNotLoanable:
		if item.Status == circ.Missing {
			return "Item is marked missing"
		}
		return "Item is marked lost"
	case circ.CodeNotRenewable:
		return "Renewal limit reached"
	case circ.CodeNotYours:
		return "Item not checked out to this patron"
	case circ.CodeNotOnLoan:
		return afNotOnLoan
	}
	return assets.English("code."+string(c), nil)
}

func fullName(p circ.Patron) string {
	return strings.TrimSpace(p.FirstName + " " + p.LastName)
}

func (a *ACS) fail(what string, err error) {
	if a.Logger != nil {
		a.Logger.Error("acs: "+what, "err", err)
	}
}

// Login accepts every login; the sip2.Server checks its configured user
// and password.
func (a *ACS) Login(context.Context, sip2.LoginRequest) bool { return true }

// Status: online, checkin, checkout and renewals allowed, no offline
// (no-block) processing, no item status update.
func (a *ACS) Status(context.Context, sip2.StatusRequest) sip2.ACSStatus {
	return sip2.ACSStatus{
		Online: true, CheckinOK: true, CheckoutOK: true, RenewalPolicy: true,
		TimeoutPeriod: 999, RetriesAllowed: 3, DateTime: a.desk.Clock.Now(),
		Institution: a.institution, LibraryName: a.LibraryName,
		Supported: &sip2.SupportedMessages{PatronStatus: true, Checkout: true, Checkin: true, Status: true, Resend: true,
			Login: true, PatronInformation: true, EndSession: true, ItemInformation: true, Renew: true},
	}
}

// Checkout lends the item with circ's rules (11 → 12). An item already out
// to the same patron is renewed, as Koha does.
func (a *ACS) Checkout(ctx context.Context, r sip2.CheckoutRequest) sip2.CheckoutResponse {
	resp := sip2.CheckoutResponse{Patron: r.Patron, Item: r.Item, Magnetic: "N", Desensitize: "N"}
	p, _, _, err := a.desk.Identify(ctx, r.Patron)
	if err != nil {
		resp.Messages = []string{a.identifyFailed(err)}
		return resp
	}
	o, err := a.desk.Checkout(ctx, p, r.Item)
	if err != nil {
		a.fail("checkout", err)
		resp.Messages = []string{afServerError}
		return resp
	}
	resp.Title = o.Title
	if !o.OK {
		resp.Messages = []string{refusalText(o.Code, p, a.item(ctx, r.Item), false)}
		return resp
	}
	resp.OK, resp.Desensitize, resp.Due = true, "Y", o.Due
	resp.Messages = []string{"Checked out"}
	if o.Code == circ.CodeRenewed {
		resp.Renewal = true
		resp.Messages = []string{"Item already checked out to you: renewing item."}
	}
	return resp
}

func (a *ACS) identifyFailed(err error) string {
	if errors.Is(err, circ.ErrUnknownPatron) {
		return afInvalidPatron
	}
	a.fail("identify", err)
	return afServerError
}

// item looks an item up for a refusal's wording (zero when it cannot).
func (a *ACS) item(ctx context.Context, barcode string) circ.Item {
	it, _ := a.desk.Store.Item(ctx, barcode)
	return it
}

// fixedClock is the time of a backdated check-in.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// Checkin returns the item (09 → 10). A return date in the past is when
// the loan ends (a station replaying an offline return); a hold sends the
// item to the hold shelf with alert type 01 and the waiting patron in
// CY/DA.
func (a *ACS) Checkin(ctx context.Context, r sip2.CheckinRequest) sip2.CheckinResponse {
	resp := sip2.CheckinResponse{Item: r.Item, Magnetic: "N"}
	desk := a.desk
	now := desk.Clock.Now()
	if !r.ReturnDate.IsZero() && r.ReturnDate.Before(now) {
		backdated := *a.desk
		backdated.Clock = fixedClock(r.ReturnDate)
		desk, now = &backdated, r.ReturnDate
	}
	loan, lerr := desk.Store.Loan(ctx, r.Item)
	o, err := desk.Checkin(ctx, r.Item)
	if err != nil {
		a.fail("checkin", err)
		resp.Messages = []string{afServerError}
		return resp
	}
	it := a.item(ctx, r.Item)
	resp.Title, resp.PermanentLocation, resp.CallNumber = o.Title, it.Location, it.CallNumber
	if lerr == nil {
		resp.Patron = loan.Patron
	}
	switch o.Code {
	case circ.CodeItemNotFound:
		resp.Alert, resp.AlertType = true, sip2.AlertOther
		resp.Messages = []string{afInvalidItem}
		return resp
	case circ.CodeNotOnLoan:
		if !a.CheckedInOK {
			resp.Messages = []string{afNotOnLoan}
			return resp
		}
	case circ.CodeLostFound:
		resp.Alert, resp.AlertType = true, sip2.AlertOther
		resp.Messages = []string{"Item was marked lost or missing: check it"}
	}
	resp.OK, resp.Resensitize = o.OK, o.OK
	if it.Status == circ.OnHold {
		if h, ok := a.firstHold(ctx, r.Item, now); ok {
			resp.Alert, resp.AlertType = true, sip2.AlertHoldLocal
			resp.HoldPatronID = h.ID
			resp.HoldPatronName = fullName(h)
			resp.Destination = a.institution
			resp.Messages = append(resp.Messages, "Hold for "+h.FirstName+": put it on the hold shelf")
		}
	}
	return resp
}

// firstHold is the patron first in line for item at now.
func (a *ACS) firstHold(ctx context.Context, item string, now time.Time) (circ.Patron, bool) {
	holds, err := a.desk.Store.Holds(ctx, item)
	if err != nil {
		a.fail("holds", err)
		return circ.Patron{}, false
	}
	for _, h := range holds {
		if h.Active(now) {
			p, err := a.desk.Store.Patron(ctx, h.Patron)
			if err != nil {
				p = circ.Patron{ID: h.Patron}
			}
			return p, true
		}
	}
	return circ.Patron{}, false
}

// Renew extends the patron's loan (29 → 30).
func (a *ACS) Renew(ctx context.Context, r sip2.RenewRequest) sip2.RenewResponse {
	resp := sip2.RenewResponse{Patron: r.Patron, Item: r.Item, Magnetic: "N", Desensitize: "N"}
	p, _, _, err := a.desk.Identify(ctx, r.Patron)
	if err != nil {
		resp.Messages = []string{a.identifyFailed(err)}
		return resp
	}
	o, err := a.desk.Renew(ctx, p, r.Item)
	if err != nil {
		a.fail("renew", err)
		resp.Messages = []string{afServerError}
		return resp
	}
	resp.Title = o.Title
	if !o.OK {
		resp.Messages = []string{refusalText(o.Code, p, a.item(ctx, r.Item), true)}
		return resp
	}
	resp.OK, resp.Renewal, resp.Due = true, true, o.Due
	resp.Messages = []string{"Renewed"}
	return resp
}

// ItemInformation tells where an item stands (17 → 18): 03 available, 04
// charged (with its due date), 08 on the hold shelf, 12 lost, 13 missing;
// CF is the number of holds waiting. An unknown item is status 01 with an
// empty title, as SIPServer answers.
func (a *ACS) ItemInformation(ctx context.Context, r sip2.ItemInformationRequest) sip2.ItemInformation {
	it, err := a.desk.Store.Item(ctx, r.Item)
	if err != nil {
		if !errors.Is(err, circ.ErrNotFound) {
			a.fail("item", err)
		}
		return sip2.ItemInformation{CirculationStatus: sip2.StatusOther, SecurityMarker: 0, FeeType: 1, Item: r.Item, Messages: []string{afInvalidItem}}
	}
	info := sip2.ItemInformation{Item: it.Barcode, Title: it.Title, SecurityMarker: 0, FeeType: 1, Owner: a.institution,
		PermanentLocation: it.Location}
	switch it.Status {
	case circ.OnHold:
		info.CirculationStatus = sip2.StatusWaitingOnHoldShelf
	case circ.Lost:
		info.CirculationStatus = sip2.StatusLost
	case circ.Missing:
		info.CirculationStatus = sip2.StatusMissing
	case circ.OnLoan:
		info.CirculationStatus = sip2.StatusCharged
	default:
		info.CirculationStatus = sip2.StatusAvailable
	}
	if loan, err := a.desk.Store.Loan(ctx, it.Barcode); err == nil {
		info.CirculationStatus, info.Due = sip2.StatusCharged, loan.Due
	}
	now := a.desk.Clock.Now()
	if holds, err := a.desk.Store.Holds(ctx, it.Barcode); err == nil {
		for _, h := range holds {
			if h.Active(now) {
				info.HoldQueueLength++
			}
		}
	}
	return info
}

// standing is what 23 and 64 share about a patron.
type standing struct {
	p       circ.Patron
	loans   []circ.Loan
	overdue []string
	flags   sip2.PatronStatusFlags
	message string // why the patron may not borrow ("" when they may)
}

func (a *ACS) standing(ctx context.Context, key string) (standing, bool) {
	p, err := a.desk.Store.Patron(ctx, key)
	if err != nil {
		if !errors.Is(err, circ.ErrNotFound) {
			a.fail("patron", err)
		}
		return standing{}, false
	}
	loans, err := a.desk.Store.PatronLoans(ctx, p.ID)
	if err != nil {
		a.fail("patron loans", err)
		return standing{}, false
	}
	now := a.desk.Clock.Now()
	s := standing{p: p, loans: loans}
	for _, l := range loans {
		if l.Overdue(now) {
			s.overdue = append(s.overdue, l.Item)
		}
	}
	pol := a.desk.Policy
	code := pol.Standing(p, len(s.overdue), now)
	atLimit := len(loans) >= pol.Limit(p)
	s.flags.ChargePrivilegesDenied = code != "" || atLimit
	s.flags.TooManyCharged = atLimit
	s.flags.TooManyOverdue = len(s.overdue) > pol.MaxOverdue
	if code == circ.CodePatronBlocked || code == circ.CodeCardExpired {
		s.flags.RenewalDenied, s.flags.RecallDenied, s.flags.HoldDenied = true, true, true
	}
	s.flags.CardLost = p.Blocked && strings.Contains(strings.ToLower(p.BlockReason), "card reported lost")
	switch {
	case code != "":
		s.message = refusalText(code, p, circ.Item{}, false)
		if code == circ.CodePatronBlocked && p.BlockReason != "" {
			s.message += ": " + p.BlockReason
		}
	case atLimit:
		s.message = refusalText(circ.CodeLimitReached, p, circ.Item{}, false)
	}
	return s, true
}

// PatronStatus (23 → 24): the patron status flags from circ's policy, the
// name, BL.
func (a *ACS) PatronStatus(ctx context.Context, r sip2.PatronStatusRequest) sip2.PatronStatus {
	s, ok := a.standing(ctx, r.Patron)
	if !ok {
		return sip2.PatronStatus{Status: sip2.UnknownPatronFlags, Patron: r.Patron, Messages: []string{afInvalidPatron}}
	}
	ps := sip2.PatronStatus{Status: s.flags, Patron: r.Patron, Name: fullName(s.p), Valid: true}
	if s.message != "" {
		ps.Messages = []string{s.message}
	}
	return ps
}

// PatronInformation (63 → 64): flags, counts (holds are not counted: the
// store has no holds-by-patron query, so that count is left blank), the
// item limit, and the item list the summary asks for (charged or overdue).
func (a *ACS) PatronInformation(ctx context.Context, r sip2.PatronInformationRequest) sip2.PatronInformation {
	s, ok := a.standing(ctx, r.Patron)
	if !ok {
		return sip2.PatronInformation{Status: sip2.UnknownPatronFlags, Patron: r.Patron, HoldCount: 0, UnavailableHoldCount: 0,
			Messages: []string{afInvalidPatron}}
	}
	pi := sip2.PatronInformation{Valid: true, Status: s.flags, Patron: r.Patron, Name: fullName(s.p),
		HoldCount: -1, OverdueCount: len(s.overdue), ChargedCount: len(s.loans), FineCount: 0, RecallCount: 0,
		UnavailableHoldCount: -1, ChargedLimit: a.desk.Policy.Limit(s.p)}
	switch r.Summary {
	case sip2.SummaryCharged:
		for _, l := range s.loans {
			pi.ChargedItems = append(pi.ChargedItems, l.Item)
		}
		pi.ChargedItems = window(pi.ChargedItems, r.Start, r.End)
	case sip2.SummaryOverdue:
		pi.OverdueItems = window(s.overdue, r.Start, r.End)
	}
	if s.message != "" {
		pi.Messages = []string{s.message}
	}
	if a.PINs != nil && r.Password != "" {
		pin, ok := a.PINs[r.Patron]
		pi.ValidPassword = "N"
		if ok && subtle.ConstantTimeCompare([]byte(pin), []byte(r.Password)) == 1 {
			pi.ValidPassword = "Y"
		}
	}
	return pi
}

// window is items start..end (1-based, inclusive; 0 means from the first
// or to the last).
func window(items []string, start, end int) []string {
	if start <= 0 {
		start = 1
	}
	if end <= 0 || end > len(items) {
		end = len(items)
	}
	if start > end {
		return nil
	}
	return items[start-1 : end]
}

// EndSession always ends the session (35 → 36).
func (a *ACS) EndSession(_ context.Context, r sip2.EndSessionRequest) sip2.EndSessionResponse {
	return sip2.EndSessionResponse{Ended: true, Patron: r.Patron, Messages: []string{"Thank you!"}}
}

// ItemStatusUpdate is not supported (19 → 20 with ok 0), as in Koha,
// Evergreen and FOLIO.
func (a *ACS) ItemStatusUpdate(_ context.Context, r sip2.ItemStatusUpdateRequest) sip2.ItemStatusUpdateResponse {
	return sip2.ItemStatusUpdateResponse{Item: r.Item, Messages: []string{"Item status update is not supported"}}
}
