package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// callNumberSort runs circctl callnumber sort on stdin.
func callNumberSort(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runWithInput(context.Background(), append([]string{"--data-dir", t.TempDir(), "callnumber", "sort"}, args...),
		strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCallNumberSort(t *testing.T) {
	in := "FIC SMITHERS\n599.75 LIO\r\nFIC SMITH J\n\n  \n5.133 ABC\n10 ABC\nB LIN\nREF 030 WOR\nE 598.35 GUI\nE GUI\n823 R797h v.10\n823 R797h v.2\n"
	code, out, errOut := callNumberSort(t, in)
	want := "REF 030 WOR\nE 598.35 GUI\nE GUI\nFIC SMITH J\nFIC SMITHERS\n5.133 ABC\n10 ABC\n599.75 LIO\n823 R797h v.2\n823 R797h v.10\nB LIN\n"
	if code != 0 || out != want || errOut != "" {
		t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant:\n%s", code, errOut, out, want)
	}
}

func TestCallNumberSortScheme(t *testing.T) {
	in := "QA76.73 .J38\nQA76 .A1\nR 241 .G1\nQA76\nZ50\nZ39.50\n"
	code, out, errOut := callNumberSort(t, in, "--scheme", "lc")
	if want := "QA76\nQA76 .A1\nQA76.73 .J38\nR 241 .G1\nZ39.50\nZ50\n"; code != 0 || out != want {
		t.Errorf("--scheme lc: exit %d, stderr %q, stdout:\n%s\nwant:\n%s", code, errOut, out, want)
	}
	// Without --scheme, "R 241" is the reference section R (REF) first.
	if _, out, _ := callNumberSort(t, in); !strings.HasPrefix(out, "R 241 .G1\n") {
		t.Errorf("auto: stdout:\n%s\nwant R 241 .G1 first (REF)", out)
	}
}

// Lines that are not call numbers are told one sentence each, with their
// line number; the others are still printed; exit 1.
func TestCallNumberSortBadLines(t *testing.T) {
	in := "599.75 LIO\n\n12..x\nFIC ALE\n599.75 LIO @home\n"
	code, out, errOut := callNumberSort(t, in, "--scheme=dewey")
	if code != 1 || out != "FIC ALE\n599.75 LIO\n" {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	want := []string{
		`line 3: "12..x" is not a call number: it has two dots in a row.`,
		`line 5: "599.75 LIO @home" is not a call number: it has '@' in it, which call numbers do not use.`,
		`circctl callnumber: 2 lines of 4 are not call numbers and were left out.`,
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr:\n%s", errOut)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("stderr line %d:\n got %s\nwant %s", i+1, lines[i], want[i])
		}
	}
}

func TestCallNumberSortEmptyInput(t *testing.T) {
	if code, out, errOut := callNumberSort(t, "\n\n"); code != 0 || out != "" || errOut != "" {
		t.Errorf("blank input: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestCallNumberUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--scheme", "udc"}, `"udc" is not a call number scheme: use dewey or lc`},
		{[]string{"extra"}, `callnumber sort takes no arguments, only flags; "extra" is not one`},
		{[]string{"--order", "x"}, "-order"},
	} {
		code, _, errOut := callNumberSort(t, "599\n", tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, exitUsage, tc.want)
		}
	}
	var out, errOut bytes.Buffer
	if code := runWithInput(context.Background(), []string{"callnumber"}, strings.NewReader(""), &out, &errOut); code != exitUsage {
		t.Errorf("callnumber with no subcommand: exit %d", code)
	}
	if code := runWithInput(context.Background(), []string{"callnumber", "shuffle"}, strings.NewReader(""), &out, &errOut); code != exitUsage ||
		!strings.Contains(errOut.String(), `"shuffle" is not a callnumber subcommand`) {
		t.Errorf("callnumber shuffle: exit %d, %s", code, errOut.String())
	}
}

// A chosen scheme refuses what is not one of its call numbers.
func TestCallNumberSortRefusesOtherSchemes(t *testing.T) {
	for _, tc := range []struct{ scheme, in string }{{"lc", "hello world\n"}, {"dewey", "12.3.4.5\n"}} {
		code, out, stderr := circctlIn(t, t.TempDir(), tc.in, "callnumber", "sort", "--scheme", tc.scheme)
		if code == 0 || out != "" || !strings.Contains(stderr, "is not a call number") {
			t.Errorf("sort --scheme %s of %q: exit %d, out %q, err %q; want it refused", tc.scheme, tc.in, code, out, stderr)
		}
	}
}
