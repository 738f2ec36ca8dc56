package app

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsStayInTheirRoom fails when the UI package starts to depend on
// SQL, serial ports or the storage package: screens show circ's types and
// talk to circ.Station only.
func TestImportsStayInTheirRoom(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "ci", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	forbidden := []string{
		"database/sql",
		"github.com/jmoiron/sqlx",
		"github.com/mattn/go-sqlite3",
		"github.com/tarm/serial",
		"github.com/circdesk/circdesk/storage",
		"github.com/circdesk/circdesk/ils",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("package app depends on %s", dep)
			}
		}
	}
}
