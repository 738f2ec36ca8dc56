package setup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/circdesk/circdesk/formats/roster"
)

// decodeStrict decodes the TOML text of the file at path into v, refusing
// keys v has no place for and saying which key has a value of the wrong
// type, in words.
func decodeStrict(path, text string, v any) error {
	md, err := toml.Decode(text, v)
	if err != nil {
		if m := wrongType.FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("%s, line %s: %s must be %s, not %s", path, m[1], m[2], typeWords(m[4]), typeWords(m[3]))
		}
		return fmt.Errorf("%s is not valid TOML: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return fmt.Errorf("%s has settings CircDesk does not know: %s", path, strings.Join(keys, ", "))
	}
	return nil
}

// wrongType matches BurntSushi/toml's type mismatch message.
var wrongType = regexp.MustCompile(`line (\d+) \(last key "([^"]+)"\): incompatible types: TOML value has type (\w+); destination has type (\w+)`)

// typeWords names a TOML or Go type for a person.
func typeWords(t string) string {
	switch t {
	case "string":
		return "text"
	case "int64", "integer", "int", "uint8", "uint32":
		return "a whole number"
	case "float64", "float":
		return "a number"
	case "bool", "boolean":
		return "true or false"
	case "slice", "array", "[]interface {}":
		return "a list"
	case "map", "struct", "map[string]interface {}":
		return "a table"
	}
	return t
}

// checkRanges checks what the sections' own checks leave out: policy and
// wedge numbers, readers, servers and the roster's id field, so that a
// mistake stops the program at start, not when the setting is first used.
func (c Config) checkRanges() error {
	if p := c.Policy.MaxRenewals; p != nil && (*p < 0 || *p > 99) {
		return fmt.Errorf("policy.max_renewals must be between 0 and 99, not %d", *p)
	}
	if p := c.Policy.MaxOverdue; p != nil && (*p < 0 || *p > 999) {
		return fmt.Errorf("policy.max_overdue must be between 0 and 999, not %d", *p)
	}
	for k, v := range c.Policy.LoanDays {
		if v > 366 {
			return fmt.Errorf("policy.loan_days: %q = %d is not a patron type with a loan period of 1 to 366 days", k, v)
		}
	}
	for k, v := range c.Policy.ItemLimit {
		if v > 1000 {
			return fmt.Errorf("policy.item_limit: %q = %d is not a patron type with a limit of 0 to 1000", k, v)
		}
	}
	if n := c.Wedge.MinLength; n < 0 || n > 64 {
		return fmt.Errorf("wedge.min_length must be between 0 and 64, not %d", n)
	}
	if n := c.Wedge.MaxAverageMS; n < 0 || n > 1000 {
		return fmt.Errorf("wedge.max_average_gap_ms must be between 0 and 1000, not %d", n)
	}
	if err := checkReaders(c.Reader); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, s := range c.Server {
		if err := s.Check(); err != nil {
			return err
		}
		if seen[s.Name] {
			return fmt.Errorf("two library servers are named %s", s.Name)
		}
		seen[s.Name] = true
	}
	if err := roster.CheckIDField(c.Roster.IDField); err != nil {
		return fmt.Errorf("roster.id_field: %w", err)
	}
	return nil
}

// checkReaders checks each reader and that no two share a name.
func checkReaders(list []Reader) error {
	seen := map[string]bool{}
	for _, r := range list {
		if err := r.check(); err != nil {
			return err
		}
		if seen[r.Name] {
			return fmt.Errorf("two readers are named %q", r.Name)
		}
		seen[r.Name] = true
	}
	return nil
}

// checkLine checks a reader's serial line settings (0 or "": the kind's
// default).
func (r Reader) checkLine() error {
	switch {
	case r.Baud != 0 && (r.Baud < 300 || r.Baud > 4000000):
		return fmt.Errorf("reader %q: baud must be between 300 and 4000000, not %d", r.Name, r.Baud)
	case r.DataBits != 0 && (r.DataBits < 5 || r.DataBits > 8):
		return fmt.Errorf("reader %q: data_bits must be between 5 and 8, not %d", r.Name, r.DataBits)
	case r.StopBits != 0 && r.StopBits != 1 && r.StopBits != 2:
		return fmt.Errorf("reader %q: stop_bits must be 1 or 2, not %d", r.Name, r.StopBits)
	}
	switch strings.ToUpper(r.Parity) {
	case "", "N", "E", "O":
		return nil
	}
	return fmt.Errorf("reader %q: parity must be N, E or O, not %q", r.Name, r.Parity)
}

// decodeFile decodes the TOML file at path strictly, when it exists; what
// names it in messages ("the server list").
func decodeFile(path, what string, v any) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s %s cannot be read: %w", what, path, unwrapPath(err))
	}
	if err := decodeStrict(path, string(data), v); err != nil {
		return fmt.Errorf("%s %w", what, err)
	}
	return nil
}
