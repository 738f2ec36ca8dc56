package sip2

import (
	"strings"
	"time"
)

// Circulation statuses of an item (18 Item Information, two digits).
const (
	StatusOther                  = 1
	StatusOnOrder                = 2
	StatusAvailable              = 3
	StatusCharged                = 4
	StatusChargedNotToBeRecalled = 5 // charged; not to be recalled until the earliest recall date
	StatusInProcess              = 6
	StatusRecalled               = 7
	StatusWaitingOnHoldShelf     = 8
	StatusWaitingToBeReshelved   = 9
	StatusInTransit              = 10
	StatusClaimedReturned        = 11
	StatusLost                   = 12
	StatusMissing                = 13
)

// Alert types of a checkin response (CV, a 3M extension).
const (
	AlertUnknown    = "00"
	AlertHoldLocal  = "01" // on hold here: to the hold shelf
	AlertHoldRemote = "02" // on hold at another branch
	AlertILL        = "03"
	AlertTransfer   = "04"
	AlertOther      = "99"
)

// Summary selects the item list a Patron Information request (63) asks for.
type Summary int

// The item lists of 63; SummaryNone (the zero value) asks for counts only.
const (
	SummaryNone Summary = iota
	SummaryHold
	SummaryOverdue
	SummaryCharged
	SummaryFine
	SummaryRecall
	SummaryUnavailableHold
)

func (s Summary) String() string {
	b := []byte("          ")
	if s >= SummaryHold && s <= SummaryUnavailableHold {
		b[s-1] = 'Y'
	}
	return string(b)
}

func parseSummary(s string) Summary {
	if i := strings.IndexByte(s, 'Y'); i >= 0 && i < 6 {
		return Summary(i + 1)
	}
	return SummaryNone
}

// PatronStatusFlags are the 14 patron status flags of 24 and 64 (on the
// wire 'Y' when true, a space when false).
type PatronStatusFlags struct {
	ChargePrivilegesDenied bool // charge privileges denied
	RenewalDenied          bool
	RecallDenied           bool
	HoldDenied             bool
	CardLost               bool // card reported lost
	TooManyCharged         bool
	TooManyOverdue         bool
	TooManyRenewals        bool
	TooManyClaimsReturned  bool
	TooManyLost            bool
	ExcessiveFines         bool
	ExcessiveFees          bool
	RecallOverdue          bool
	TooManyBilled          bool
}

func (f *PatronStatusFlags) flags() [14]*bool {
	return [14]*bool{&f.ChargePrivilegesDenied, &f.RenewalDenied, &f.RecallDenied, &f.HoldDenied, &f.CardLost,
		&f.TooManyCharged, &f.TooManyOverdue, &f.TooManyRenewals, &f.TooManyClaimsReturned, &f.TooManyLost,
		&f.ExcessiveFines, &f.ExcessiveFees, &f.RecallOverdue, &f.TooManyBilled}
}

// String is the 14-character wire form.
func (f PatronStatusFlags) String() string {
	b := make([]byte, 14)
	for i, p := range f.flags() {
		b[i] = ' '
		if *p {
			b[i] = 'Y'
		}
	}
	return string(b)
}

// Any reports whether any flag is set.
func (f PatronStatusFlags) Any() bool { return f != PatronStatusFlags{} }

// UnknownPatronFlags is the patron status servers send for a patron they
// do not know (Koha, SIPServer): the four privileges denied.
var UnknownPatronFlags = PatronStatusFlags{ChargePrivilegesDenied: true, RenewalDenied: true, RecallDenied: true, HoldDenied: true}

// ParsePatronStatusFlags reads the 14-character wire form ('Y' is true,
// anything else false).
func ParsePatronStatusFlags(s string) PatronStatusFlags {
	var f PatronStatusFlags
	ps := f.flags()
	for i := 0; i < len(s) && i < 14; i++ {
		*ps[i] = s[i] == 'Y'
	}
	return f
}

// SupportedMessages is BX of an ACS Status (98): which messages the server
// supports, in the spec's order.
type SupportedMessages struct {
	PatronStatus, Checkout, Checkin, BlockPatron, Status, Resend, Login, PatronInformation,
	EndSession, FeePaid, ItemInformation, ItemStatusUpdate, PatronEnable, Hold, Renew, RenewAll bool
}

func (s *SupportedMessages) flags() [16]*bool {
	return [16]*bool{&s.PatronStatus, &s.Checkout, &s.Checkin, &s.BlockPatron, &s.Status, &s.Resend, &s.Login,
		&s.PatronInformation, &s.EndSession, &s.FeePaid, &s.ItemInformation, &s.ItemStatusUpdate,
		&s.PatronEnable, &s.Hold, &s.Renew, &s.RenewAll}
}

// bxOrder is the request message of each BX position.
var bxOrder = [16]string{"23", "11", "09", "01", "99", "97", "93", "63", "35", "37", "17", "19", "25", "15", "29", "65"}

// String is the 16-character Y/N wire form.
func (s SupportedMessages) String() string {
	b := make([]byte, 16)
	for i, p := range s.flags() {
		b[i] = 'N'
		if *p {
			b[i] = 'Y'
		}
	}
	return string(b)
}

// ParseSupportedMessages reads BX.
func ParseSupportedMessages(s string) SupportedMessages {
	var m SupportedMessages
	ps := m.flags()
	for i := 0; i < len(s) && i < 16; i++ {
		*ps[i] = s[i] == 'Y'
	}
	return m
}

// Supports reports whether the request message id is marked supported.
func (s SupportedMessages) Supports(id string) bool {
	for i, m := range bxOrder {
		if m == id {
			return *s.flags()[i]
		}
	}
	return false
}

// LoginRequest is 93 Login.
type LoginRequest struct {
	User, Password string // CN, CO
	Location       string // CP
	// UIDAlgorithm and PasswordAlgorithm are '0' (plain) in practice.
	UIDAlgorithm, PasswordAlgorithm byte
}

// StatusRequest is 99 SC Status.
type StatusRequest struct {
	Code          int // 0 ok, 1 printer out of paper, 2 about to shut down
	MaxPrintWidth int
	Protocol      string // "2.00"
}

// ACSStatus is 98 ACS Status: what the server can do now.
type ACSStatus struct {
	Online, CheckinOK, CheckoutOK, RenewalPolicy, StatusUpdateOK, OfflineOK bool
	// TimeoutPeriod is in tenths of a second (0: the ACS is offline, 999
	// or -1: unknown); RetriesAllowed 999 or -1 is unknown.
	TimeoutPeriod, RetriesAllowed int
	DateTime                      time.Time
	Protocol                      string // "2.00"
	Institution                   string // AO
	LibraryName                   string // AM
	TerminalLocation              string // AN
	// Supported is BX; nil when the server sent none.
	Supported *SupportedMessages
	Messages  []string // AF
	Print     []string // AG
	Extra     []Field  // fields this package does not map
	Raw       string
}

// Supports reports whether the server supports request message id; a
// server that sent no BX is taken to support everything.
func (s ACSStatus) Supports(id string) bool {
	return s.Supported == nil || s.Supported.Supports(id)
}

// PatronStatusRequest is 23 Patron Status.
type PatronStatusRequest struct {
	Patron, Password string // AA, AD
	Institution      string // AO
	TerminalPassword string // AC
	Language         string // 3 digits, "000" unknown
	TransactionDate  time.Time
}

// PatronStatus is 24 Patron Status Response.
type PatronStatus struct {
	Status          PatronStatusFlags
	Language        string
	TransactionDate time.Time
	Institution     string
	Patron          string // AA
	Name            string // AE
	// Valid is BL; when the server sends no BL, a patron with a name is
	// taken to be valid.
	Valid bool
	// ValidPassword is CQ: "Y", "N", or "" when not sent.
	ValidPassword string
	Currency      string // BH
	FeeAmount     string // BV
	Messages      []string
	Print         []string
	Extra         []Field
	Raw           string
}

// PatronInformationRequest is 63 Patron Information.
type PatronInformationRequest struct {
	Patron, Password string
	Institution      string
	TerminalPassword string
	Language         string
	TransactionDate  time.Time
	Summary          Summary // which item list to send
	// Start and End (BP, BQ) are the first and last item of the list,
	// 1-based; 0 leaves them out.
	Start, End int
}

// PatronInformation is 64 Patron Information Response.
type PatronInformation struct {
	Valid           bool // BL (see PatronStatus.Valid)
	Status          PatronStatusFlags
	Language        string
	TransactionDate time.Time
	Institution     string
	Patron          string
	Name            string
	// The counts of the fixed part; -1 when the server left one blank
	// (not supported).
	HoldCount, OverdueCount, ChargedCount, FineCount, RecallCount, UnavailableHoldCount int
	// Limits (BZ, CA, CB); 0 when not sent.
	HoldLimit, OverdueLimit, ChargedLimit int
	ValidPassword                         string   // CQ: "Y", "N" or ""
	Currency                              string   // BH
	FeeAmount                             string   // BV
	FeeLimit                              string   // CC
	HoldItems                             []string // AS
	OverdueItems                          []string // AT
	ChargedItems                          []string // AU
	FineItems                             []string // AV
	RecallItems                           []string // BU
	UnavailableHoldItems                  []string // CD
	Address, Email, Phone                 string   // BD, BE, BF
	Messages                              []string
	Print                                 []string
	Extra                                 []Field
	Raw                                   string
}

// ItemInformationRequest is 17 Item Information.
type ItemInformationRequest struct {
	Item             string
	Institution      string
	TerminalPassword string
	TransactionDate  time.Time
}

// ItemInformation is 18 Item Information Response.
type ItemInformation struct {
	CirculationStatus int // Status* constants; -1 unreadable
	SecurityMarker    int // 00 other, 01 none, 02 Tattle-Tape, 03 Whisper Tape
	FeeType           int
	TransactionDate   time.Time
	Item, Title       string // AB, AJ
	// Patron is not in the spec's 18 and left empty by most servers; it is
	// read from AA when a server sends one.
	Patron            string
	Due               time.Time // AH read as a date; zero when absent or unreadable
	DueRaw            string    // AH as sent
	RecallDate        time.Time // CJ
	HoldPickupDate    time.Time // CM
	HoldQueueLength   int       // CF; 0 when not sent
	Owner             string    // BG
	Currency, Fee     string    // BH, BV
	MediaType         string    // CK
	PermanentLocation string    // AQ
	CurrentLocation   string    // AP
	Properties        string    // CH
	Messages          []string
	Print             []string
	Extra             []Field
	Raw               string
}

// CheckoutRequest is 11 Checkout.
type CheckoutRequest struct {
	Patron, Item, PatronPassword string
	// NoBlock asks the server to accept a loan the station made offline
	// (most servers ignore it; see the package notes in sip2.md §0.4).
	NoBlock bool
	// NBDueDate is the due date the station gave offline.
	NBDueDate, TransactionDate time.Time
	Renewal                    bool // SC renewal policy: the station allows renewals
	Institution                string
	TerminalPassword           string
	ItemProperties             string // CH
	FeeAcknowledged            bool   // BO
	Cancel                     bool   // BI
}

// CheckoutResponse is 12 Checkout Response.
type CheckoutResponse struct {
	OK, Renewal bool
	// Magnetic and Desensitize are "Y", "N" or "U" (unknown).
	Desensitize, Magnetic string
	TransactionDate       time.Time
	Institution           string
	Patron, Item, Title   string
	Due                   time.Time // AH read as a date
	DueRaw                string    // AH as sent
	FeeType               string    // BT
	SecurityInhibit       bool      // CI
	Currency, Fee         string    // BH, BV
	MediaType             string    // CK
	Properties            string    // CH
	TransactionID         string    // BK
	Messages              []string  // AF
	Print                 []string  // AG
	Extra                 []Field
	Raw                   string
}

// CheckinRequest is 09 Checkin.
type CheckinRequest struct {
	Item string
	// ReturnDate is when the item came back (a replayed offline return);
	// zero is now.
	ReturnDate, TransactionDate time.Time
	NoBlock                     bool
	CurrentLocation             string // AP
	Institution                 string
	TerminalPassword            string
	ItemProperties              string
	Cancel                      bool
}

// CheckinResponse is 10 Checkin Response.
type CheckinResponse struct {
	OK                bool
	Resensitize       bool
	Magnetic          string // Y, N or U
	Alert             bool
	TransactionDate   time.Time
	Institution       string
	Item, Title       string
	PermanentLocation string // AQ
	SortBin           string // CL
	Patron            string // AA: whose loan ended
	MediaType         string
	Properties        string
	Collection        string // CR
	CallNumber        string // CS
	Destination       string // CT
	AlertType         string // CV: Alert* constants
	HoldPatronID      string // CY
	HoldPatronName    string // DA
	Messages          []string
	Print             []string
	Extra             []Field
	Raw               string
}

// RenewRequest is 29 Renew.
type RenewRequest struct {
	Patron, Item, PatronPassword string
	NoBlock                      bool
	NBDueDate, TransactionDate   time.Time
	ThirdParty                   bool
	Title                        string // AJ
	Institution                  string
	TerminalPassword             string
	ItemProperties               string
	FeeAcknowledged              bool
}

// RenewResponse is 30 Renew Response.
type RenewResponse struct {
	OK, Renewal           bool
	Desensitize, Magnetic string
	TransactionDate       time.Time
	Institution           string
	Patron, Item, Title   string
	Due                   time.Time
	DueRaw                string
	FeeType               string
	SecurityInhibit       bool
	Currency, Fee         string
	MediaType             string
	Properties            string
	TransactionID         string
	Messages              []string
	Print                 []string
	Extra                 []Field
	Raw                   string
}

// EndSessionRequest is 35 End Patron Session.
type EndSessionRequest struct {
	Patron, Password string
	Institution      string
	TerminalPassword string
	TransactionDate  time.Time
}

// EndSessionResponse is 36 End Session Response.
type EndSessionResponse struct {
	Ended           bool
	TransactionDate time.Time
	Institution     string
	Patron          string
	Messages        []string
	Print           []string
	Extra           []Field
	Raw             string
}

// ItemStatusUpdateRequest is 19 Item Status Update.
type ItemStatusUpdateRequest struct {
	Item             string
	Properties       string // CH
	Institution      string
	TerminalPassword string
	TransactionDate  time.Time
}

// ItemStatusUpdateResponse is 20 Item Status Update Response.
type ItemStatusUpdateResponse struct {
	OK              bool
	TransactionDate time.Time
	Item, Title     string
	Properties      string
	Messages        []string
	Print           []string
	Extra           []Field
	Raw             string
}
