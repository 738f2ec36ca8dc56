package app

import (
	"context"

	"fyne.io/fyne/v2/lang"

	"github.com/circdesk/circdesk/circ"
)

// askUnknownCard asks the librarian at a desk, while the library server
// does not answer, whether to lend on a card the station does not know.
// It asks once per refusal.
func (u *UI) askUnknownCard(last *circ.Outcome) {
	if last == nil || last.Card == "" || last.At.Equal(u.askedCardAt) {
		return
	}
	u.askedCardAt = last.At
	card := last.Card
	text := lang.X("unknowncard.text", "No patron has the card number {{.Card}} on this station, and the library server is not answering. Lend on this card anyway? The library server checks it when it answers.", map[string]any{"Card": card})
	u.confirmAction(lang.X("unknowncard.title", "A card this station does not know"), text, lang.X("unknowncard.ok", "Lend on it"), func() {
		u.send("lend to an unknown card", func(ctx context.Context) error {
			_, err := u.st.LendToUnknownCard(ctx, card)
			if err == nil {
				u.audit(circ.AuditOverride, "lent on a card the station does not know, offline")
			}
			return err
		})
	})
}
