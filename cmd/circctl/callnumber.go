package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/circdesk/circdesk/circ/callnumber"
)

func runCallNumber(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"give a subcommand: sort"}
	}
	switch args[0] {
	case "sort":
		return c.callNumberSort(ctx, args[1:])
	}
	return usageError{fmt.Sprintf("%q is not a callnumber subcommand; use sort", args[0])}
}

// callNumberSort reads call numbers on stdin, one a line, and prints them in
// shelf order; the lines that are not call numbers are told on stderr, one
// sentence each, and make the exit status 1.
func (c *cli) callNumberSort(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("callnumber sort", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	schemeFlag := fs.String("scheme", "", "dewey or lc (default: each call number by its shape)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	scheme, err := callnumber.ParseScheme(*schemeFlag)
	if err != nil {
		return usageError{err.Error()}
	}
	var numbers []string
	var lineOf []int // the input line of each of numbers
	sc := bufio.NewScanner(c.stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		numbers = append(numbers, sc.Text())
		lineOf = append(lineOf, n)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read the call numbers on standard input: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sorted, bad := callnumber.Sort(numbers, scheme)
	out := bufio.NewWriter(c.stdout)
	for _, s := range sorted {
		fmt.Fprintln(out, s)
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write the sorted call numbers: %w", err)
	}
	for _, b := range bad {
		fmt.Fprintf(c.stderr, "line %d: %s.\n", lineOf[b.Line-1], b.Reason)
	}
	switch len(bad) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("1 line of %d is not a call number and was left out", len(numbers))
	}
	return fmt.Errorf("%d lines of %d are not call numbers and were left out", len(bad), len(numbers))
}
