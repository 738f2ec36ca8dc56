package app

import (
	"fmt"
	"os"
	"testing"
)

// templateDir holds the package's seeded database files (see seededDB).
var templateDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "circdesk-app-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "make a temp dir:", err)
		os.Exit(1)
	}
	templateDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
