package assets

import "embed"

// Translations holds the user-facing texts of the station, one JSON file per
// language (translations/en.json, later es.json, …) in the go-i18n format that
// Fyne's lang package reads: register them with
// lang.AddTranslationsFS(assets.Translations, "translations").
//
//go:embed translations
var Translations embed.FS
