package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/report"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/formats/render"
)

// setUsage is the one-line summary of the set subcommands.
const setUsage = "create NAME (--title T | --items ITEM...) | list | show NAME | checkout NAME --teacher ID [--class CLASS [--assign roster]] [ITEM...] | return NAME ITEM... | missing NAME [--csv FILE] [--pdf FILE]"

type copyJSON struct {
	Item     string `json:"item"`
	Title    string `json:"title"`
	Patron   string `json:"patron"` // who has it now; "" when on the shelf or back
	Name     string `json:"name"`
	Due      string `json:"due"`
	Returned bool   `json:"returned"`
	State    string `json:"state"`
}

type setJSON struct {
	Name   string     `json:"name"`
	Copies []copyJSON `json:"copies"`
}

type setSummaryJSON struct {
	Name    string `json:"name"`
	Copies  int    `json:"copies"`
	Out     int    `json:"out"`
	Overdue int    `json:"overdue"`
}

type lentJSON struct {
	Item    string `json:"item"`
	Patron  string `json:"patron"`
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Due     string `json:"due"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

type setCheckoutJSON struct {
	Set         string        `json:"set"`
	Teacher     string        `json:"teacher"`
	Class       string        `json:"class"`
	Due         string        `json:"due"`
	Lent        []lentJSON    `json:"lent"`
	WithoutCopy []studentJSON `json:"without_copy"`
	// CannotBorrow: in roster order, the students passed over, and why.
	CannotBorrow []passedJSON `json:"cannot_borrow"`
}

type passedJSON struct {
	Name    string `json:"name"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func runSet(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"give a set command"}
	}
	sub, rest := args[0], args[1:]
	fs, asJSON := newFlags("set " + sub)
	s := &setCmd{cli: c, fs: fs, asJSON: asJSON}
	switch sub {
	case "create":
		return s.create(ctx, rest)
	case "list":
		return s.list(ctx, rest)
	case "show":
		return s.show(ctx, rest)
	case "checkout":
		return s.checkout(ctx, rest)
	case "return":
		return s.giveBack(ctx, rest)
	case "missing":
		return s.missing(ctx, rest)
	}
	return usageError{fmt.Sprintf("%q is not a set command", sub)}
}

// setCmd is one set subcommand being run.
type setCmd struct {
	*cli
	fs     *flag.FlagSet
	asJSON *bool
	env    *setup.Env
	sets   *circ.Sets
}

func (s *setCmd) open(ctx context.Context) error {
	env, err := s.cli.open(ctx)
	if err != nil {
		return err
	}
	s.use(env)
	return nil
}

// use runs the command's sets over env.
func (s *setCmd) use(env *setup.Env) {
	s.env, s.sets = env, &circ.Sets{Desk: env.Desk, Store: env.DB, Roster: env.DB}
}

func (s *setCmd) create(ctx context.Context, args []string) error {
	title := s.fs.String("title", "", "every copy of this title not in a set yet")
	byItems := s.fs.Bool("items", false, "the copies are the barcodes given")
	pos, err := parse(s.fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usageError{"give the set a name"}
	case (*title == "") == !*byItems:
		return usageError{"give either --title TITLE or --items ITEM..."}
	case *byItems && len(pos) < 2:
		return usageError{"give the barcodes of the copies after --items"}
	case *title != "" && len(pos) > 1:
		return usageError{"with --title, give only the set's name"}
	}
	if err := s.open(ctx); err != nil {
		return err
	}
	defer s.env.Close()
	name := pos[0]
	if *title != "" {
		if _, err := s.sets.CreateFromTitle(ctx, name, *title); err != nil {
			return setError(name, err)
		}
	} else {
		items := make([]string, len(pos)-1)
		for i, p := range pos[1:] {
			items[i] = s.env.Station.Rules.Clean(p)
		}
		if err := s.sets.Create(ctx, name, items); err != nil {
			return setError(name, err)
		}
	}
	return s.printSet(ctx, name)
}

func (s *setCmd) list(ctx context.Context, args []string) error {
	if err := noArgs(s.fs, args); err != nil {
		return err
	}
	if err := s.open(ctx); err != nil {
		return err
	}
	defer s.env.Close()
	sums, err := s.env.DB.BookSets(ctx, s.env.Desk.Clock.Now())
	if err != nil {
		return err
	}
	out := make([]setSummaryJSON, len(sums))
	for i, m := range sums {
		out[i] = setSummaryJSON{Name: m.Name, Copies: m.Copies, Out: m.Out, Overdue: m.Overdue}
	}
	if *s.asJSON {
		return printJSON(s.stdout, out)
	}
	tw := tabwriter.NewWriter(s.stdout, 0, 4, 2, ' ', 0)
	for _, m := range out {
		fmt.Fprintf(tw, "%s\t%d copies\t%d out\t%d overdue\n", m.Name, m.Copies, m.Out, m.Overdue)
	}
	return tw.Flush()
}

// oneSet parses the arguments of a command on one set and opens the data
// directory; the caller closes s.env.
func (s *setCmd) oneSet(ctx context.Context, args []string) (string, error) {
	pos, env, err := s.cli.openWith(ctx, s.fs, args, 1, 1, "give the name of one set")
	if err != nil {
		return "", err
	}
	s.use(env)
	return pos[0], nil
}

func (s *setCmd) show(ctx context.Context, args []string) error {
	name, err := s.oneSet(ctx, args)
	if err != nil {
		return err
	}
	defer s.env.Close()
	return s.printSet(ctx, name)
}

func (s *setCmd) printSet(ctx context.Context, name string) error {
	set, err := s.env.DB.BookSet(ctx, name)
	if err != nil {
		return setError(name, err)
	}
	now := s.env.Desk.Clock.Now()
	out := setJSON{Name: set.Name, Copies: make([]copyJSON, len(set.Copies))}
	for i, cp := range set.Copies {
		st := cp.State(now)
		j := copyJSON{Item: cp.Item, Title: cp.Title, State: string(st), Returned: st == circ.CopyReturned}
		if cp.Loan != nil {
			j.Patron, j.Name, j.Due = cp.Loan.Patron, cp.HolderName, cp.Loan.Due.Format(time.DateOnly)
		}
		out.Copies[i] = j
	}
	if *s.asJSON {
		return printJSON(s.stdout, out)
	}
	fmt.Fprintf(s.stdout, "%s: %d copies\n", set.Name, len(set.Copies))
	tw := tabwriter.NewWriter(s.stdout, 0, 4, 2, ' ', 0)
	for _, j := range out.Copies {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", j.Item, j.Title, j.State, j.Name, j.Due)
	}
	return tw.Flush()
}

func (s *setCmd) checkout(ctx context.Context, args []string) error {
	teacherID := s.fs.String("teacher", "", "the teacher the set is for")
	classID := s.fs.String("class", "", "hand one copy to each student of this class")
	assign := s.fs.String("assign", "", "roster: hand the copies out in roster order")
	pos, err := parse(s.fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usageError{"give the set's name"}
	case *teacherID == "":
		return usageError{"give the teacher with --teacher ID"}
	case *assign != "" && *assign != "roster":
		return usageError{fmt.Sprintf("--assign can only be roster, not %q", *assign)}
	case *assign != "" && *classID == "":
		return usageError{"--assign roster needs --class"}
	case *classID != "" && *assign == "" && len(pos) < 3:
		return usageError{"for a class, give --assign roster, or scans: STUDENT ITEM STUDENT ITEM..."}
	}
	if err := s.open(ctx); err != nil {
		return err
	}
	defer s.env.Close()
	name, rules := pos[0], s.env.Station.Rules
	if _, err := s.env.DB.BookSet(ctx, name); err != nil {
		return setError(name, err)
	}
	tkey := rules.Clean(*teacherID)
	teacher, _, _, err := s.env.Desk.Identify(ctx, tkey, rules.Account(tkey))
	if err != nil {
		return patronError(*teacherID, err)
	}
	due := s.sets.Due(teacher)
	out := setCheckoutJSON{Set: name, Teacher: teacher.ID, Class: *classID, Due: due.Format(time.DateOnly), Lent: []lentJSON{}, WithoutCopy: []studentJSON{}, CannotBorrow: []passedJSON{}}
	items := make([]string, 0, len(pos)-1)
	for _, p := range pos[1:] {
		items = append(items, rules.Clean(p))
	}
	roster := *assign == "roster"
	if len(items) == 0 && (*classID == "" || roster) {
		if items, err = s.availableCopies(ctx, name); err != nil {
			return err
		}
		if *classID != "" {
			sort.Strings(items)
		}
	}
	if *classID != "" {
		return s.finishCheckout(out, s.handOut(ctx, &out, name, teacher, *classID, items, roster, due))
	}
	return s.finishCheckout(out, s.lendToTeacher(ctx, &out, name, teacher, items, due))
}

// availableCopies lists the set's copies on the shelf, by item.
func (s *setCmd) availableCopies(ctx context.Context, name string) ([]string, error) {
	set, err := s.env.DB.BookSet(ctx, name)
	if err != nil {
		return nil, err
	}
	var items []string
	for _, cp := range set.Copies {
		if cp.Loan == nil && cp.Status == circ.Available {
			items = append(items, cp.Item)
		}
	}
	return items, nil
}

// handOut is the station's own handout of set name to a class, fed the
// codes as scans: in roster order (no cards), or a student's card then
// their copy. What it lent goes into out.
func (s *setCmd) handOut(ctx context.Context, out *setCheckoutJSON, name string, teacher circ.Patron, classID string, items []string, roster bool, due time.Time) error {
	st := circ.NewStation(s.env.Desk, s.env.Station, nil)
	h, err := circ.NewHandout(ctx, s.sets, st, name, teacher, classID, nil)
	if err != nil {
		return classError(classID, err)
	}
	if roster {
		if err := h.InRosterOrder(ctx); err != nil {
			return classError(classID, err)
		}
	}
	h.Record(func(r circ.HandoutScan) {
		if r.Item == "" && r.StudentID == "" {
			return
		}
		j := lentJSON{Item: r.Item, Patron: r.StudentID, Name: r.Student, OK: r.OK && !r.Duplicate, Code: string(r.Code), Message: codeWords(r.Code, s.env.Desk.Policy.Limit(circ.Patron{Type: circ.Student}))}
		if j.OK && r.Code != circ.CodeHasCopy {
			j.Due = due.Format(time.DateOnly)
		}
		if r.Item != "" || !j.OK {
			out.Lent = append(out.Lent, j)
		}
	})
	for _, code := range items {
		h.Scan(ctx, devices.Scan{Kind: devices.Barcode, Value: code, At: time.Now()})
	}
	for _, p := range h.State().CannotBorrow {
		out.CannotBorrow = append(out.CannotBorrow, passedJSON{Name: p.Student, Code: string(p.Code), Message: codeWords(p.Code, s.env.Desk.Policy.Limit(circ.Patron{Type: circ.Student}))})
	}
	_, status, err := s.sets.ClassStatus(ctx, name, classID)
	if err != nil {
		return err
	}
	for _, cc := range status {
		if cc.State != circ.CopyOut && cc.State != circ.CopyOverdue {
			out.WithoutCopy = append(out.WithoutCopy, studentJSON{ID: cc.Student.ID, FirstName: cc.Student.FirstName, LastName: cc.Student.LastName})
		}
	}
	return nil
}

// lendToTeacher lends each of items of set name to the teacher; what it
// lent goes into out.
func (s *setCmd) lendToTeacher(ctx context.Context, out *setCheckoutJSON, name string, teacher circ.Patron, items []string, due time.Time) error {
	for _, it := range items {
		o, err := s.sets.Lend(ctx, name, teacher, "", it, due)
		if err != nil {
			return fmt.Errorf("copy %s was not recorded: %w", it, err)
		}
		j := lentJSON{Item: o.Item, Patron: teacher.ID, Name: teacher.FirstName + " " + teacher.LastName, OK: o.OK, Code: string(o.Code), Message: codeWords(o.Code, s.env.Desk.Policy.Limit(teacher))}
		if !o.Due.IsZero() {
			j.Due = o.Due.Format(time.DateOnly)
		}
		out.Lent = append(out.Lent, j)
	}
	return nil
}

// finishCheckout prints what was lent, even when err stopped the rest.
func (s *setCmd) finishCheckout(out setCheckoutJSON, err error) error {
	refused := 0
	for _, l := range out.Lent {
		if !l.OK {
			refused++
		}
	}
	if *s.asJSON {
		if perr := printJSON(s.stdout, out); perr != nil && err == nil {
			err = perr
		}
	} else {
		tw := tabwriter.NewWriter(s.stdout, 0, 4, 2, ' ', 0)
		for _, l := range out.Lent {
			mark := "ok"
			if !l.OK {
				mark = "REFUSED"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l.Item, l.Name, mark, l.Due, l.Message)
		}
		tw.Flush()
		for _, p := range out.WithoutCopy {
			fmt.Fprintf(s.stdout, "no copy yet: %s %s (%s)\n", p.FirstName, p.LastName, p.ID)
		}
	}
	if err == nil && refused > 0 {
		err = refusedError{refused}
	}
	return err
}

func (s *setCmd) giveBack(ctx context.Context, args []string) error {
	pos, err := parse(s.fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usageError{"give the set's name and the copies coming back"}
	}
	if err := s.open(ctx); err != nil {
		return err
	}
	defer s.env.Close()
	if _, err := s.env.DB.BookSet(ctx, pos[0]); err != nil {
		return setError(pos[0], err)
	}
	out := make([]outcomeJSON, 0, len(pos)-1)
	refused := 0
	for _, raw := range pos[1:] {
		item := s.env.Station.Rules.Clean(raw)
		o, err := s.sets.Return(ctx, pos[0], item)
		if err != nil {
			s.printOutcomes(out, *s.asJSON)
			return fmt.Errorf("return of %s was not recorded: %w", item, err)
		}
		if !o.OK {
			refused++
		}
		out = append(out, outcomeJSON{Item: item, OK: o.OK, Code: string(o.Code), Message: codeWords(o.Code, 0)})
	}
	if err := s.printOutcomes(out, *s.asJSON); err != nil {
		return err
	}
	if refused > 0 {
		return refusedError{refused}
	}
	return nil
}

func (s *setCmd) missing(ctx context.Context, args []string) error {
	csvFile := s.fs.String("csv", "", "write the list as CSV to FILE")
	pdfFile := s.fs.String("pdf", "", "write the list as PDF to FILE")
	name, err := s.oneSet(ctx, args)
	if err != nil {
		return err
	}
	defer s.env.Close()
	set, missing, err := s.sets.Missing(ctx, name)
	if err != nil {
		return setError(name, err)
	}
	now := s.env.Desk.Clock.Now()
	doc := report.MissingCopies(set, missing, now)
	for _, f := range []struct{ path, format string }{{*csvFile, render.CSV}, {*pdfFile, render.PDF}} {
		if f.path == "" {
			continue
		}
		if err := render.Save(doc, f.path, f.format); err != nil {
			return err
		}
	}
	out := make([]copyJSON, len(missing))
	for i, cp := range missing {
		out[i] = copyJSON{Item: cp.Item, Title: cp.Title, Patron: cp.Loan.Patron, Name: cp.HolderName,
			Due: cp.Loan.Due.Format(time.DateOnly), State: string(cp.State(now))}
	}
	if *s.asJSON {
		return printJSON(s.stdout, out)
	}
	if *csvFile == "" && *pdfFile == "" {
		return printTable(s.stdout, doc.Sections[0])
	}
	return nil
}

// printTable prints a report section as aligned text.
func printTable(w io.Writer, sec report.Section) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range sec.Rows {
		for i, cell := range r {
			if i > 0 {
				fmt.Fprint(tw, "\t")
			}
			fmt.Fprint(tw, cell)
		}
		fmt.Fprintln(tw)
	}
	if len(sec.Rows) == 0 && sec.Empty != "" {
		fmt.Fprintln(tw, sec.Empty)
	}
	return tw.Flush()
}

// setError turns an unknown set into a sentence with what to do.
func setError(name string, err error) error {
	switch {
	case errors.Is(err, circ.ErrNoSet):
		return fmt.Errorf("there is no book set named %q; 'circctl set list' shows them", name)
	case errors.Is(err, circ.ErrSetExists):
		return fmt.Errorf("there is already a book set named %q", name)
	}
	return err
}

// classError turns an unknown class into a sentence with what to do.
func classError(id string, err error) error {
	if errors.Is(err, circ.ErrNotFound) {
		return fmt.Errorf("there is no class %q; 'circctl class list' shows the classes", id)
	}
	return err
}
