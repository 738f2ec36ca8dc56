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
	u.background(func(ctx context.Context) {
		imports, err := u.rosters.RosterImports(ctx, 1)
		var classes []circ.Class
		if err == nil {
			classes, err = u.rosters.Classes(ctx)
		}
		u.do(func() { v.showImports(imports, classes, err) })
	})
}

// importRoster reads and applies the roster at path.
func (u *UI) importRoster(path string, full, dry, force bool) {
	v := u.librarian.roster
	go func() {
		ctx, cancel := context.WithTimeout(u.ctx, importTimeout)
		defer cancel()
		var res circ.RosterImport
		r, err := roster.Load(path, u.rosterOpt)
		if err == nil {
			res, err = u.rosters.ImportRoster(ctx, r, circ.RosterOptions{Full: full, DryRun: dry, Force: force, Source: filepath.Base(path), At: u.clock()})
		}
		u.do(func() {
			v.imported(res, err)
			if err == nil && !dry {
				u.loadRoster()
			}
		})
	}()
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
