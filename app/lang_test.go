package app

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
)

// langCall is one lang.X or lang.XN call with a literal key in app's code.
type langCall struct {
	key, fallback string
	plural        bool
	at            string
}

// langCalls finds the lang calls of the package's non-test files.
func langCalls(t *testing.T) []langCall {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var calls []langCall
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "lang" {
				return true
			}
			at := fset.Position(call.Pos()).String()
			switch sel.Sel.Name {
			case "X", "XN":
			case "L", "N", "Localize", "LocalizePlural":
				t.Errorf("%s: lang.%s: use lang.X or lang.XN with a key", at, sel.Sel.Name)
				return true
			default:
				return true
			}
			key, okKey := stringLit(call.Args[0])
			fallback, okFallback := stringLit(call.Args[1])
			if !okKey || !okFallback {
				// Only codeText and resultText build their keys; TestEveryCodeHasAMessage covers them.
				if !strings.Contains(at, "words.go") {
					t.Errorf("%s: lang key and fallback must be string literals", at)
				}
				return true
			}
			calls = append(calls, langCall{key: key, fallback: fallback, plural: sel.Sel.Name == "XN", at: at})
			return true
		})
	}
	if len(calls) < 20 {
		t.Fatalf("found only %d lang calls: the scan is broken", len(calls))
	}
	return calls
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// english reads assets/translations/en.json: each value is a string or a
// map of plural forms.
func english(t *testing.T) map[string]any {
	t.Helper()
	data, err := assets.Translations.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("en.json: %v", err)
	}
	return m
}

func TestEnglishHasEveryKeyUsedInTheCode(t *testing.T) {
	en := english(t)
	used := map[string]bool{}
	for _, c := range langCalls(t) {
		used[c.key] = true
		v, ok := en[c.key]
		if !ok {
			t.Errorf("%s: key %q is not in en.json", c.at, c.key)
			continue
		}
		if c.plural {
			forms, ok := v.(map[string]any)
			if !ok || forms["other"] != c.fallback {
				t.Errorf("%s: en.json %q should have plural forms with other = %q, has %v", c.at, c.key, c.fallback, v)
			}
			continue
		}
		if v != c.fallback {
			t.Errorf("%s: en.json %q is %q but the code falls back to %q", c.at, c.key, v, c.fallback)
		}
	}
	for _, c := range circ.Codes() {
		used["code."+string(c)] = true
		used["result."+string(c)] = true
	}
	for key := range en {
		if !used[key] {
			t.Errorf("en.json has %q, which nothing uses", key)
		}
	}
}

func TestEveryCodeHasAMessage(t *testing.T) {
	en := english(t)
	for _, c := range circ.Codes() {
		for _, key := range []string{"code." + string(c), "result." + string(c)} {
			if v, ok := en[key].(string); !ok || v == "" {
				t.Errorf("en.json has no %q for outcome code %q", key, c)
			}
		}
	}
	registerTranslations()
	for _, c := range circ.Codes() {
		if got := codeText(c, map[string]any{"Count": 10}); strings.Contains(got, "{{") || got == string(c) {
			t.Errorf("outcome %q shows as %q", c, got)
		}
	}
}

func TestEnglishTemplatesParse(t *testing.T) {
	for key, v := range english(t) {
		texts := []string{}
		switch v := v.(type) {
		case string:
			texts = append(texts, v)
		case map[string]any:
			for _, f := range v {
				s, _ := f.(string)
				texts = append(texts, s)
			}
		}
		for _, s := range texts {
			if _, err := template.New(key).Parse(s); err != nil {
				t.Errorf("en.json %q: %v", key, err)
			}
		}
	}
}
