package callnumber

import (
	"fmt"
	"strings"
)

// Scheme is a classification scheme: how the classified part of a call
// number is read.
type Scheme string

// The schemes. Auto reads each call number by its shape: a Library of
// Congress class such as QA76 or PS 3515, else Dewey (with or without a
// section prefix). A parsed CallNumber's Scheme is Dewey or LC, never Auto;
// school-local numbers such as FIC SMI count as Dewey.
const (
	Auto  Scheme = ""
	Dewey Scheme = "dewey"
	LC    Scheme = "lc"
)

// ParseScheme reads a scheme as a flag gives it: "dewey", "lc", or "" (or
// "auto") for Auto; upper or lower case.
func ParseScheme(s string) (Scheme, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "dewey":
		return Dewey, nil
	case "lc":
		return LC, nil
	}
	return Auto, fmt.Errorf("%q is not a call number scheme: use dewey or lc", s)
}
