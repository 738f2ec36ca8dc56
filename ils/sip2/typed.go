package sip2

import (
	"strconv"
	"time"
)

// This file turns the typed requests and responses into generic Messages
// and back. Requests are encoded by the client and decoded by the server;
// responses the other way round. Decoding is tolerant: a flag that is not
// 'Y' is false, an unreadable date is zero, unknown fields land in Extra.

func addMessages(m *Message, af, ag []string) {
	for _, s := range af {
		m.Add("AF", s)
	}
	for _, s := range ag {
		m.Add("AG", s)
	}
}

func addExtra(m *Message, extra []Field) { m.Fields = append(m.Fields, extra...) }

// --- 93/94 Login

func (r LoginRequest) message() Message {
	uid, pwd := r.UIDAlgorithm, r.PasswordAlgorithm
	if uid == 0 {
		uid = '0'
	}
	if pwd == 0 {
		pwd = '0'
	}
	m := Message{ID: "93", Fixed: string([]byte{uid, pwd})}
	m.Add("CN", r.User)
	m.Add("CO", r.Password)
	m.AddIf("CP", r.Location)
	return m
}

func parseLoginRequest(m Message) LoginRequest {
	f := newFixedReader(m.Fixed)
	r := LoginRequest{}
	if s := f.take(1); s != "" {
		r.UIDAlgorithm = s[0]
	}
	if s := f.take(1); s != "" {
		r.PasswordAlgorithm = s[0]
	}
	r.User, r.Password, r.Location = m.Value("CN"), m.Value("CO"), m.Value("CP")
	return r
}

func loginResponse(ok bool) Message {
	var w fixedWriter
	return Message{ID: "94", Fixed: w.bit(ok).String()}
}

// --- 99/98 Status

func (r StatusRequest) message() Message {
	var w fixedWriter
	p := r.Protocol
	if p == "" {
		p = "2.00"
	}
	return Message{ID: "99", Fixed: w.num(r.Code, 1).num(r.MaxPrintWidth, 3).str(p, 4).String()}
}

func parseStatusRequest(m Message) StatusRequest {
	f := newFixedReader(m.Fixed)
	return StatusRequest{Code: f.number(1), MaxPrintWidth: f.number(3), Protocol: f.take(4)}
}

func (s ACSStatus) message() Message {
	var w fixedWriter
	p := s.Protocol
	if p == "" {
		p = "2.00"
	}
	w.yn(s.Online).yn(s.CheckinOK).yn(s.CheckoutOK).yn(s.RenewalPolicy).yn(s.StatusUpdateOK).yn(s.OfflineOK)
	w.num(s.TimeoutPeriod, 3).num(s.RetriesAllowed, 3).date(s.DateTime).str(p, 4)
	m := Message{ID: "98", Fixed: w.String()}
	m.Add("AO", s.Institution)
	m.AddIf("AM", s.LibraryName)
	if s.Supported != nil {
		m.Add("BX", s.Supported.String())
	}
	m.AddIf("AN", s.TerminalLocation)
	addExtra(&m, s.Extra)
	addMessages(&m, s.Messages, s.Print)
	return m
}

func parseACSStatus(m Message, loc *time.Location) ACSStatus {
	f := newFixedReader(m.Fixed)
	s := ACSStatus{Online: f.flag(), CheckinOK: f.flag(), CheckoutOK: f.flag(), RenewalPolicy: f.flag(),
		StatusUpdateOK: f.flag(), OfflineOK: f.flag(), TimeoutPeriod: f.number(3), RetriesAllowed: f.number(3),
		DateTime: f.date(loc), Protocol: f.take(4)}
	for _, x := range m.Fields {
		switch x.Code {
		case "AO":
			s.Institution = x.Value
		case "AM":
			s.LibraryName = x.Value
		case "AN":
			s.TerminalLocation = x.Value
		case "BX":
			bx := ParseSupportedMessages(x.Value)
			s.Supported = &bx
		case "AF":
			s.Messages = append(s.Messages, x.Value)
		case "AG":
			s.Print = append(s.Print, x.Value)
		default:
			s.Extra = append(s.Extra, x)
		}
	}
	return s
}

// --- 23/24 Patron Status

func language(s string) string {
	if s == "" {
		return "000"
	}
	return s
}

func (r PatronStatusRequest) message() Message {
	var w fixedWriter
	m := Message{ID: "23", Fixed: w.str(language(r.Language), 3).date(r.TransactionDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AA", r.Patron)
	m.Add("AC", r.TerminalPassword)
	m.Add("AD", r.Password)
	return m
}

func parsePatronStatusRequest(m Message, loc *time.Location) PatronStatusRequest {
	f := newFixedReader(m.Fixed)
	return PatronStatusRequest{Language: f.take(3), TransactionDate: f.date(loc),
		Institution: m.Value("AO"), Patron: m.Value("AA"), TerminalPassword: m.Value("AC"), Password: m.Value("AD")}
}

func (p PatronStatus) message() Message {
	var w fixedWriter
	m := Message{ID: "24", Fixed: w.str(p.Status.String(), 14).str(language(p.Language), 3).date(p.TransactionDate).String()}
	m.Add("AO", p.Institution)
	m.Add("AA", p.Patron)
	m.Add("AE", p.Name)
	m.Add("BL", yesNo(p.Valid))
	m.AddIf("CQ", p.ValidPassword)
	m.AddIf("BH", p.Currency)
	m.AddIf("BV", p.FeeAmount)
	addExtra(&m, p.Extra)
	addMessages(&m, p.Messages, p.Print)
	return m
}

func parsePatronStatus(m Message, loc *time.Location) PatronStatus {
	f := newFixedReader(m.Fixed)
	p := PatronStatus{Status: ParsePatronStatusFlags(f.take(14)), Language: f.take(3), TransactionDate: f.date(loc)}
	bl := ""
	for _, x := range m.Fields {
		switch x.Code {
		case "AO":
			p.Institution = x.Value
		case "AA":
			p.Patron = x.Value
		case "AE":
			p.Name = x.Value
		case "BL":
			bl = x.Value
		case "CQ":
			p.ValidPassword = x.Value
		case "BH":
			p.Currency = x.Value
		case "BV":
			p.FeeAmount = x.Value
		case "AF":
			p.Messages = append(p.Messages, x.Value)
		case "AG":
			p.Print = append(p.Print, x.Value)
		default:
			p.Extra = append(p.Extra, x)
		}
	}
	p.Valid = validPatron(bl, p.Name)
	return p
}

func validPatron(bl, name string) bool {
	if bl == "" {
		return name != ""
	}
	return bl == "Y"
}

// --- 63/64 Patron Information

func (r PatronInformationRequest) message(minimal bool) Message {
	var w fixedWriter
	m := Message{ID: "63", Fixed: w.str(language(r.Language), 3).date(r.TransactionDate).str(r.Summary.String(), 10).String()}
	m.Add("AO", r.Institution)
	m.Add("AA", r.Patron)
	if minimal {
		m.AddIf("AC", r.TerminalPassword)
		m.AddIf("AD", r.Password)
	} else {
		m.Add("AC", r.TerminalPassword)
		m.Add("AD", r.Password)
	}
	if r.Start > 0 && r.End > 0 {
		m.Add("BP", strconv.Itoa(r.Start))
		m.Add("BQ", strconv.Itoa(r.End))
	}
	return m
}

func parsePatronInformationRequest(m Message, loc *time.Location) PatronInformationRequest {
	f := newFixedReader(m.Fixed)
	r := PatronInformationRequest{Language: f.take(3), TransactionDate: f.date(loc), Summary: parseSummary(f.take(10)),
		Institution: m.Value("AO"), Patron: m.Value("AA"), TerminalPassword: m.Value("AC"), Password: m.Value("AD")}
	r.Start, r.End = max(fieldNumber(m.Value("BP")), 0), max(fieldNumber(m.Value("BQ")), 0)
	return r
}

func (p PatronInformation) message() Message {
	var w fixedWriter
	w.str(p.Status.String(), 14).str(language(p.Language), 3).date(p.TransactionDate)
	w.num(p.HoldCount, 4).num(p.OverdueCount, 4).num(p.ChargedCount, 4).num(p.FineCount, 4).num(p.RecallCount, 4).num(p.UnavailableHoldCount, 4)
	m := Message{ID: "64", Fixed: w.String()}
	m.Add("AO", p.Institution)
	m.Add("AA", p.Patron)
	m.Add("AE", p.Name)
	if p.HoldLimit > 0 {
		m.Add("BZ", num4(p.HoldLimit))
	}
	if p.OverdueLimit > 0 {
		m.Add("CA", num4(p.OverdueLimit))
	}
	if p.ChargedLimit > 0 {
		m.Add("CB", num4(p.ChargedLimit))
	}
	m.Add("BL", yesNo(p.Valid))
	m.AddIf("CQ", p.ValidPassword)
	m.AddIf("BH", p.Currency)
	m.AddIf("BV", p.FeeAmount)
	m.AddIf("CC", p.FeeLimit)
	for _, l := range []struct {
		code  string
		items []string
	}{{"AS", p.HoldItems}, {"AT", p.OverdueItems}, {"AU", p.ChargedItems}, {"AV", p.FineItems}, {"BU", p.RecallItems}, {"CD", p.UnavailableHoldItems}} {
		for _, it := range l.items {
			m.Add(l.code, it)
		}
	}
	m.AddIf("BD", p.Address)
	m.AddIf("BE", p.Email)
	m.AddIf("BF", p.Phone)
	addExtra(&m, p.Extra)
	addMessages(&m, p.Messages, p.Print)
	return m
}

func parsePatronInformation(m Message, loc *time.Location) PatronInformation {
	f := newFixedReader(m.Fixed)
	p := PatronInformation{Status: ParsePatronStatusFlags(f.take(14)), Language: f.take(3), TransactionDate: f.date(loc),
		HoldCount: f.number(4), OverdueCount: f.number(4), ChargedCount: f.number(4), FineCount: f.number(4),
		RecallCount: f.number(4), UnavailableHoldCount: f.number(4)}
	bl := ""
	for _, x := range m.Fields {
		switch x.Code {
		case "AO":
			p.Institution = x.Value
		case "AA":
			p.Patron = x.Value
		case "AE":
			p.Name = x.Value
		case "BZ":
			p.HoldLimit = max(fieldNumber(x.Value), 0)
		case "CA":
			p.OverdueLimit = max(fieldNumber(x.Value), 0)
		case "CB":
			p.ChargedLimit = max(fieldNumber(x.Value), 0)
		case "BL":
			bl = x.Value
		case "CQ":
			p.ValidPassword = x.Value
		case "BH":
			p.Currency = x.Value
		case "BV":
			p.FeeAmount = x.Value
		case "CC":
			p.FeeLimit = x.Value
		case "AS":
			p.HoldItems = append(p.HoldItems, x.Value)
		case "AT":
			p.OverdueItems = append(p.OverdueItems, x.Value)
		case "AU":
			p.ChargedItems = append(p.ChargedItems, x.Value)
		case "AV":
			p.FineItems = append(p.FineItems, x.Value)
		case "BU":
			p.RecallItems = append(p.RecallItems, x.Value)
		case "CD":
			p.UnavailableHoldItems = append(p.UnavailableHoldItems, x.Value)
		case "BD":
			p.Address = x.Value
		case "BE":
			p.Email = x.Value
		case "BF":
			p.Phone = x.Value
		case "AF":
			p.Messages = append(p.Messages, x.Value)
		case "AG":
			p.Print = append(p.Print, x.Value)
		default:
			p.Extra = append(p.Extra, x)
		}
	}
	p.Valid = validPatron(bl, p.Name)
	return p
}

// --- 17/18 Item Information

func (r ItemInformationRequest) message() Message {
	var w fixedWriter
	m := Message{ID: "17", Fixed: w.date(r.TransactionDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AB", r.Item)
	m.AddIf("AC", r.TerminalPassword)
	return m
}

func parseItemInformationRequest(m Message, loc *time.Location) ItemInformationRequest {
	f := newFixedReader(m.Fixed)
	return ItemInformationRequest{TransactionDate: f.date(loc), Institution: m.Value("AO"), Item: m.Value("AB"), TerminalPassword: m.Value("AC")}
}

func (it ItemInformation) message() Message {
	var w fixedWriter
	cs := it.CirculationStatus
	if cs <= 0 {
		cs = StatusOther
	}
	w.num(cs, 2).num(max(it.SecurityMarker, 0), 2).num(max(it.FeeType, 0), 2).date(it.TransactionDate)
	m := Message{ID: "18", Fixed: w.String()}
	if it.HoldQueueLength > 0 {
		m.Add("CF", strconv.Itoa(it.HoldQueueLength))
	}
	m.AddIf("AH", dueText(it.Due, it.DueRaw))
	if !it.RecallDate.IsZero() {
		m.Add("CJ", FormatDate(it.RecallDate))
	}
	if !it.HoldPickupDate.IsZero() {
		m.Add("CM", FormatDate(it.HoldPickupDate))
	}
	m.Add("AB", it.Item)
	m.Add("AJ", it.Title)
	m.AddIf("AA", it.Patron)
	m.AddIf("BG", it.Owner)
	m.AddIf("BH", it.Currency)
	m.AddIf("BV", it.Fee)
	m.AddIf("CK", it.MediaType)
	m.AddIf("AQ", it.PermanentLocation)
	m.AddIf("AP", it.CurrentLocation)
	m.AddIf("CH", it.Properties)
	addExtra(&m, it.Extra)
	addMessages(&m, it.Messages, it.Print)
	return m
}

// dueText is the AH value: raw when given, else the SIP date of due.
func dueText(due time.Time, raw string) string {
	if raw != "" {
		return raw
	}
	if due.IsZero() {
		return ""
	}
	return FormatDate(due)
}

func parseItemInformation(m Message, loc *time.Location) ItemInformation {
	f := newFixedReader(m.Fixed)
	it := ItemInformation{CirculationStatus: f.number(2), SecurityMarker: f.number(2), FeeType: f.number(2), TransactionDate: f.date(loc)}
	for _, x := range m.Fields {
		switch x.Code {
		case "CF":
			it.HoldQueueLength = max(fieldNumber(x.Value), 0)
		case "AH":
			it.DueRaw = x.Value
		case "CJ":
			it.RecallDate, _ = ParseDue(x.Value, loc)
		case "CM":
			it.HoldPickupDate, _ = ParseDue(x.Value, loc)
		case "AB":
			it.Item = x.Value
		case "AJ":
			it.Title = x.Value
		case "AA":
			it.Patron = x.Value
		case "BG":
			it.Owner = x.Value
		case "BH":
			it.Currency = x.Value
		case "BV":
			it.Fee = x.Value
		case "CK":
			it.MediaType = x.Value
		case "AQ":
			it.PermanentLocation = x.Value
		case "AP":
			it.CurrentLocation = x.Value
		case "CH":
			it.Properties = x.Value
		case "AF":
			it.Messages = append(it.Messages, x.Value)
		case "AG":
			it.Print = append(it.Print, x.Value)
		default:
			it.Extra = append(it.Extra, x)
		}
	}
	it.Due, _ = ParseDue(it.DueRaw, loc)
	return it
}

// --- 11/12 Checkout

func (r CheckoutRequest) message() Message {
	var w fixedWriter
	m := Message{ID: "11", Fixed: w.yn(r.Renewal).yn(r.NoBlock).date(r.TransactionDate).date(r.NBDueDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AA", r.Patron)
	m.Add("AB", r.Item)
	m.Add("AC", r.TerminalPassword)
	m.AddIf("CH", r.ItemProperties)
	m.AddIf("AD", r.PatronPassword)
	if r.FeeAcknowledged {
		m.Add("BO", "Y")
	}
	if r.Cancel {
		m.Add("BI", "Y")
	}
	return m
}

func parseCheckoutRequest(m Message, loc *time.Location) CheckoutRequest {
	f := newFixedReader(m.Fixed)
	return CheckoutRequest{Renewal: f.flag(), NoBlock: f.flag(), TransactionDate: f.date(loc), NBDueDate: f.date(loc),
		Institution: m.Value("AO"), Patron: m.Value("AA"), Item: m.Value("AB"), TerminalPassword: m.Value("AC"),
		ItemProperties: m.Value("CH"), PatronPassword: m.Value("AD"), FeeAcknowledged: m.Value("BO") == "Y", Cancel: m.Value("BI") == "Y"}
}

// loanResponse is what 12 and 30 share.
type loanResponse struct {
	ok, renewal                        bool
	magnetic, desensitize              string
	date                               time.Time
	institution, patron, item, title   string
	due                                time.Time
	dueRaw                             string
	feeType                            string
	securityInhibit                    bool
	currency, fee, media, props, txnID string
	messages, print                    []string
	extra                              []Field
}

func (l loanResponse) message(id string) Message {
	var w fixedWriter
	m := Message{ID: id, Fixed: w.bit(l.ok).yn(l.renewal).ynu(l.magnetic).ynu(l.desensitize).date(l.date).String()}
	m.Add("AO", l.institution)
	m.Add("AA", l.patron)
	m.Add("AB", l.item)
	m.Add("AJ", l.title)
	m.Add("AH", dueText(l.due, l.dueRaw))
	m.AddIf("BT", l.feeType)
	if l.securityInhibit {
		m.Add("CI", "Y")
	}
	m.AddIf("BH", l.currency)
	m.AddIf("BV", l.fee)
	m.AddIf("CK", l.media)
	m.AddIf("CH", l.props)
	m.AddIf("BK", l.txnID)
	addExtra(&m, l.extra)
	addMessages(&m, l.messages, l.print)
	return m
}

func parseLoanResponse(m Message, loc *time.Location) loanResponse {
	f := newFixedReader(m.Fixed)
	l := loanResponse{ok: f.ok(), renewal: f.flag(), magnetic: f.ynu(), desensitize: f.ynu(), date: f.date(loc)}
	for _, x := range m.Fields {
		switch x.Code {
		case "AO":
			l.institution = x.Value
		case "AA":
			l.patron = x.Value
		case "AB":
			l.item = x.Value
		case "AJ":
			l.title = x.Value
		case "AH":
			l.dueRaw = x.Value
		case "BT":
			l.feeType = x.Value
		case "CI":
			l.securityInhibit = x.Value == "Y"
		case "BH":
			l.currency = x.Value
		case "BV":
			l.fee = x.Value
		case "CK":
			l.media = x.Value
		case "CH":
			l.props = x.Value
		case "BK":
			l.txnID = x.Value
		case "AF":
			l.messages = append(l.messages, x.Value)
		case "AG":
			l.print = append(l.print, x.Value)
		default:
			l.extra = append(l.extra, x)
		}
	}
	l.due, _ = ParseDue(l.dueRaw, loc)
	return l
}

func (r CheckoutResponse) message() Message {
	return loanResponse{r.OK, r.Renewal, r.Magnetic, r.Desensitize, r.TransactionDate, r.Institution, r.Patron, r.Item, r.Title,
		r.Due, r.DueRaw, r.FeeType, r.SecurityInhibit, r.Currency, r.Fee, r.MediaType, r.Properties, r.TransactionID,
		r.Messages, r.Print, r.Extra}.message("12")
}

func parseCheckoutResponse(m Message, loc *time.Location) CheckoutResponse {
	l := parseLoanResponse(m, loc)
	return CheckoutResponse{OK: l.ok, Renewal: l.renewal, Magnetic: l.magnetic, Desensitize: l.desensitize, TransactionDate: l.date,
		Institution: l.institution, Patron: l.patron, Item: l.item, Title: l.title, Due: l.due, DueRaw: l.dueRaw,
		FeeType: l.feeType, SecurityInhibit: l.securityInhibit, Currency: l.currency, Fee: l.fee, MediaType: l.media,
		Properties: l.props, TransactionID: l.txnID, Messages: l.messages, Print: l.print, Extra: l.extra}
}

// --- 29/30 Renew

func (r RenewRequest) message() Message {
	var w fixedWriter
	m := Message{ID: "29", Fixed: w.yn(r.ThirdParty).yn(r.NoBlock).date(r.TransactionDate).date(r.NBDueDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AA", r.Patron)
	m.AddIf("AD", r.PatronPassword)
	m.AddIf("AB", r.Item)
	m.AddIf("AJ", r.Title)
	m.Add("AC", r.TerminalPassword)
	m.AddIf("CH", r.ItemProperties)
	if r.FeeAcknowledged {
		m.Add("BO", "Y")
	}
	return m
}

func parseRenewRequest(m Message, loc *time.Location) RenewRequest {
	f := newFixedReader(m.Fixed)
	return RenewRequest{ThirdParty: f.flag(), NoBlock: f.flag(), TransactionDate: f.date(loc), NBDueDate: f.date(loc),
		Institution: m.Value("AO"), Patron: m.Value("AA"), PatronPassword: m.Value("AD"), Item: m.Value("AB"),
		Title: m.Value("AJ"), TerminalPassword: m.Value("AC"), ItemProperties: m.Value("CH"), FeeAcknowledged: m.Value("BO") == "Y"}
}

func (r RenewResponse) message() Message {
	return loanResponse{r.OK, r.Renewal, r.Magnetic, r.Desensitize, r.TransactionDate, r.Institution, r.Patron, r.Item, r.Title,
		r.Due, r.DueRaw, r.FeeType, r.SecurityInhibit, r.Currency, r.Fee, r.MediaType, r.Properties, r.TransactionID,
		r.Messages, r.Print, r.Extra}.message("30")
}

func parseRenewResponse(m Message, loc *time.Location) RenewResponse {
	l := parseLoanResponse(m, loc)
	return RenewResponse{OK: l.ok, Renewal: l.renewal, Magnetic: l.magnetic, Desensitize: l.desensitize, TransactionDate: l.date,
		Institution: l.institution, Patron: l.patron, Item: l.item, Title: l.title, Due: l.due, DueRaw: l.dueRaw,
		FeeType: l.feeType, SecurityInhibit: l.securityInhibit, Currency: l.currency, Fee: l.fee, MediaType: l.media,
		Properties: l.props, TransactionID: l.txnID, Messages: l.messages, Print: l.print, Extra: l.extra}
}

// --- 09/10 Checkin

func (r CheckinRequest) message() Message {
	var w fixedWriter
	m := Message{ID: "09", Fixed: w.yn(r.NoBlock).date(r.TransactionDate).date(r.ReturnDate).String()}
	m.Add("AP", r.CurrentLocation)
	m.Add("AO", r.Institution)
	m.Add("AB", r.Item)
	m.Add("AC", r.TerminalPassword)
	m.AddIf("CH", r.ItemProperties)
	if r.Cancel {
		m.Add("BI", "Y")
	}
	return m
}

func parseCheckinRequest(m Message, loc *time.Location) CheckinRequest {
	f := newFixedReader(m.Fixed)
	return CheckinRequest{NoBlock: f.flag(), TransactionDate: f.date(loc), ReturnDate: f.date(loc),
		CurrentLocation: m.Value("AP"), Institution: m.Value("AO"), Item: m.Value("AB"), TerminalPassword: m.Value("AC"),
		ItemProperties: m.Value("CH"), Cancel: m.Value("BI") == "Y"}
}

func (r CheckinResponse) message() Message {
	var w fixedWriter
	m := Message{ID: "10", Fixed: w.bit(r.OK).yn(r.Resensitize).ynu(r.Magnetic).yn(r.Alert).date(r.TransactionDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AB", r.Item)
	m.Add("AQ", r.PermanentLocation)
	m.AddIf("AJ", r.Title)
	m.AddIf("CL", r.SortBin)
	m.AddIf("AA", r.Patron)
	m.AddIf("CK", r.MediaType)
	m.AddIf("CH", r.Properties)
	m.AddIf("CR", r.Collection)
	m.AddIf("CS", r.CallNumber)
	m.AddIf("CT", r.Destination)
	m.AddIf("CV", r.AlertType)
	m.AddIf("CY", r.HoldPatronID)
	m.AddIf("DA", r.HoldPatronName)
	addExtra(&m, r.Extra)
	addMessages(&m, r.Messages, r.Print)
	return m
}

func parseCheckinResponse(m Message, loc *time.Location) CheckinResponse {
	f := newFixedReader(m.Fixed)
	r := CheckinResponse{OK: f.ok(), Resensitize: f.flag(), Magnetic: f.ynu(), Alert: f.flag(), TransactionDate: f.date(loc)}
	for _, x := range m.Fields {
		switch x.Code {
		case "AO":
			r.Institution = x.Value
		case "AB":
			r.Item = x.Value
		case "AQ":
			r.PermanentLocation = x.Value
		case "AJ":
			r.Title = x.Value
		case "CL":
			r.SortBin = x.Value
		case "AA":
			r.Patron = x.Value
		case "CK":
			r.MediaType = x.Value
		case "CH":
			r.Properties = x.Value
		case "CR":
			r.Collection = x.Value
		case "CS":
			r.CallNumber = x.Value
		case "CT":
			r.Destination = x.Value
		case "CV":
			r.AlertType = x.Value
		case "CY":
			r.HoldPatronID = x.Value
		case "DA":
			r.HoldPatronName = x.Value
		case "AF":
			r.Messages = append(r.Messages, x.Value)
		case "AG":
			r.Print = append(r.Print, x.Value)
		default:
			r.Extra = append(r.Extra, x)
		}
	}
	return r
}

// --- 35/36 End Patron Session

func (r EndSessionRequest) message() Message {
	var w fixedWriter
	m := Message{ID: "35", Fixed: w.date(r.TransactionDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AA", r.Patron)
	m.AddIf("AC", r.TerminalPassword)
	m.AddIf("AD", r.Password)
	return m
}

func parseEndSessionRequest(m Message, loc *time.Location) EndSessionRequest {
	f := newFixedReader(m.Fixed)
	return EndSessionRequest{TransactionDate: f.date(loc), Institution: m.Value("AO"), Patron: m.Value("AA"),
		TerminalPassword: m.Value("AC"), Password: m.Value("AD")}
}

func (r EndSessionResponse) message() Message {
	var w fixedWriter
	m := Message{ID: "36", Fixed: w.yn(r.Ended).date(r.TransactionDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AA", r.Patron)
	addExtra(&m, r.Extra)
	addMessages(&m, r.Messages, r.Print)
	return m
}

func parseEndSessionResponse(m Message, loc *time.Location) EndSessionResponse {
	f := newFixedReader(m.Fixed)
	r := EndSessionResponse{Ended: f.flag(), TransactionDate: f.date(loc)}
	for _, x := range m.Fields {
		switch x.Code {
		case "AO":
			r.Institution = x.Value
		case "AA":
			r.Patron = x.Value
		case "AF":
			r.Messages = append(r.Messages, x.Value)
		case "AG":
			r.Print = append(r.Print, x.Value)
		default:
			r.Extra = append(r.Extra, x)
		}
	}
	return r
}

// --- 19/20 Item Status Update

func (r ItemStatusUpdateRequest) message() Message {
	var w fixedWriter
	m := Message{ID: "19", Fixed: w.date(r.TransactionDate).String()}
	m.Add("AO", r.Institution)
	m.Add("AB", r.Item)
	m.AddIf("AC", r.TerminalPassword)
	m.Add("CH", r.Properties)
	return m
}

func parseItemStatusUpdateRequest(m Message, loc *time.Location) ItemStatusUpdateRequest {
	f := newFixedReader(m.Fixed)
	return ItemStatusUpdateRequest{TransactionDate: f.date(loc), Institution: m.Value("AO"), Item: m.Value("AB"),
		TerminalPassword: m.Value("AC"), Properties: m.Value("CH")}
}

func (r ItemStatusUpdateResponse) message() Message {
	var w fixedWriter
	m := Message{ID: "20", Fixed: w.bit(r.OK).date(r.TransactionDate).String()}
	m.Add("AB", r.Item)
	m.AddIf("AJ", r.Title)
	m.AddIf("CH", r.Properties)
	addExtra(&m, r.Extra)
	addMessages(&m, r.Messages, r.Print)
	return m
}

func parseItemStatusUpdateResponse(m Message, loc *time.Location) ItemStatusUpdateResponse {
	f := newFixedReader(m.Fixed)
	r := ItemStatusUpdateResponse{OK: f.ok(), TransactionDate: f.date(loc)}
	for _, x := range m.Fields {
		switch x.Code {
		case "AB":
			r.Item = x.Value
		case "AJ":
			r.Title = x.Value
		case "CH":
			r.Properties = x.Value
		case "AF":
			r.Messages = append(r.Messages, x.Value)
		case "AG":
			r.Print = append(r.Print, x.Value)
		default:
			r.Extra = append(r.Extra, x)
		}
	}
	return r
}
