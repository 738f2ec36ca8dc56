package circ

import (
	"maps"
	"slices"
)

// Code says why a scan ended as it did. The UI shows a translated sentence
// per code; Message gives the English one for logs and the CLI.
type Code string

// Outcome codes. The string values are stable: they are journaled and printed
// by the CLI.
const (
	CodeCheckedOut     Code = "checked_out"
	CodeRenewed        Code = "renewed"
	CodeReturned       Code = "returned"
	CodeHoldShelf      Code = "hold_shelf"       // returned; goes to the hold shelf
	CodeLostFound      Code = "lost_found"       // returned; it was lost or missing
	CodeWithdrawnFound Code = "withdrawn_found"  // returned; it was withdrawn from the collection
	CodeMarkedMissing  Code = "marked_missing"   // an inventory's finalize marked it missing
	CodeNotOnLoan      Code = "not_on_loan"      // check-in of an item that was not out
	CodePatronNotFound Code = "patron_not_found" // the card is not in the cache
	CodeItemNotFound   Code = "item_not_found"   // the book is not in the cache
	CodeNoPatron       Code = "no_patron"        // a book scanned before a card
	CodeCardExpired    Code = "card_expired"
	CodePatronBlocked  Code = "patron_blocked"
	CodeTooManyOverdue Code = "too_many_overdue"
	CodeLimitReached   Code = "limit_reached"
	CodeOnLoanToOther  Code = "on_loan_to_other"
	CodeOnHoldForOther Code = "on_hold_for_other"
	CodeNotRenewable   Code = "not_renewable" // renewal limit reached
	CodeNotLoanable    Code = "not_loanable"  // lost or missing item offered for checkout
	CodeBadCheckDigit  Code = "bad_check_digit"
	CodeNotYours       Code = "not_yours"     // renew of an item on loan to someone else or not out
	CodeCardNotBook    Code = "card_not_book" // a library card scanned where a book was expected
	// CodeStationError: the station could not record the scan (disk or
	// database failure). Nothing was recorded; the scan can be tried again.
	CodeStationError Code = "station_error"
	// CodeLibraryRefused: the library server said no, online (its own words
	// are in Outcome.Screen).
	CodeLibraryRefused Code = "library_refused"
	// CodeSecurityNotCleared: the item's RFID tag would not take the new AFI;
	// the exit gate will sound (checkout) or not guard it (check-in).
	CodeSecurityNotCleared Code = "security_not_cleared"
	// CodeUnsupportedTag: an RFID tag whose data is blank, unknown or corrupt.
	CodeUnsupportedTag Code = "unsupported_tag"
	// CodeWaitingForParts: a set whose parts are not all on the pad yet.
	CodeWaitingForParts Code = "waiting_for_parts"
	// CodePartsMissing: a set went out (or came back) with parts missing.
	CodePartsMissing Code = "parts_missing"
	// CodePatronInactive: the patron is no longer on the school's roster.
	CodePatronInactive Code = "patron_inactive"
	// CodeNotInSet: a book scanned into a book-set handout or return that
	// is not a copy of that set.
	CodeNotInSet Code = "not_in_set"
	// CodeOtherSet: a copy of another book set, scanned into a handout.
	CodeOtherSet Code = "other_set"
	// CodeNotInClass: a student scanned into a class handout who is not
	// enrolled in the class.
	CodeNotInClass Code = "not_in_class"
	// CodeHasCopy: a student who already has a copy of the set.
	CodeHasCopy Code = "has_copy"
	// CodeWrongPIN: the PIN typed is not the patron's.
	CodeWrongPIN Code = "wrong_pin"
	// CodeTypedOffline: a typed number needs a PIN the library server
	// cannot check now.
	CodeTypedOffline Code = "typed_offline"
	// CodePINOffline: a card needs a PIN the library server cannot check
	// now.
	CodePINOffline Code = "pin_offline"
)

var codeMessages = map[Code]string{
	CodeCheckedOut:         "Checked out.",
	CodeRenewed:            "Renewed.",
	CodeReturned:           "Returned.",
	CodeHoldShelf:          "Returned. Put it on the hold shelf.",
	CodeLostFound:          "Returned. It was marked lost or missing: check it.",
	CodeWithdrawnFound:     "Returned. It was withdrawn from the collection: give it to the librarian.",
	CodeMarkedMissing:      "Marked missing by an inventory.",
	CodeNotOnLoan:          "Returned. It was not checked out.",
	CodePatronNotFound:     "This card is not known here. Please see the librarian.",
	CodeItemNotFound:       "This book is not in the catalog. Please give it to the librarian.",
	CodeNoPatron:           "Scan your library card first.",
	CodeCardExpired:        "Your card needs the librarian. Please see the desk.",
	CodePatronBlocked:      "Your card needs the librarian. Please see the desk.",
	CodeTooManyOverdue:     "You have books that are overdue. Return them to borrow more.",
	CodeLimitReached:       "You already have the most books you can borrow. Return one to borrow more.",
	CodeOnLoanToOther:      "This book is checked out to someone else. Please take it to the desk.",
	CodeOnHoldForOther:     "This book is waiting for someone else. Please give it to the librarian.",
	CodeNotRenewable:       "This book cannot be renewed again. Please see the librarian.",
	CodeNotLoanable:        "This book cannot be checked out. Please give it to the librarian.",
	CodeBadCheckDigit:      "That barcode did not scan right. Please scan it again.",
	CodeNotYours:           "This book is not checked out to you.",
	CodeCardNotBook:        "That is a library card. Scan a book to return it.",
	CodeStationError:       "Something went wrong and nothing was recorded. Please see the librarian.",
	CodeLibraryRefused:     "The library said no to this one. Please see the librarian.",
	CodeSecurityNotCleared: "Security not cleared. Please take it to the desk.",
	CodeUnsupportedTag:     "This book's tag cannot be read. Please give it to the librarian.",
	CodeWaitingForParts:    "This set has more parts. Put all of them on the pad.",
	CodePartsMissing:       "A part of this set is missing. Please tell the librarian.",
	CodePatronInactive:     "This card is no longer active. Please see the librarian.",
	CodeNotInSet:           "This book is not a copy of this set.",
	CodeOtherSet:           "This copy belongs to another book set.",
	CodeNotInClass:         "This student is not in the class.",
	CodeHasCopy:            "This student already has a copy of this set.",
	CodeWrongPIN:           "That PIN is not right. Please type it again.",
	CodeTypedOffline:       "Please scan your card or ask the librarian.",
	CodePINOffline:         "Your PIN cannot be checked now. Please ask the librarian.",
}

// Message is the English sentence for c.
func (c Code) Message() string {
	if m, ok := codeMessages[c]; ok {
		return m
	}
	return string(c)
}

// Codes lists every outcome code in order, for translation checks.
func Codes() []Code {
	return slices.Sorted(maps.Keys(codeMessages))
}
