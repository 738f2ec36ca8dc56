package layout

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/circdesk/circdesk"

type pkg struct {
	ImportPath string
	Dir        string
	Name       string
	Doc        string
	GoFiles    []string
	Imports    []string
	Deps       []string
}

// listPackages runs go list over the whole module.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-tags", "ci,migrated_fynedo", "-json", module+"/...").Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, msg)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 5 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// rules says, per package prefix, which dependencies it must never have.
var rules = []struct {
	pkg    string // the package and its sub-packages
	banned []string
	why    string
}{
	{"devices", []string{"fyne.io/fyne/v2", module + "/app", module + "/storage", module + "/circ", module + "/formats", module + "/ils"},
		"readers know nothing of the UI, the cache or the rules: circ imports devices, never the other way"},
	{"formats", []string{"fyne.io/fyne/v2", module + "/app", module + "/storage", module + "/ils", module + "/cmd",
		"database/sql", "github.com/jmoiron/sqlx", "github.com/mattn/go-sqlite3", "github.com/tarm/serial"},
		"file formats produce or consume circ's types; they know no SQL, no UI, no server"},
	{"storage", []string{"fyne.io/fyne/v2", module + "/app", module + "/ils", module + "/formats"},
		"the cache implements circ's Store over SQLite and returns circ's types; it reads no file format"},
	{"ils", []string{"fyne.io/fyne/v2", module + "/app", module + "/storage", module + "/formats"},
		"the library server adapter knows nothing of the UI or the cache"},
	{"ils/sip2", []string{module + "/circ"}, "the SIP2 protocol knows nothing of circ: ils adapts it"},
	{"app", []string{"database/sql", "github.com/jmoiron/sqlx", "github.com/mattn/go-sqlite3", "github.com/tarm/serial",
		module + "/storage", module + "/ils"},
		"the UI shows circ's types and talks to circ's services, never to SQL, serial ports or the cache itself"},
	{"internal/demoschool", []string{"fyne.io/fyne/v2", module + "/app", module + "/storage", module + "/ils"},
		"the demo school is data: it builds circ's types and files, nothing more"},
	{"cmd/circctl", []string{"fyne.io/fyne/v2"}, "circctl must run headless"},
}

func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, r := range rules {
			if rel != r.pkg && !strings.HasPrefix(rel, r.pkg+"/") {
				continue
			}
			for _, d := range p.Deps {
				for _, b := range r.banned {
					if d == b || strings.HasPrefix(d, b+"/") {
						t.Errorf("%s depends on %s: %s", rel, d, r.why)
					}
				}
			}
		}
	}
}

// TestPackageDocs wants exactly one package doc comment per package.
func TestPackageDocs(t *testing.T) {
	for _, p := range listPackages(t) {
		var with []string
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p.Dir, name), nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if f.Doc != nil {
				with = append(with, name)
			}
		}
		if len(with) != 1 {
			t.Errorf("%s has %d package doc comments (%v), want 1", p.ImportPath, len(with), with)
		}
	}
}

// TestCircStandsAlone: the domain, circ and every package under it, uses
// the standard library, devices (for the Scan type) and circ itself only
// (ARCHITECTURE.md): file formats, SQL, the server and the UI are adapters
// around it.
func TestCircStandsAlone(t *testing.T) {
	found := false
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		if rel != "circ" && !strings.HasPrefix(rel, "circ/") {
			continue
		}
		found = true
		for _, d := range p.Deps {
			std := !strings.Contains(strings.SplitN(d, "/", 2)[0], ".")
			own := d == module+"/devices" || d == module+"/circ" || strings.HasPrefix(d, module+"/circ/")
			if !std && !own {
				t.Errorf("%s depends on %s: circ and its sub-packages need only the standard library, devices and circ", rel, d)
			}
		}
	}
	if !found {
		t.Fatal("no package circ")
	}
}
