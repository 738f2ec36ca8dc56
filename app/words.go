package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/circdesk/circdesk/circ"
)

// codeText is the translated sentence for an outcome code: the plain reason
// and, for a refusal, what to do. data fills the templates of the few
// messages that name a count or a person.
//
// The key is "code.<code>" for every circ.Code; a test checks that en.json
// has them all, so the key itself is the fallback lang.X never needs. The
// translations are the only source of these texts: circctl reads the same
// file through assets.English.
func codeText(c circ.Code, data map[string]any) string {
	key := "code." + string(c)
	return lang.X(key, key, data)
}

// resultText is the librarian's short name for an outcome code: "Out to
// another patron". The key is "result.<code>" for every circ.Code.
func resultText(c circ.Code) string {
	return lang.X("result."+string(c), strings.ReplaceAll(string(c), "_", " "))
}

// dayWords writes a date in words with the weekday: "Tuesday, December 15".
// Month and day names are English for now: Go's time formatting does not
// localise them.
func dayWords(t time.Time) string {
	return t.Format("Monday, January 2")
}

// dateWords writes a date in words without the weekday: "December 15".
func dateWords(t time.Time) string {
	return t.Format("January 2")
}

// dueWords is the due-date line of a book: "Due Tuesday, December 15".
func dueWords(due time.Time) string {
	return lang.X("book.due", "Due {{.Date}}", map[string]any{"Date": dayWords(due)})
}

// patronRefusal reports whether c refuses the patron rather than one book:
// such outcomes are shown on the Welcome screen.
func patronRefusal(c circ.Code) bool {
	switch c {
	case circ.CodePatronNotFound, circ.CodePatronBlocked, circ.CodeCardExpired, circ.CodeTooManyOverdue, circ.CodePatronInactive:
		return true
	}
	return false
}

// maxScreenWords caps how much of a library server's message a screen shows:
// SIP2 screen messages are a line, but nothing stops a server sending more.
const maxScreenWords = 160

// screenWords is what the kiosk shows of the library server's own message
// for o: its words when it refused, "" when the scan was accepted.
func screenWords(o circ.Outcome) string {
	if o.OK {
		return ""
	}
	return clip(strings.TrimSpace(o.Screen), maxScreenWords)
}

// clip shortens s to at most n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// exceptionCodes are the library server's refusals, in the order the
// librarian's filter lists them.
var exceptionCodes = []circ.ExceptionCode{
	circ.ExOnLoanToOther, circ.ExOnHold, circ.ExDueDateChanged, circ.ExItemLost,
	circ.ExItemNotFound, circ.ExPatronNotFound, circ.ExPatronBlocked, circ.ExServerError,
	circ.ExNoAnswer, circ.ExUnsureCheckout, circ.ExUnsureRenewal, circ.ExUnsureCheckin,
}

// exceptionWords is the librarian's name for what the library server made
// of a transaction: "Out to another patron at the library".
func exceptionWords(c circ.ExceptionCode) string {
	switch c {
	case circ.ExPatronNotFound:
		return lang.X("exception.patron_not_found", "Patron not known at the library")
	case circ.ExPatronBlocked:
		return lang.X("exception.patron_blocked", "Patron blocked at the library")
	case circ.ExItemNotFound:
		return lang.X("exception.item_not_found", "Item not known at the library")
	case circ.ExOnLoanToOther:
		return lang.X("exception.on_loan_to_other", "Out to another patron at the library")
	case circ.ExOnHold:
		return lang.X("exception.on_hold", "On hold for another patron at the library")
	case circ.ExItemLost:
		return lang.X("exception.item_lost", "Marked lost at the library")
	case circ.ExDueDateChanged:
		return lang.X("exception.due_date_changed", "Due date changed by the library")
	case circ.ExServerError:
		return lang.X("exception.server_error", "Error at the library server")
	case circ.ExNoAnswer:
		return lang.X("exception.no_answer", "Never answered by the library")
	case circ.ExUnsureCheckout:
		return lang.X("exception.unsure_checkout", "Loan not confirmed by the library")
	case circ.ExUnsureRenewal:
		return lang.X("exception.unsure_renewal", "Renewal not confirmed by the library")
	case circ.ExUnsureCheckin:
		return lang.X("exception.unsure_checkin", "Return not confirmed by the library")
	}
	return strings.ReplaceAll(string(c), "_", " ")
}

// warningText is the kiosk's line for a doubt about an accepted scan
// (Outcome.Warning), "" when there is none. checkin: the book came back,
// so a tag that kept its on-loan security is not guarded by the gate.
func warningText(o circ.Outcome, checkin bool) string {
	switch o.Warning {
	case "":
		return ""
	case circ.CodeSecurityNotCleared:
		if checkin {
			return lang.X("warning.security_not_set", "Security not set. Please give it to the librarian.")
		}
		return lang.X("warning.security_not_cleared", "Security not cleared. Please take it to the desk.")
	case circ.CodePartsMissing:
		if len(o.Parts.Missing) == 0 {
			return codeText(o.Warning, nil)
		}
		return partsMissingText(o.Parts)
	case circ.CodeBadCheckDigit:
		return lang.X("warning.bad_check_digit", "This barcode may be wrong. Please show the book to the librarian.")
	}
	return codeText(o.Warning, nil)
}

// partsMissingText names the parts of a set that are not there: "Part 3 of
// 3 is missing."
func partsMissingText(p circ.Parts) string {
	nums := make([]string, len(p.Missing))
	for i, n := range p.Missing {
		nums[i] = strconv.Itoa(n)
	}
	return lang.XN("warning.parts_missing", "Parts {{.Parts}} of {{.Total}} are missing. Please tell the librarian.", len(p.Missing),
		map[string]any{"Parts": strings.Join(nums, ", "), "Total": p.Total})
}

// waitingWords are the headline and detail of the amber card of a set
// whose parts are not all on the pad: "This set has 3 parts." and "2 are on
// the pad. Put all of them on the pad."
func waitingWords(p circ.Parts) (head, detail string) {
	head = lang.XN("parts.total", "This set has {{.Count}} parts.", p.Total, map[string]any{"Count": p.Total})
	detail = lang.XN("parts.seen", "{{.Count}} are on the pad.", p.Seen, map[string]any{"Count": p.Seen}) +
		" " + lang.X("parts.todo", "Put all of them on the pad.")
	return head, detail
}
