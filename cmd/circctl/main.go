// Command circctl is CircDesk's headless command line: the same circulation
// core as the station window, for scripts, support and tests. Every --json
// prints one JSON document on stdout; every failure is one sentence on stderr
// and a non-zero exit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"github.com/circdesk/circdesk"
	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
)

// exitRefused is the exit status when a circulation request was refused.
const exitRefused = 1

// exitUsage is the exit status for a command line that makes no sense.
const exitUsage = 2

// command is one circctl subcommand.
type command struct {
	usage string // arguments after the command name
	help  string
	run   func(ctx context.Context, c *cli, args []string) error
}

var commands = map[string]command{
	"status":   {"[--json]", "count patrons, items, loans, overdue, pending and exceptions", runStatus},
	"patrons":  {"[--type student|teacher|staff] [--limit N] [--json]", "list patrons", runPatrons},
	"items":    {"[--status available|on_loan|on_hold|lost|missing] [--limit N] [--json]", "list items", runItems},
	"checkout": {"PATRON ITEM... [--json]", "check items out to a patron", runCheckout},
	"checkin":  {"ITEM... [--json]", "check items in", runCheckin},
	"renew":    {"PATRON ITEM... [--json]", "renew a patron's items", runRenew},
	"loans":    {"[--patron ID] [--json]", "list current loans", runLoans},
	"journal":  {"[--json]", "list the circulation journal", runJournal},
	"demo":     {"seed [--district]", "fill the data directory with the demo school (idempotent)", runDemo},
	"server": {"add NAME --address HOST:PORT --institution ID [...] | list [--json]",
		"configure the library servers (SIP2)", runServer},
	"sync":       {"[--server NAME] [--json]", "send pending transactions to the library server once", runSync},
	"refresh":    {"[--items|--patrons] [--rate N] [--json]", "ask the library server about what the cache must have right, once", runRefresh},
	"exceptions": {"[--all] [--json] | resolve ID --note TEXT | retry ID", "transactions the library server refused", runExceptions},
	"devices":    {"list [--json] | watch --kind line|em4100|feig|3m --port PATH [--baud N] [--option K=V] [--json]", "list the serial ports; print what a reader scans until interrupted", runDevices},
	"sim-reader": {"--kind line|em4100|feig|3m --link PATH [--tags FILE] [--baud N]", "simulate a reader on a pseudo-terminal until interrupted (demos, tests)", runSimReader},
	"export-koc": {"FILE", "write the pending transactions as a Koha offline circulation file", runExportKOC},
	"acs":        {"--listen ADDR --library FILE [--seed-demo] [--institution ID] [--user U --password-stdin] [--tls-cert F --tls-key F]", "serve a SIP2 library server over its own library file (demo, tests)", runACS},
	"roster":     {"import PATH [--format oneroster|csv] [--map FILE] [--id-field F] [--full [--force]] [--dry-run] [--json]", "import the school roster (OneRoster folder or zip, or a CSV)", runRoster},
	"class":      {"list [--json] | show ID [--json]", "the roster's classes and their students", runClass},
	"set":        {setUsage + " [--json]", "book sets: copies lent to a teacher or handed out to a class", runSet},
	"inventory":  {inventoryUsage, "check the shelves against the catalog: start, scan, report, finalize, list, export, merge", runInventory},
	"shelflist":  {"import FILE [--map FILE] [--json]", "import the library server's shelf-list export (CSV) into the cache", runShelfList},
	"tag":        {"decode HEX [--json] | encode --model iso28560-3|iso28560-2|3m --item ID [--parts N --part K] [--owner ISIL] [--usage U] [--size 32|34] [--json]", "read or make the user memory of an RFID item tag (hex)", runTag},
	"kiosk":      {kioskUsage, "set the librarian PIN that opens the station window's librarian views", runKiosk},
	"audit":      {"[--limit N] [--json]", "list what librarians did: unlocks, exception resolutions, roster imports, finalized inventories, settings", runAudit},
	"privacy":    {"purge [--json] | counts [--json]", "delete the borrowing history kept no longer ([privacy] keep_history_days); list the counts kept instead", runPrivacy},
	"callnumber": {"sort [--scheme dewey|lc]", "print the call numbers on standard input in shelf order", runCallNumber},
}

// cli carries what every command needs.
type cli struct {
	flags  setup.Flags
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// usageError is a command line that makes no sense; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// refusedError means a circulation request was refused; its JSON was printed.
type refusedError struct{ n int }

func (e refusedError) Error() string {
	if e.n == 1 {
		return "1 item was refused"
	}
	return fmt.Sprintf("%d items were refused", e.n)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runWithInput(ctx, args, os.Stdin, stdout, stderr)
}

// runWithInput is run with standard input given (for passwords).
func runWithInput(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// What circctl prints may hold stored text: written escaped.
	stdout, stderr = newTerminalWriter(stdout), newTerminalWriter(stderr)
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("circctl", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.flags.DataDir, "data-dir", "", "data directory (default $"+setup.EnvDataDir+" or the user data directory)")
	fs.StringVar(&c.flags.Config, "config", "", "configuration file (default circdesk.toml in the data directory)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "circctl: %s; run 'circctl help' for the commands.\n", flagProblem(err))
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(stdout, "circctl", circdesk.Version())
		return 0
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fmt.Fprintln(stderr, "circctl: no command was given; run 'circctl help' for the commands.")
		return exitUsage
	}
	if rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "circctl: %q is not a command. Run 'circctl help' for the commands.\n", rest[0])
		return exitUsage
	}
	err := cmd.run(ctx, c, rest[1:])
	var ue usageError
	var re refusedError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &re):
		fmt.Fprintf(stderr, "circctl: %v.\n", err)
		return exitRefused
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "circctl %s: %v. Usage: circctl %s %s\n", rest[0], err, rest[0], cmd.usage)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "circctl %s: %s\n", rest[0], sentence(err))
		return 1
	}
}

// sentence is err for the terminal, in one sentence ending with a full
// stop. circctl's stderr is its only log and its errors are composed for
// the person at the terminal (and matched by scripts), so the message
// stays whole, causes and all; a refusal by outcome code says the code's
// sentence, the station's own words from the translations (codeWords).
func sentence(err error) string {
	s := strings.TrimSpace(err.Error())
	var ce *circ.CodeError
	if errors.As(err, &ce) {
		s = strings.Replace(s, ce.Error(), strings.TrimRight(codeWords(ce.Code, 0), ".!? "), 1)
	}
	if s != "" && !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}

// codeWords is the sentence for outcome code c that the station window
// shows, from the same translations (assets.English); limit is the
// patron's loan limit, which the limit_reached sentence names.
func codeWords(c circ.Code, limit int) string {
	return assets.English("code."+string(c), map[string]any{"Count": limit})
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: circctl [--data-dir DIR] [--config FILE] COMMAND [ARGS]")
	fmt.Fprintln(w, "       circctl --version")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %-60s %s\n", n, commands[n].usage, commands[n].help)
	}
}
