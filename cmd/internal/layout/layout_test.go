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
	{"circ", []string{"fyne.io/fyne/v2", module + "/storage", module + "/ils", module + "/app", "database/sql", "github.com/tarm/serial"},
		"circ is the domain: it declares interfaces and the others implement them"},
	{"devices", []string{"fyne.io/fyne/v2", module + "/app", module + "/storage"}, "readers know nothing of the UI or the cache"},
	{"storage", []string{"fyne.io/fyne/v2", module + "/app"}, "the cache knows nothing of the UI"},
	{"ils", []string{"fyne.io/fyne/v2", module + "/app"}, "the library server adapter knows nothing of the UI"},
	{"app", []string{"database/sql", "github.com/jmoiron/sqlx", "github.com/mattn/go-sqlite3", "github.com/tarm/serial",
		module + "/storage", module + "/ils"},
		"the UI shows circ's types and talks to circ.Station, never to SQL, serial ports or the cache itself"},
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

// TestCircStandsAlone: the domain package itself uses the standard library
// and devices only (ARCHITECTURE.md). Its sub-packages that read or write
// files (roster, shelflist, report) may use a well-kept library for that.
func TestCircStandsAlone(t *testing.T) {
	for _, p := range listPackages(t) {
		if p.ImportPath != module+"/circ" {
			continue
		}
		for _, d := range p.Deps {
			std := !strings.Contains(strings.SplitN(d, "/", 2)[0], ".")
			if !std && d != module+"/devices" {
				t.Errorf("circ depends on %s: it must need only the standard library and devices", d)
			}
		}
		return
	}
	t.Fatal("no package circ")
}
