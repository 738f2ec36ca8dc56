package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// newFlags returns a flag set for a subcommand with the shared --json flag.
func newFlags(name string) (*flag.FlagSet, *bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print JSON")
	return fs, asJSON
}

// parse parses flags anywhere among the arguments ("checkout P I --json")
// and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{flagProblem(err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// noArgs parses the flags of a command that takes no other arguments.
func noArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("%s takes no arguments, only flags; %q is not one", fs.Name(), pos[0])}
	}
	return nil
}

// checkLimit refuses a negative --limit.
func checkLimit(n int) error {
	if n < 0 {
		return usageError{"--limit must be 0 or more"}
	}
	return nil
}

// printJSON writes v as one indented JSON document.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// flagProblem says in words what the flag package found wrong: "there is
// no option --frob", "--limit needs a value", rather than its "-frob".
func flagProblem(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		if _, numErr := strconv.ParseFloat(name, 64); numErr == nil {
			return fmt.Sprintf("-%s is not a value this command takes (nor an option)", name)
		}
		return fmt.Sprintf("there is no option --%s", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("--%s needs a value", name)
	}
	// invalid value "many" for flag -limit: parse error
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if value, flagPart, ok := strings.Cut(rest, " for flag -"); ok {
			name, why, _ := strings.Cut(flagPart, ": ")
			if why == "" || strings.HasSuffix(why, "parse error") || strings.HasSuffix(why, "value out of range") {
				return fmt.Sprintf("--%s cannot be %s", name, value)
			}
			return fmt.Sprintf("--%s cannot be %s: %s", name, value, why)
		}
	}
	if name, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Sprintf("%s is not an option", name)
	}
	return msg
}

// printList prints rows as JSON, or as a table: header, then each row's
// line (tab-separated, ending in a newline), in aligned columns.
func printList[T any](w io.Writer, asJSON bool, rows []T, header string, line func(T) string) error {
	if asJSON {
		return printJSON(w, rows)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprint(tw, line(r))
	}
	return tw.Flush()
}
