package app

import (
	"context"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/formats/roster"
)

// importTimeout bounds a roster import: a district's file takes seconds.
const importTimeout = 2 * time.Minute

// loadRoster shows the latest roster import and the classes.
func (u *UI) loadRoster() {
	v := u.librarian.roster
	var (
		imports []circ.RosterImport
		classes []circ.Class
	)
	u.bg.start(task{what: "load the roster", work: func(ctx context.Context) (err error) {
		imports, err = u.rosters.RosterImports(ctx, 1)
		if err == nil {
			classes, err = u.rosters.Classes(ctx)
		}
		return err
	}, apply: func(err error) { v.showImports(imports, classes, err) }})
}

// importRoster reads and applies the roster at path.
func (u *UI) importRoster(path string, full, dry, force bool) {
	v := u.librarian.roster
	var res circ.RosterImport
	u.bg.start(task{what: "import a roster", timeout: importTimeout, work: func(ctx context.Context) error {
		r, err := roster.Load(path, u.rosterOpt)
		if err == nil {
			res, err = u.rosters.ImportRoster(ctx, r, circ.RosterOptions{Full: full, DryRun: dry, Force: force, Source: filepath.Base(path), At: u.clock()})
		}
		return err
	}, apply: func(err error) {
		v.imported(res, err)
		if err == nil && !dry {
			u.loadRoster()
		}
	}})
}

// chooseRoster opens the file picker for a roster file.
func (u *UI) chooseRoster(set func(string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		_ = r.Close()
		set(r.URI().Path())
	}, u.win)
	d.Show()
}
