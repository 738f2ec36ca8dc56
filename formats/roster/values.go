package roster

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

// column is a field a file may have, with the header names it goes by.
type column struct {
	name    string   // the spec's name, for messages
	aliases []string // normalised (see headerKey), the spec's own first
}

// headerKey normalises a header name: lower case, without spaces,
// underscores or dashes, so "Student ID", "student_id" and "studentId"
// are one name.
func headerKey(s []byte) string {
	var b strings.Builder
	for _, c := range bytes.TrimSpace(s) {
		switch {
		case c == ' ' || c == '_' || c == '-':
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// header maps a file's header row onto columns: the result holds, per
// column, its index in the row or -1. A header name used twice keeps its
// first column; the second is reported in dups.
func header(row [][]byte, cols []column) (idx []int, dups []string) {
	idx = make([]int, len(cols))
	for i := range idx {
		idx[i] = -1
	}
	seen := make(map[string]bool, len(row))
	for pos, h := range row {
		key := headerKey(h)
		if seen[key] && key != "" {
			dups = append(dups, string(h))
			continue
		}
		seen[key] = true
	find:
		for c, col := range cols {
			for _, a := range col.aliases {
				if key == a {
					if idx[c] < 0 {
						idx[c] = pos
					}
					break find
				}
			}
		}
	}
	return idx, dups
}

// field returns a record's value at i (already trimmed), or nil.
func field(rec [][]byte, i int) []byte {
	if i < 0 || i >= len(rec) {
		return nil
	}
	return rec[i]
}

// parseBool reads true/false the ways spreadsheets write them; blank is
// false.
func parseBool(b []byte) (bool, bool) {
	switch strings.ToLower(string(b)) {
	case "", "false", "0", "no", "n", "f":
		return false, true
	case "true", "1", "yes", "y", "t":
		return true, true
	}
	return false, false
}

// parseStatus reads a status: blank or active is active; tobedeleted,
// inactive and deleted are not.
func parseStatus(b []byte) (active, ok bool) {
	switch strings.ToLower(string(b)) {
	case "", "active":
		return true, true
	case "tobedeleted", "inactive", "deleted", "to be deleted":
		return false, true
	}
	return false, false
}

// parseRole maps both OneRoster role vocabularies (and the plain words)
// onto a Role; skip is true for parents, guardians and relatives.
func parseRole(b []byte) (role circ.PatronType, skip, ok bool) {
	switch strings.ToLower(string(b)) {
	case "student", "pupil", "learner":
		return circ.Student, false, true
	case "teacher":
		return circ.Teacher, false, true
	case "staff", "aide", "proctor", "counselor", "principal", "administrator",
		"districtadministrator", "siteadministrator", "systemadministrator", "librarian":
		return circ.Staff, false, true
	case "parent", "guardian", "relative":
		return "", true, true
	}
	return "", false, false
}

// excelDamaged reports whether Excel turned a long number into scientific
// notation (1.23E+11): the digits are gone and cannot be recovered.
func excelDamaged(b []byte) bool {
	e := bytes.IndexAny(b, "eE")
	if e < 1 || e == len(b)-1 {
		return false
	}
	mant, exp := b[:e], b[e+1:]
	if exp[0] == '+' {
		exp = exp[1:]
	}
	if len(exp) == 0 || !digits(exp) {
		return false
	}
	if dot := bytes.IndexByte(mant, '.'); dot >= 0 {
		return dot > 0 && digits(mant[:dot]) && dot < len(mant)-1 && digits(mant[dot+1:])
	}
	return digits(mant)
}

func digits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// grade normalises a grade as Excel and people write it to the CEDS codes:
// 1–9 become 01–09, K, 0 and kindergarten become KG, known letter codes
// are upper-cased. Anything else is kept as written.
func grade(b []byte) string {
	if i := bytes.IndexByte(b, ','); i >= 0 { // grades is a list: the first
		b = bytes.TrimSpace(b[:i])
	}
	if len(b) == 0 {
		return ""
	}
	if digits(b) {
		n := 0
		for _, c := range b {
			n = n*10 + int(c-'0')
			if n > 99 {
				return string(b)
			}
		}
		switch {
		case n == 0:
			return "KG"
		case n <= 13:
			return fmt.Sprintf("%02d", n)
		}
		return string(b)
	}
	s := strings.ToUpper(string(b))
	switch s {
	case "K", "KG", "KINDERGARTEN", "KINDER":
		return "KG"
	case "IT", "PR", "PK", "TK", "PS", "UG":
		return s
	case "OTHER":
		return "Other"
	}
	return string(b)
}

// parseIDField reads Options.IDField.
func parseIDField(s string) (kind, typ string, err error) {
	switch strings.ToLower(s) {
	case "", "identifier":
		return "identifier", "", nil
	case "sourcedid":
		return "sourcedId", "", nil
	case "username":
		return "username", "", nil
	}
	if t, ok := strings.CutPrefix(s, "userIds:"); ok && t != "" {
		return "userIds", t, nil
	}
	if t, ok := strings.CutPrefix(strings.ToLower(s), "userids:"); ok && t != "" {
		return "userIds", s[len("userIds:"):], nil
	}
	return "", "", failf(nil, "The id field %q is not identifier, sourcedId, username or userIds:TYPE.", s)
}

// userID finds the value of type typ in a userIds list like
// "{LDAP:123},{Fed:abc}". The type matches without regard to case.
func userID(list []byte, typ string) []byte {
	for len(list) > 0 {
		var item []byte
		if i := bytes.IndexByte(list, ','); i >= 0 {
			item, list = list[:i], list[i+1:]
		} else {
			item, list = list, nil
		}
		item = bytes.TrimSpace(item)
		item = bytes.TrimPrefix(item, []byte{'{'})
		item = bytes.TrimSuffix(item, []byte{'}'})
		k, v, ok := bytes.Cut(item, []byte{':'})
		if ok && strings.EqualFold(string(bytes.TrimSpace(k)), typ) {
			return bytes.TrimSpace(v)
		}
	}
	return nil
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool { return r < ' ' || (r >= 0x7f && r <= 0x9f) }
