package circ

import "slices"

// Code says why a scan ended as it did. The UI and circctl show the
// translated sentence of each code ("code.<code>" in the translations).
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

// codes lists every outcome code. Their sentences are translations:
// "code.<code>" in assets/translations (the window reads them through
// Fyne's lang, circctl through assets.English).
var codes = []Code{
	CodeCheckedOut, CodeRenewed, CodeReturned, CodeHoldShelf, CodeLostFound,
	CodeWithdrawnFound, CodeMarkedMissing, CodeNotOnLoan, CodePatronNotFound,
	CodeItemNotFound, CodeNoPatron, CodeCardExpired, CodePatronBlocked,
	CodeTooManyOverdue, CodeLimitReached, CodeOnLoanToOther, CodeOnHoldForOther,
	CodeNotRenewable, CodeNotLoanable, CodeBadCheckDigit, CodeNotYours,
	CodeCardNotBook, CodeStationError, CodeLibraryRefused, CodeSecurityNotCleared,
	CodeUnsupportedTag, CodeWaitingForParts, CodePartsMissing, CodePatronInactive,
	CodeNotInSet, CodeOtherSet, CodeNotInClass, CodeHasCopy, CodeWrongPIN,
	CodeTypedOffline, CodePINOffline,
}

// Codes lists every outcome code in order, for translation checks.
func Codes() []Code {
	return slices.Sorted(slices.Values(codes))
}

// CodeError is a scan the station refused, as an error: Code says why, and
// the screens say the code's sentence.
type CodeError struct{ Code Code }

func (e *CodeError) Error() string { return "refused: " + string(e.Code) }

// Kind: a refusal.
func (e *CodeError) Kind() Kind { return KindRefused }
