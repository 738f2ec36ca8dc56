// Package circdesk is the module's root: it holds what both binaries take
// from the project itself at build time, the version in FyneApp.toml (the
// file fyne package reads too), embedded so a binary carries its own.
package circdesk

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/BurntSushi/toml"
)

//go:embed FyneApp.toml
var fyneApp []byte

// Version is the release in FyneApp.toml's [Details] Version, e.g. "0.1.0".
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	v, err := parseVersion(fyneApp)
	if err != nil {
		// The file is embedded at build time: a broken one is a build
		// mistake that the tests catch, never a user's.
		panic(err)
	}
	return v
})

// parseVersion reads [Details] Version from a FyneApp.toml.
func parseVersion(b []byte) (string, error) {
	var meta struct {
		Details struct {
			Version string
		}
	}
	if err := toml.Unmarshal(b, &meta); err != nil {
		return "", fmt.Errorf("read FyneApp.toml: %w", err)
	}
	if meta.Details.Version == "" {
		return "", fmt.Errorf("read FyneApp.toml: no [Details] Version")
	}
	return meta.Details.Version, nil
}
