package app

import (
	"errors"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
)

// errorWords is what a screen says of err: one plain sentence, translated.
// It is the only way an error becomes words on a screen, and the full chain
// of causes ("record checkin: insert journal row: …") goes only to the log:
//
//   - a refusal by outcome code says the code's sentence, as the kiosk does;
//   - an error with a translation of its own says it;
//   - an error written for people (circ.Words: a sentence a domain, storage
//     or library error carries) says its words;
//   - any other error says the sentence of its kind (circ.KindOf).
func errorWords(err error) string {
	if err == nil {
		return ""
	}
	kind := circ.KindOf(err)
	slog.Warn("an error shown on screen", "kind", string(kind), "err", err)
	var refused *circ.CodeError
	switch {
	case errors.As(err, &refused):
		return codeText(refused.Code, nil)
	case errors.Is(err, inventory.ErrUnknown):
		return lang.X("inventory.unknown", "No inventory has that name.")
	}
	if words, ok := circ.Words(err); ok {
		return asSentence(words)
	}
	return kindText(kind)
}

// errorClause is errorWords without its closing full stop, for the
// sentences that end with an error: "Not saved: {{.Error}}.".
func errorClause(err error) string {
	return strings.TrimRight(errorWords(err), ".!? ")
}

// kindText is the sentence for an error of kind k.
func kindText(k circ.Kind) string {
	switch k {
	case circ.KindNotFound:
		return lang.X("error.not_found", "That could not be found.")
	case circ.KindRefused:
		return lang.X("error.refused", "That is not allowed.")
	case circ.KindBusy:
		return lang.X("error.busy", "That is busy right now; try again in a moment.")
	case circ.KindOffline:
		return lang.X("error.offline", "That did not answer; check the connection and try again.")
	case circ.KindInvalid:
		return lang.X("error.invalid", "That is not right; check it and try again.")
	}
	return lang.X("error.internal", "Something went wrong on this station; the details are in the log.")
}

// readerErrorWords is what the Devices tab says of a reader's error. The
// devices layer cannot know circ's kinds (circ imports it), and it words
// its errors for the librarian itself (the serial layer turns the system's
// errors into sentences such as "there is no such port — is the reader
// plugged in?"), so their own words are said, as one sentence.
func readerErrorWords(err error) string {
	return endSentence(err.Error())
}

// asSentence is words as one sentence: white space made single, a capital
// first letter, one full stop at the end, at most maxScreenWords long.
func asSentence(words string) string {
	s := endSentence(words)
	if s == "" {
		return s
	}
	r := []rune(s)
	return string(append([]rune(strings.ToUpper(string(r[0]))), r[1:]...))
}

// endSentence is words with white space made single and one full stop at
// the end, at most maxScreenWords long.
func endSentence(words string) string {
	s := strings.Join(strings.Fields(words), " ")
	if s == "" {
		return s
	}
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return clip(s, maxScreenWords)
}
