package app

import (
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
// has them all.
func codeText(c circ.Code, data map[string]any) string {
	return lang.X("code."+string(c), c.Message(), data)
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
	case circ.CodePatronNotFound, circ.CodePatronBlocked, circ.CodeCardExpired, circ.CodeTooManyOverdue:
		return true
	}
	return false
}
