package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/storage"
)

const shelfCSV = "\xEF\xBB\xBFItem Barcode,Title,Call No.,Shelf,Status\r\n" +
	"B590,Animals,590 ANI,Nonfiction,Available\r\n" +
	"B591,Animal Homes,591.56 HOM,Nonfiction,Available\r\n" +
	"B595,Bugs,595.7 BUG,Nonfiction,Available\r\n" +
	"B597,Fish,597 FIS,Nonfiction,Available\r\n" +
	"B599,Mammals,599 MAM,Nonfiction,Available\r\n" +
	"B59975,Lions,599.75 LIO,Nonfiction,Available\r\n" +
	"B600,Inventions,600 INV,Nonfiction,Available\r\n" +
	"BFIC,H\xe4tchet,FIC PAU,Fiction,Available\r\n" +
	"B595,Bugs again,595.7 BUG,Nonfiction,Available\r\n" +
	"BLOST,Whales,599.5 WHA,Nonfiction,Lost\r\n"

const shelfMap = "[columns]\nbarcode = \"Item Barcode\"\ncall_number = \"Call No.\"\nlocation = \"Shelf\"\n"

// shelved returns a data directory whose cache holds the shelf list above.
func shelved(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	file, mapping := filepath.Join(dir, "shelf.csv"), filepath.Join(dir, "map.toml")
	os.WriteFile(file, []byte(shelfCSV), 0o644)
	os.WriteFile(mapping, []byte(shelfMap), 0o644)
	code, out, stderr := circctl(t, dir, "shelflist", "import", file, "--map", mapping, "--json")
	if code != 0 {
		t.Fatalf("shelflist import: exit %d: %s", code, stderr)
	}
	res := decode[shelfListJSON](t, out)
	if res.Added != 9 || res.Updated != 0 || len(res.Rejected) != 1 || res.Rejected[0].Line != 10 ||
		!strings.Contains(res.Rejected[0].Reason, "already on line 4") {
		t.Fatalf("shelflist import = %+v", res)
	}
	code, out, _ = circctl(t, dir, "shelflist", "import", file, "--map", mapping, "--json")
	if res := decode[shelfListJSON](t, out); code != 0 || res.Added != 0 || res.Unchanged != 9 {
		t.Fatalf("a second import = %+v", res)
	}
	return dir
}

func TestShelfListImportIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "shelf.csv")
	os.WriteFile(file, []byte("Title\nNo barcodes here\n"), 0o644)
	code, out, stderr := circctl(t, dir, "shelflist", "import", file, "--json")
	if code == 0 || out != "" || !strings.Contains(stderr, "no barcode column") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("a file without barcodes: exit %d, %q, %q", code, out, stderr)
	}
	_, out, _ = circctl(t, dir, "status", "--json")
	if !strings.Contains(out, `"items": 0`) {
		t.Errorf("status after the refused import: %s", out)
	}
}

func TestInventoryCommands(t *testing.T) {
	dir := shelved(t)
	code, out, stderr := circctl(t, dir, "inventory", "start", "Animals", "--location", "Nonfiction", "--from", "591", "--to", "599", "--json")
	if code != 0 {
		t.Fatalf("start: exit %d: %s", code, stderr)
	}
	if inv := decode[inventoryJSON](t, out); inv.Scope != 5 || inv.Status != "open" || inv.Progress != 0 {
		t.Errorf("start = %+v; want 5 items from 591.56 to 599.75", inv)
	}
	code, out, stderr = circctl(t, dir, "inventory", "scan", "Animals", "B591", "B597", "B595", "BFIC", "NOPE", "BLOST", "B591", "--json")
	if code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	got := decode[[]map[string]string](t, out)
	want := []map[string]string{
		{"item": "B591", "result": "on_shelf", "belongs_after": ""},
		{"item": "B597", "result": "on_shelf", "belongs_after": ""},
		{"item": "B595", "result": "out_of_order", "belongs_after": "591.56 HOM"},
		{"item": "BFIC", "result": "wrong_location", "belongs_after": ""},
		{"item": "NOPE", "result": "not_in_catalog", "belongs_after": ""},
		{"item": "BLOST", "result": "lost_found", "belongs_after": ""},
		{"item": "B591", "result": "on_shelf", "belongs_after": ""},
	}
	if len(got) != len(want) {
		t.Fatalf("scan = %s", out)
	}
	for i := range want {
		for k, v := range want[i] {
			if got[i][k] != v || len(got[i]) != 3 {
				t.Errorf("scan %d = %v; want %v", i, got[i], want[i])
			}
		}
	}
	code, out, _ = circctl(t, dir, "inventory", "report", "Animals", "--json")
	rep := decode[map[string]any](t, out)
	if code != 0 || rep["scope"] != 5.0 || rep["scanned"] != 6.0 || rep["progress"] != 0.6 {
		t.Errorf("report = %s", out)
	}
	for _, k := range []string{"missing", "wrong_place", "checked_out", "not_in_catalog", "lost_or_withdrawn_found", "out_of_order"} {
		if _, ok := rep[k].([]any); !ok {
			t.Errorf("report has no list %q: %s", k, out)
		}
	}
	if m := rep["missing"].([]any); len(m) != 2 || m[0].(map[string]any)["call_number"] != "599 MAM" {
		t.Errorf("missing = %v; want 599 MAM, 599.75 LIO", m)
	}
	csvPath, pdfPath := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.pdf")
	if code, _, stderr := circctl(t, dir, "inventory", "report", "Animals", "--csv", csvPath, "--pdf", pdfPath); code != 0 {
		t.Fatalf("report files: %s", stderr)
	}
	if b, _ := os.ReadFile(csvPath); !strings.Contains(string(b), "599.75 LIO") {
		t.Errorf("CSV report: %s", b)
	}
	if b, _ := os.ReadFile(pdfPath); !strings.HasPrefix(string(b), "%PDF") {
		t.Error("PDF report is not a PDF")
	}

	// Another station: export, merge, scan there, merge back.
	scans := filepath.Join(dir, "animals.scans")
	if code, _, stderr := circctl(t, dir, "inventory", "export", "Animals", scans); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	other := shelved(t)
	code, out, stderr = circctl(t, other, "inventory", "merge", scans, "--json")
	if code != 0 || decode[map[string]any](t, out)["added"] != 6.0 {
		t.Fatalf("merge on another station: exit %d %s %s", code, out, stderr)
	}
	code, out, _ = circctl(t, other, "inventory", "merge", scans, "--json")
	if code != 0 || decode[map[string]any](t, out)["added"] != 0.0 {
		t.Errorf("merging twice: %s", out)
	}
	os.WriteFile(scans, []byte("{\"format\": \"circdesk-inventory-scans\", \"scans\": [1,"), 0o644)
	if code, _, stderr := circctl(t, other, "inventory", "merge", scans); code == 0 || !strings.Contains(stderr, "damaged") {
		t.Errorf("a damaged file: exit %d %s", code, stderr)
	}

	code, out, stderr = circctl(t, dir, "inventory", "finalize", "Animals", "--json")
	if code != 0 {
		t.Fatalf("finalize: %s", stderr)
	}
	fin := decode[map[string]any](t, out)
	if fin["marked_missing"] != 2.0 {
		t.Errorf("finalize = %s", out)
	}
	if b, err := os.ReadFile(fin["file"].(string)); err != nil || string(b) != "B599\nB59975\n" {
		t.Errorf("missing file %q, %v", b, err)
	}
	_, out, _ = circctl(t, dir, "items", "--status", "missing", "--json")
	if strings.Count(out, `"barcode"`) != 2 {
		t.Errorf("missing items: %s", out)
	}
	code, out, _ = circctl(t, dir, "inventory", "list", "--json")
	if list := decode[[]inventoryJSON](t, out); code != 0 || len(list) != 1 || list[0].Status != "finalized" {
		t.Errorf("list = %s", out)
	}
}

func TestInventoryBadInput(t *testing.T) {
	dir := shelved(t)
	if code, _, stderr := circctl(t, dir, "inventory", "start", "Done", "--json"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := circctl(t, dir, "inventory", "finalize", "Done"); code != 0 {
		t.Fatal(stderr)
	}
	tests := []struct {
		args []string
		says string
	}{
		{[]string{"inventory", "start", "A", "--from", "", "--to", "599"}, "empty"},
		{[]string{"inventory", "start", "B", "--from", "599..1"}, "not a call number"},
		{[]string{"inventory", "start", "C", "--from", "600", "--to", "500"}, "after its end"},
		{[]string{"inventory", "start", "D", "--skip-seen-since", "yesterday"}, "not a date"},
		{[]string{"inventory", "scan", "Nobody", "B590"}, "no inventory is named"},
		{[]string{"inventory", "report", "Nobody", "--json"}, "no inventory is named"},
		{[]string{"inventory", "scan", "Done", "B590"}, "finalized"},
		{[]string{"inventory", "finalize", "Done"}, "finalized"},
		{[]string{"inventory", "start", "Done"}, "already"},
	}
	for _, tt := range tests {
		code, out, stderr := circctl(t, dir, tt.args...)
		if code == 0 || !strings.Contains(stderr, tt.says) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want one sentence saying %q", tt.args, code, out, stderr, tt.says)
		}
	}
	_, out, _ := circctl(t, dir, "inventory", "list", "--json")
	if list := decode[[]inventoryJSON](t, out); len(list) != 1 {
		t.Errorf("bad input left inventories behind: %s", out)
	}
}

// stocked returns a data directory seeded with d.
func stocked(t *testing.T, d circ.Dataset) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestInventoryScanSendsAHeldBookToTheHoldShelf(t *testing.T) {
	now := time.Now()
	dir := stocked(t, circ.Dataset{
		Patrons: []circ.Patron{{ID: "1001", FirstName: "Maya", Type: circ.Student}, {ID: "1002", FirstName: "Sam", Type: circ.Student}},
		Items: []circ.Item{
			{Barcode: "B590", Title: "Animals", CallNumber: "590 ANI", Location: "Nonfiction", Status: circ.Available, Parts: 1},
			{Barcode: "B595", Title: "Bugs", CallNumber: "595.7 BUG", Location: "Nonfiction", Status: circ.OnLoan, Parts: 1},
			{Barcode: "B597", Title: "Fish", CallNumber: "597 FIS", Location: "Nonfiction", Status: circ.OnLoan, Parts: 1},
		},
		Loans: []circ.Loan{
			{Item: "B595", Patron: "1001", Out: now.AddDate(0, 0, -3), Due: now.AddDate(0, 0, 11)},
			{Item: "B597", Patron: "1001", Out: now.AddDate(0, 0, -3), Due: now.AddDate(0, 0, 11)},
		},
		Holds: []circ.Hold{{Item: "B595", Patron: "1002", Placed: now.AddDate(0, 0, -1)}},
	})
	if code, _, stderr := circctl(t, dir, "inventory", "start", "Animals", "--json"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := circctl(t, dir, "inventory", "scan", "Animals", "B590", "B595", "B597", "--json")
	if code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	got := decode[[]map[string]any](t, out)
	if len(got) != 3 || len(got[0]) != 3 || len(got[2]) != 3 || got[2]["result"] != "checked_out" {
		t.Errorf("scan = %s; want only the three keys for the books nobody holds", out)
	}
	if len(got) > 1 && (got[1]["result"] != "checked_out" || got[1]["hold_shelf"] != true || got[1]["hold_for"] != "Sam") {
		t.Errorf("the book Sam holds = %v; want checked out, to the hold shelf for Sam", got[1])
	}
	_, out, _ = circctl(t, dir, "inventory", "report", "Animals", "--json")
	var held, plain bool
	for _, l := range decode[reportJSON](t, out).CheckedOut {
		held = held || l.Item == "B595" && l.CheckedIn && l.HoldShelf
		plain = plain || l.Item == "B597" && l.CheckedIn && !l.HoldShelf
	}
	if !held || !plain {
		t.Errorf("report checked_out: %s", out)
	}
}

// A later scan moves the out-of-order judgement from one book to another:
// the printed results are the stored ones.
func TestInventoryScanPrintsEachItemsFinalResult(t *testing.T) {
	shelf := []struct{ barcode, call string }{
		{"S292", "292 HAM"}, {"S304", "304.6 MAR"}, {"S363", "363.7 BER"},
		{"S323", "323.1 EVA"}, {"S333", "333.9 WAT"}, {"S385", "385 RAI"},
	}
	d := circ.Dataset{Patrons: []circ.Patron{{ID: "1001", FirstName: "Maya", Type: circ.Student}}}
	var scan []string
	for _, b := range shelf {
		d.Items = append(d.Items, circ.Item{Barcode: b.barcode, Title: b.call, CallNumber: b.call, Location: "Nonfiction", Status: circ.Available, Parts: 1})
		scan = append(scan, b.barcode)
	}
	dir := stocked(t, d)
	if code, _, stderr := circctl(t, dir, "inventory", "start", "300s", "--json"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := circctl(t, dir, append([]string{"inventory", "scan", "300s", "--json"}, scan...)...)
	if code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	got := decode[[]inventoryScanJSON](t, out)
	_, rout, _ := circctl(t, dir, "inventory", "report", "300s", "--json")
	rep := decode[reportJSON](t, rout)
	if len(rep.OutOfOrder) != 1 || rep.OutOfOrder[0].CallNumber != "363.7 BER" {
		t.Fatalf("report out of order = %+v; want 363.7 BER", rep.OutOfOrder)
	}
	for _, g := range got {
		want := "on_shelf"
		if g.Item == "S363" {
			want = "out_of_order"
		}
		if g.Result != want || want == "out_of_order" && g.BelongsAfter != rep.OutOfOrder[0].BelongsAfter {
			t.Errorf("scan printed %s %s (belongs after %q); the report has it %s", g.Item, g.Result, g.BelongsAfter, want)
		}
	}
	if len(got) != len(scan) {
		t.Errorf("scan printed %d items: %s", len(got), out)
	}
}
