package app

import (
	"log/slog"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/circdesk/circdesk/assets"
)

var translationsOnce sync.Once

// registerTranslations adds the station's texts to Fyne's lang bundle, once
// per process.
func registerTranslations() {
	translationsOnce.Do(func() {
		if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
			slog.Error("load translations", "err", err)
		}
	})
}
