package inventory_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/circ/report"
	"github.com/circdesk/circdesk/storage"
)

func start(t *testing.T, e *env, spec inventory.Spec) *inventory.Session {
	t.Helper()
	ctx := context.Background()
	if _, err := e.svc.Start(ctx, spec); err != nil {
		t.Fatalf("Start(%+v): %v", spec, err)
	}
	ss, err := e.svc.Open(ctx, spec.Name)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func scan(t *testing.T, ss *inventory.Session, item string) inventory.Scan {
	t.Helper()
	sc, _, err := ss.Scan(context.Background(), inventory.Read{Item: item, ReaderKind: "barcode", Reader: "test"})
	if err != nil {
		t.Fatalf("scan %s: %v", item, err)
	}
	return sc
}

func TestScopeByLocationAndShelfOrderRange(t *testing.T) {
	e := newEnv(t, shelf, "desk")
	ss := start(t, e, inventory.Spec{Name: "Animals", Location: "nonfiction", From: "591", To: "599"})
	// 591.56 … 599.756 (599 takes 599.75), not 590, not 600; lost and withdrawn are not expected.
	if p := ss.Progress(); p.Scope != 8 || p.Accounted != 1 {
		t.Fatalf("progress at the start = %+v; want a scope of 8 with the book on loan accounted for", p)
	}
	ctx := context.Background()
	for _, bad := range []inventory.Spec{
		{Name: "Animals"},
		{Name: "x", From: "  ", To: "599"},
		{Name: "y", From: "599..5"},
		{Name: "z", From: "600", To: "500"},
		{Name: ""},
	} {
		if _, err := e.svc.Start(ctx, bad); err == nil {
			t.Errorf("Start(%+v) succeeded", bad)
		}
	}
	if _, err := e.svc.Start(ctx, inventory.Spec{Name: "y", From: "599..5"}); err == nil || !strings.Contains(err.Error(), "start of the range") {
		t.Errorf("a malformed call number: %v", err)
	}
	if list, _ := e.svc.List(ctx); len(list) != 1 {
		t.Errorf("a refused start left an inventory behind: %+v", list)
	}
}

func TestScansAreClassified(t *testing.T) {
	e := newEnv(t, shelf, "desk")
	ss := start(t, e, inventory.Spec{Name: "500s", Location: "Nonfiction", From: "590", To: "599"})
	tests := []struct {
		item  string
		want  inventory.Result
		after string
	}{
		{"B590", inventory.OnShelf, ""},
		{"B591", inventory.OnShelf, ""},
		{"B597", inventory.OnShelf, ""},
		{"B595", inventory.OutOfOrder, "591.56 HOM"}, // shelved after 597: belongs after 591.56
		{"B598", inventory.OnShelf, ""},
		{"B59976", inventory.CheckedOut, ""},
		{"BFIC", inventory.WrongLocation, ""},
		{"B600", inventory.WrongLocation, ""},
		{"NOPE", inventory.NotInCatalog, ""},
		{"BLOST", inventory.LostFound, ""},
		{"BGONE", inventory.WithdrawnFound, ""},
	}
	for _, tt := range tests {
		sc := scan(t, ss, tt.item)
		if sc.Result != tt.want || sc.BelongsAfter != tt.after || sc.Repeat {
			t.Errorf("scan %s = %s (belongs after %q, repeat %v); want %s after %q", tt.item, sc.Result, sc.BelongsAfter, sc.Repeat, tt.want, tt.after)
		}
	}
	// The check-in was journaled and queued for the library server.
	if _, err := e.db.Loan(context.Background(), "B59976"); !errors.Is(err, circ.ErrNotFound) {
		t.Errorf("the book found on the shelf is still on loan: %v", err)
	}
	rows, _ := e.db.Journal(context.Background(), circ.JournalFilter{Sync: circ.Pending})
	if len(rows) != 1 || rows[0].Action != circ.Checkin || rows[0].Item != "B59976" {
		t.Errorf("pending journal = %+v; want the check-in of B59976", rows)
	}
	// A re-read returns the first result and stores nothing.
	again := scan(t, ss, "B595")
	if !again.Repeat || again.Result != inventory.OutOfOrder {
		t.Errorf("re-read = %+v", again)
	}
	p := ss.Progress()
	if p.Scanned != 11 || p.Counts[inventory.OnShelf] != 4 || p.Counts[inventory.OutOfOrder] != 1 {
		t.Errorf("progress = %+v", p)
	}
	// Resumed on a new session (a restart): the same state.
	ss2, err := e.svc.Open(context.Background(), "500S")
	if err != nil {
		t.Fatal(err)
	}
	if p2 := ss2.Progress(); p2.Scanned != p.Scanned || p2.Accounted != p.Accounted || p2.Scope != p.Scope {
		t.Errorf("resumed progress = %+v; want %+v", p2, p)
	}
	if sc := scan(t, ss2, "B598"); !sc.Repeat {
		t.Errorf("a re-read after a restart was stored again: %+v", sc)
	}
}

func TestOneSpotOffSettlesOnTheRun(t *testing.T) {
	e := newEnv(t, shelf, "desk")
	ss := start(t, e, inventory.Spec{Name: "run", Location: "Nonfiction"})
	// 599 MAM shelved between 591.56 and 595.7: the books after it are fine.
	for _, it := range []string{"B590", "B591", "B599", "B595"} {
		scan(t, ss, it)
	}
	var changed []inventory.Changed
	var err error
	for _, it := range []string{"B597", "B598"} {
		_, changed, err = ss.Scan(context.Background(), inventory.Read{Item: it})
		if err != nil {
			t.Fatal(err)
		}
	}
	rep, err := e.svc.Report(context.Background(), "run")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.OutOfOrder) != 1 || rep.OutOfOrder[0].Item != "B599" || rep.OutOfOrder[0].BelongsAfter != "598 BIR" {
		t.Errorf("out of order = %+v (last change %+v); want only 599 MAM, belonging after 598 BIR", rep.OutOfOrder, changed)
	}
}

func TestReportFinalizeAndNoMoreScans(t *testing.T) {
	e := newEnv(t, shelf, "desk")
	ctx := context.Background()
	ss := start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction", From: "590", To: "599"})
	for _, it := range []string{"B590", "B591", "BFIC", "NOPE", "BLOST"} {
		scan(t, ss, it)
	}
	rep, err := e.svc.Report(ctx, "animals")
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, l := range rep.Missing {
		missing = append(missing, l.CallNumber)
	}
	if got := strings.Join(missing, " | "); got != "595.7 BUG | 597 FIS | 597.3 SHA | 598 BIR | 599 MAM | 599.75 LIO" {
		t.Errorf("missing, in shelf order = %s", got)
	}
	if len(rep.CheckedOut) != 1 || rep.CheckedOut[0].Item != "B59976" || rep.CheckedOut[0].CheckedIn {
		t.Errorf("checked out = %+v", rep.CheckedOut)
	}
	if len(rep.WrongPlace) != 1 || len(rep.NotInCatalog) != 1 || len(rep.LostOrWithdrawnFound) != 1 {
		t.Errorf("report = %+v", rep)
	}
	if rep.Scope != 9 || rep.Scanned != 5 || rep.Progress < 0.33 || rep.Progress > 0.34 {
		t.Errorf("scope %d scanned %d progress %.3f; want 9, 5, 3/9", rep.Scope, rep.Scanned, rep.Progress)
	}
	if row := documentRow(rep.Document(), "Missing (not scanned)", "B59975"); len(row) != 4 || row[1] != "599.75 LIO" || row[2] != "Lions" {
		t.Errorf("the report's missing list shows B59975 as %q; want its call number and title", row)
	}

	if n, err := e.svc.ToMark(ctx, "Animals"); err != nil || n != 6 {
		t.Errorf("ToMark = %d, %v", n, err)
	}
	fin, err := e.svc.Finalize(ctx, "Animals", e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(fin.File); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the missing-barcodes file: %v, mode %v; want 0600, readable by its owner only", err, fi.Mode().Perm())
	}
	data, err := os.ReadFile(fin.File)
	if err != nil || fin.Missing != 6 || strings.Count(string(data), "\n") != 6 || !strings.Contains(string(data), "B59975\n") {
		t.Errorf("finalize = %+v, file %q, %v", fin, data, err)
	}
	if it, _ := e.db.Item(ctx, "B59975"); it.Status != circ.Missing {
		t.Errorf("a missing item is %s", it.Status)
	}
	rows, _ := e.db.Journal(ctx, circ.JournalFilter{})
	marked := 0
	for _, r := range rows {
		if r.Action == circ.MarkMissing {
			marked++
			if r.Sync != circ.LocalOnly || r.Code != circ.CodeMarkedMissing {
				t.Errorf("journal row %+v; want it kept on the station", r)
			}
		}
	}
	if marked != 6 {
		t.Errorf("%d items journaled missing; want 6", marked)
	}
	if _, _, err := ss.Scan(ctx, inventory.Read{Item: "B595"}); err == nil {
		t.Error("a scan into the finalized inventory (old session) was taken")
	}
	ss2, _ := e.svc.Open(ctx, "Animals")
	if _, _, err := ss2.Scan(ctx, inventory.Read{Item: "B595"}); !errors.Is(err, inventory.ErrFinalized) {
		t.Errorf("scan into a finalized inventory: %v", err)
	}
	if _, err := e.svc.Finalize(ctx, "Animals", e.dir); !errors.Is(err, inventory.ErrFinalized) {
		t.Errorf("a second finalize: %v", err)
	}
}

func TestSkipSeenSince(t *testing.T) {
	e := newEnv(t, shelf, "desk")
	ctx := context.Background()
	ss := start(t, e, inventory.Spec{Name: "first", Location: "Nonfiction"})
	scan(t, ss, "B590")
	scan(t, ss, "B591")
	ss2 := start(t, e, inventory.Spec{Name: "second", Location: "Nonfiction", SkipSeenSince: monday})
	if a, b := ss.Progress().Scope, ss2.Progress().Scope; b != a-2 {
		t.Errorf("scope %d then %d; want the 2 seen items skipped", a, b)
	}
	// A skipped item scanned anyway is on its shelf, not in the wrong place.
	if sc := scan(t, ss2, "B590"); sc.Result != inventory.OnShelf || sc.InScope {
		t.Errorf("skipped item scanned = %+v", sc)
	}
	if list, _ := e.svc.List(ctx); len(list) != 2 {
		t.Errorf("two inventories open at once: %+v", list)
	}
}

func TestExportAndMergeOnAnotherStation(t *testing.T) {
	ctx := context.Background()
	a, b := newEnv(t, shelf, "desk-a"), newEnv(t, shelf, "desk-b")
	ssA := start(t, a, inventory.Spec{Name: "Animals", Location: "Nonfiction", From: "590", To: "599"})
	scan(t, ssA, "B590")
	var file bytes.Buffer
	if _, err := a.svc.Export(ctx, "Animals", &file); err != nil {
		t.Fatal(err)
	}
	// Station B gets the inventory from A's file and scans into it.
	res, err := b.svc.Merge(ctx, bytes.NewReader(file.Bytes()))
	if err != nil || !res.Created || res.Added != 1 {
		t.Fatalf("merge on B = %+v, %v", res, err)
	}
	ssB, err := b.svc.Open(ctx, "Animals")
	if err != nil {
		t.Fatal(err)
	}
	scan(t, ssB, "B591")
	scan(t, ssB, "B590") // already scanned at A: a repeat
	var back bytes.Buffer
	if _, err := b.svc.Export(ctx, "Animals", &back); err != nil {
		t.Fatal(err)
	}
	res, err = a.svc.Merge(ctx, bytes.NewReader(back.Bytes()))
	if err != nil || res.Created || res.Added != 1 || res.Already != 1 {
		t.Fatalf("merge on A = %+v, %v", res, err)
	}
	if res, err = a.svc.Merge(ctx, bytes.NewReader(back.Bytes())); err != nil || res.Added != 0 {
		t.Errorf("merging twice = %+v, %v; want nothing added", res, err)
	}
	rep, _ := a.svc.Report(ctx, "Animals")
	if rep.Scanned != 2 {
		t.Errorf("A's report after the merge: %d scanned", rep.Scanned)
	}

	// A file from another inventory of the same name, and a damaged one.
	c := newEnv(t, shelf, "desk-c")
	start(t, c, inventory.Spec{Name: "Animals"})
	if _, err := c.svc.Merge(ctx, bytes.NewReader(back.Bytes())); !errors.As(err, new(*inventory.ForeignError)) {
		t.Errorf("merge of another inventory's file: %v", err)
	}
	damaged := bytes.Replace(back.Bytes(), []byte("B591"), []byte("B592"), 1)
	if _, err := a.svc.Merge(ctx, bytes.NewReader(damaged)); !errors.Is(err, inventory.ErrDamaged) {
		t.Errorf("merge of a damaged file: %v", err)
	}
	if _, err := a.svc.Merge(ctx, strings.NewReader(`{"format":`)); !errors.Is(err, inventory.ErrDamaged) {
		t.Errorf("merge of a cut file: %v", err)
	}
}

func TestCheckedOutBookSomeoneHoldsGoesToTheHoldShelf(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, shelf, "desk", circ.Hold{Item: "B59976", Patron: "1002", Placed: monday.AddDate(0, 0, -1)})
	ss := start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction"})
	sc := scan(t, ss, "B59976")
	if sc.Result != inventory.CheckedOut || !sc.HoldShelf || sc.HoldFor != "Sam" {
		t.Errorf("scan of a book out and held = %+v; want checked out, to the hold shelf for Sam", sc)
	}
	if again := scan(t, ss, "B59976"); !again.Repeat || !again.HoldShelf || again.HoldFor != "Sam" {
		t.Errorf("a re-read = %+v", again)
	}
	if it, _ := e.db.Item(ctx, "B59976"); it.Status != circ.OnHold {
		t.Errorf("the book is %s; want on hold", it.Status)
	}
	if sc := scan(t, ss, "B590"); sc.HoldShelf || sc.HoldFor != "" {
		t.Errorf("a book on the shelf = %+v", sc)
	}
	rep, err := e.svc.Report(ctx, "Animals")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.CheckedOut) != 1 || rep.CheckedOut[0].Item != "B59976" || !rep.CheckedOut[0].CheckedIn || !rep.CheckedOut[0].HoldShelf {
		t.Errorf("checked out = %+v; want B59976, checked in and on the hold shelf", rep.CheckedOut)
	}
	if row := documentRow(rep.Document(), "Checked out", "B59976"); len(row) != 5 || row[4] != "yes: found on the shelf, put on the hold shelf" {
		t.Errorf("the report's checked-out list shows B59976 as %q; want it put on the hold shelf", row)
	}
}

// documentRow is the row of item in the report section under heading.
func documentRow(d report.Document, heading, item string) []string {
	for _, s := range d.Sections {
		if s.Heading != heading {
			continue
		}
		for _, r := range s.Rows {
			if len(r) > 0 && r[0] == item {
				return r
			}
		}
	}
	return nil
}

func TestNoCheckinIntoAnInventoryFinalizedMeanwhile(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, shelf, "desk")
	ss := start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction"})
	scan(t, ss, "B590")
	// Another session (circctl, the librarian's screen) finalizes it.
	if _, err := e.svc.Finalize(ctx, "Animals", e.dir); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ss.Scan(ctx, inventory.Read{Item: "B59976"}); !errors.Is(err, inventory.ErrFinalized) {
		t.Errorf("a scan of a book on loan into the finalized inventory: %v", err)
	}
	if _, err := e.db.Loan(ctx, "B59976"); err != nil {
		t.Errorf("the book was checked in for a scan that was refused: %v", err)
	}
	rows, _ := e.db.Journal(ctx, circ.JournalFilter{Sync: circ.Pending})
	if len(rows) != 0 {
		t.Errorf("pending journal = %+v; want nothing", rows)
	}
}

// meddling is a store on which another station acts at a chosen moment.
type meddling struct {
	*storage.DB
	beforeFinalize func()
	addScans       error
	// afterWrite fails finalize after its file was written: the commit
	// does not happen.
	afterWrite error
}

func (m *meddling) Finalize(ctx context.Context, id int64, station string, at time.Time, write func([]string) (string, error)) ([]string, error) {
	if m.beforeFinalize != nil {
		m.beforeFinalize()
	}
	return m.DB.Finalize(ctx, id, station, at, func(missing []string) (string, error) {
		file, err := write(missing)
		if err == nil {
			err = m.afterWrite
		}
		return file, err
	})
}

func (m *meddling) AddScans(ctx context.Context, id int64, add, change []inventory.Scan) ([]bool, error) {
	if m.addScans != nil {
		return nil, m.addScans
	}
	return m.DB.AddScans(ctx, id, add, change)
}

func TestFinalizeLeavesABookCheckedOutMeanwhile(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, shelf, "desk")
	m := &meddling{DB: e.db}
	e.svc.Store = m
	start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction", From: "590", To: "599"})
	// Between the librarian's confirmation and the marks, a student checks
	// out 599.75 LIO at the kiosk.
	m.beforeFinalize = func() {
		maya, err := e.db.Patron(ctx, "1001")
		if err != nil {
			t.Fatal(err)
		}
		if o, err := e.desk.Checkout(ctx, maya, "B59975"); err != nil || !o.OK {
			t.Fatalf("checkout: %+v, %v", o, err)
		}
	}
	fin, err := e.svc.Finalize(ctx, "Animals", e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if it, _ := e.db.Item(ctx, "B59975"); it.Status != circ.OnLoan {
		t.Errorf("the book checked out during finalize is %s; want on loan", it.Status)
	}
	data, _ := os.ReadFile(fin.File)
	if fin.Missing != 7 || strings.Contains(string(data), "B59975") || strings.Count(string(data), "\n") != 7 {
		t.Errorf("finalize = %+v, file %q; want the 7 others", fin, data)
	}
	if !strings.HasPrefix(string(data), "B590\nB591\nB595\n") {
		t.Errorf("the file is not in shelf order: %q", data)
	}
	if sums, _ := e.svc.List(ctx); len(sums) != 1 || sums[0].MissingFile != fin.File || sums[0].Status != inventory.Finalized {
		t.Errorf("the finalized inventory = %+v", sums)
	}
}

func TestFinalizeWithoutItsFileMarksNothing(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, shelf, "desk")
	start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction"})
	if _, err := e.svc.Finalize(ctx, "Animals", e.dir+"/no/such/folder"); err == nil {
		t.Fatal("finalize into a folder that does not exist succeeded")
	}
	if it, _ := e.db.Item(ctx, "B590"); it.Status != circ.Available {
		t.Errorf("an unscanned book is %s after a failed finalize", it.Status)
	}
	if sums, _ := e.svc.List(ctx); len(sums) != 1 || sums[0].Status != inventory.Open {
		t.Errorf("after a failed finalize: %+v", sums)
	}
}

func TestCheckinWhoseScanIsLostSaysSo(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, shelf, "desk")
	ss := start(t, e, inventory.Spec{Name: "Animals", Location: "Nonfiction"})
	e.svc.Store = &meddling{DB: e.db, addScans: errors.New("disk full")}
	_, _, err := ss.Scan(ctx, inventory.Read{Item: "B59976"})
	if err == nil || !strings.Contains(err.Error(), "B59976 was checked in") || !strings.Contains(err.Error(), "not stored: disk full") {
		t.Errorf("a check-in whose scan was not stored: %v", err)
	}
}

// scanFile writes a scan file by hand, its checksum right.
func scanFile(t *testing.T, uid, name string, scans string) []byte {
	t.Helper()
	sum := sha256.Sum256([]byte(scans))
	return []byte(`{"format":"circdesk-inventory-scans","version":1,"inventory":{"uid":"` + uid + `","name":"` + name +
		`","location":"Nonfiction","station":"desk-a","created":"2026-11-30T09:00:00Z"},"station":"desk-a","exported":"2026-11-30T12:00:00Z","scans":` +
		scans + `,"sha256":"` + hex.EncodeToString(sum[:]) + `"}`)
}

func TestFailedMergeLeavesNoInventoryBehind(t *testing.T) {
	ctx := context.Background()
	b := newEnv(t, shelf, "desk-b")
	// The second scan has no time: the store refuses it.
	bad := scanFile(t, "0123456789abcdef01234567", "Animals",
		`[{"item":"B590","station":"desk-a","at":"2026-11-30T10:00:00Z","result":"on_shelf"},`+
			`{"item":"B591","station":"desk-a","at":"0001-01-01T00:00:00Z","result":"on_shelf"}]`)
	if _, err := b.svc.Merge(ctx, bytes.NewReader(bad)); err == nil {
		t.Fatal("a scan without a time was merged")
	}
	if list, _ := b.svc.List(ctx); len(list) != 0 {
		t.Errorf("the failed merge left %+v", list)
	}
	good := scanFile(t, "0123456789abcdef01234567", "Animals",
		`[{"item":"B590","station":"desk-a","at":"2026-11-30T10:00:00Z","result":"on_shelf"},`+
			`{"item":"B590","station":"desk-a","at":"2026-11-30T10:00:01Z","result":"on_shelf"},`+
			`{"item":"B600","station":"desk-a","at":"2026-11-30T10:00:02Z","result":"wrong_location"}]`)
	res, err := b.svc.Merge(ctx, bytes.NewReader(good))
	if err != nil || !res.Created || res.Added != 2 || res.Already != 1 {
		t.Fatalf("merge after the failed one = %+v, %v", res, err)
	}
	rep, err := b.svc.Report(ctx, "Animals")
	if err != nil || rep.Scanned != 2 || len(rep.WrongPlace) != 1 || rep.WrongPlace[0].Item != "B600" {
		t.Errorf("report after the merge = %+v, %v", rep, err)
	}
}
