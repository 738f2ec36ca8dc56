package assets

import (
	"encoding/json"
	"strings"
	"sync"
	"text/template"
)

// english is translations/en.json read once: key → its text, or for a
// plural entry its "one" and "other" texts.
var english = sync.OnceValue(func() map[string]entry {
	raw := map[string]json.RawMessage{}
	b, err := Translations.ReadFile("translations/en.json")
	if err == nil {
		err = json.Unmarshal(b, &raw)
	}
	if err != nil {
		panic("assets: translations/en.json: " + err.Error()) // embedded: a test reads it
	}
	m := make(map[string]entry, len(raw))
	for k, v := range raw {
		var e entry
		if json.Unmarshal(v, &e.other) != nil {
			var plural struct{ One, Other string }
			_ = json.Unmarshal(v, &plural)
			e = entry{one: plural.One, other: plural.Other}
		}
		m[k] = e
	}
	return m
})

type entry struct{ one, other string }

// English is the English text of key in the station's translations
// (translations/en.json), its template filled from data the way Fyne's
// lang.X fills it: for programs without Fyne (circctl, the demo library
// server), so they say what the window says from the same file. A plural
// entry takes its "one" text when data's Count is 1. A key the file lacks
// comes back as it is.
func English(key string, data map[string]any) string {
	e, ok := english()[key]
	if !ok {
		return key
	}
	text := e.other
	if n, _ := data["Count"].(int); n == 1 && e.one != "" {
		text = e.one
	}
	if !strings.Contains(text, "{{") {
		return text
	}
	t, err := template.New(key).Parse(text)
	if err != nil {
		return text
	}
	var b strings.Builder
	if t.Execute(&b, data) != nil {
		return text
	}
	return b.String()
}
