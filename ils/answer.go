package ils

import (
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
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
// first: our own ACS (circ's sentences) and the usual Koha, Evergreen and
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
	{circ.ExPatronBlocked, []string{"needs the librarian", "overdue", "most books you can borrow", "blocked", "barred", "expired", "too many", "limit", "debt", "fines", "privileges denied"}},
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
