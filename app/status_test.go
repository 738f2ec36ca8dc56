package app

import (
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// TestStatusBarSaysNotEncrypted: a server reached over plain TCP on the
// network (allowed with --insecure) is said in the status bar.
func TestStatusBarSaysNotEncrypted(t *testing.T) {
	packageApp()
	b := newStatusBar()
	b.show(circ.State{Online: true}, circ.LinkState{Configured: true, Online: true, Unencrypted: true})
	if !b.plainBox.Visible() || b.plain.Text != "Not encrypted" {
		t.Errorf("plain TCP to another machine: visible %v, %q; want \"Not encrypted\"", b.plainBox.Visible(), b.plain.Text)
	}
	b.show(circ.State{Online: true}, circ.LinkState{Configured: true, Online: true})
	if b.plainBox.Visible() {
		t.Error("\"Not encrypted\" shown for an encrypted link")
	}
}
