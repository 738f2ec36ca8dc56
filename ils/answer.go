package ils

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils/sip2"
)

// answer builds circ's answer from a SIP2 response: the server's screen
// messages, and for a refusal its type, read from those messages.
func answer(ok bool, due time.Time, title string, messages []string) circ.LibraryAnswer {
	a := circ.LibraryAnswer{OK: ok, Due: due, Title: title, Message: strings.Join(messages, " ")}
	if !ok {
		a.Refusal = Refusal(a.Message)
	}
	return a
}

// refusalWords are what servers say when they refuse, most specific
// first: our own ACS (the station's sentences, assets/translations) and the usual Koha, Evergreen and
// Polaris phrasings. Matching is on lower-case words.
var refusalWords = []struct {
	code  circ.ExceptionCode
	words []string
}{
	{circ.ExOnLoanToOther, []string{"checked out to someone else", "checked out to another", "already checked out", "on loan to another", "charged to another", "not checked out to this patron"}},
	{circ.ExOnHold, []string{"waiting for someone else", "on hold", "hold for another", "reserved", "trapped", "waiting to be picked up"}},
	{circ.ExItemLost, []string{"cannot be checked out", "lost", "missing", "withdrawn", "damaged"}},
	{circ.ExItemNotFound, []string{"not in the catalog", "item not found", "invalid item", "unknown item", "no such item", "item barcode not found", "item not recognized"}},
	{circ.ExPatronNotFound, []string{"card is not known", "patron not found", "invalid patron", "unknown patron", "no such patron", "patron barcode not found", "not a valid patron"}},
	{circ.ExPatronBlocked, []string{"needs the librarian", "overdue", "books that are late", "most books you can borrow", "return one to borrow more", "blocked", "barred", "expired", "too many", "limit", "debt", "fines", "privileges denied"}},
	// "Item not checked out" answers a check-in: handled in Checkin.
}

// Refusal types a refusal from the server's screen message. Messages it
// does not recognise are server errors: the librarian reads the words.
func Refusal(message string) circ.ExceptionCode {
	m := strings.ToLower(message)
	for _, r := range refusalWords {
		for _, w := range r.words {
			if strings.Contains(m, w) {
				return r.code
			}
		}
	}
	return circ.ExServerError
}

// splitName splits a SIP2 personal name ("Lopez, Maya" or "Maya Lopez").
func splitName(name string) (first, last string) {
	name = strings.TrimSpace(name)
	if l, f, ok := strings.Cut(name, ","); ok {
		return strings.TrimSpace(f), strings.TrimSpace(l)
	}
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		return name[:i], name[i+1:]
	}
	return name, ""
}

// notOut reports whether a refused check-in's message says the item was
// not checked out (Koha's "Item not checked out" without checked_in_ok).
func notOut(message string) bool {
	m := strings.ToLower(message)
	return strings.Contains(m, "not checked out") || strings.Contains(m, "not issued") || strings.Contains(m, "not charged")
}

// firstName is the given name in a SIP2 personal name (AE), for the kiosk,
// or "" when the name is empty or garbled: control characters, bytes the
// charset could not decode, digits, no letter at all, or too long to be a
// name. The rest of the name is never kept.
func firstName(name string) string {
	if !utf8.ValidString(name) || len(name) > 120 {
		return ""
	}
	first, _ := splitName(name)
	letters := 0
	for _, r := range first {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '-' || r == '\'' || r == '.' || r == '’':
		default:
			return "" // a digit, a control character, U+FFFD, a symbol
		}
	}
	if letters == 0 || utf8.RuneCountInString(first) > 40 {
		return ""
	}
	return first
}

// itemFromSIP maps an Item Information answer (18) to circ's view of the
// item. An unknown item (status 01 with no title, as SIPServer answers) is
// not Found; a known one whose status is 01 or a code SIP2 does not define
// is Unclear.
func itemFromSIP(info sip2.ItemInformation) circ.LibraryItem {
	title := strings.TrimSpace(info.Title)
	cs := info.CirculationStatus
	it := circ.LibraryItem{Title: title, Due: info.Due, HoldQueue: max(info.HoldQueueLength, 0),
		Location: strings.TrimSpace(info.PermanentLocation), Owner: strings.TrimSpace(info.Owner)}
	switch cs {
	case sip2.StatusCharged, sip2.StatusChargedNotToBeRecalled, sip2.StatusRecalled, sip2.StatusClaimedReturned:
		it.OnLoan, it.Status = true, circ.OnLoan
	case sip2.StatusWaitingOnHoldShelf:
		it.Status = circ.OnHold
	case sip2.StatusLost:
		it.Status = circ.Lost
	case sip2.StatusMissing:
		it.Status = circ.Missing
	case sip2.StatusOnOrder, sip2.StatusAvailable, sip2.StatusInProcess, sip2.StatusWaitingToBeReshelved, sip2.StatusInTransit:
		it.Status = circ.Available
	default: // 01 other, or not a SIP2 status
		it.Status, it.Unclear = circ.Available, true
	}
	it.Found = title != "" || !it.Unclear
	return it
}

// patronFromSIP maps a Patron Information answer (64) to circ's view of
// the patron: BL N (or no BL) is a patron the server does not know. Only
// the first name is kept; addresses, e-mails and phones are dropped.
func patronFromSIP(info sip2.PatronInformation) circ.LibraryPatron {
	if !info.Valid {
		return circ.LibraryPatron{}
	}
	_, last := splitName(info.Name)
	p := circ.LibraryPatron{
		Found: true, FirstName: firstName(info.Name), LastName: last,
		Blocked:  info.Status.ChargePrivilegesDenied || info.Status.CardLost,
		ItemsOut: info.ChargedCount, Overdue: max(info.OverdueCount, 0),
		Charged: info.ChargedItems, Limit: max(info.ChargedLimit, 0),
	}
	if p.FirstName == "" {
		p.LastName = "" // garbled: keep none of it
	}
	if p.Blocked && len(info.Messages) > 0 {
		p.BlockReason = strings.Join(info.Messages, " ")
	}
	return p
}
