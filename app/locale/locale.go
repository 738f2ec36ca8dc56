// Package locale gives the process an English UTF-8 locale when the
// environment names none (LANG unset, "C" or "POSIX", as on many servers
// and minimal installs), so the GUI toolkit finds a language to show instead
// of logging that it cannot parse "C".
//
// It does its work in init. The GUI command and the tests of package app
// import it (blank) so that it runs before Fyne reads the locale: Go initialises packages in import-path
// order among those whose imports are ready, and this package, needing only
// the os and strings packages, is ready before Fyne's lang package, whose
// locale library it sorts ahead of.
package locale

import (
	"os"
	"strings"
)

func init() {
	if Named() {
		return
	}
	os.Unsetenv("LC_ALL")
	os.Unsetenv("LC_MESSAGES")
	os.Setenv("LANG", "en_US.UTF-8")
}

// Named reports whether the environment names a real locale, in the order
// gettext reads it: LC_ALL, LC_MESSAGES, LANG.
func Named() bool {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			return l != "C" && l != "POSIX" && !strings.HasPrefix(l, "C.") && !strings.HasPrefix(l, "POSIX.")
		}
	}
	return false
}
