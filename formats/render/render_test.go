package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ/inventory"
	"github.com/circdesk/circdesk/circ/report"
)

func missingCopies(n int) report.Document {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("3123400%04d", i), "Zoë Muñoz", "Hatchet, a novel", "2026-12-18"}
	}
	return report.Document{
		Title:    "Missing copies: Hatchet",
		Subtitle: "Ms. Rivera, 5th grade homeroom",
		Made:     time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		Sections: []report.Section{{Columns: []string{"Copy", "Student", "Title", "Due"}, Rows: rows}},
	}
}

func TestCSVOneTable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, missingCopies(3)); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[0][0] != "Copy" || recs[1][1] != "Zoë Muñoz" || recs[2][2] != "Hatchet, a novel" {
		t.Fatalf("csv %q, want a header and three rows with the names intact", recs)
	}
}

func TestCSVSections(t *testing.T) {
	cols := []string{"Barcode", "Title"}
	d := report.Document{Title: "Inventory", Sections: []report.Section{
		{Heading: "Missing", Columns: cols, Rows: [][]string{{"1", "=HYPERLINK(\"x\")"}}},
		{Heading: "Checked out", Columns: cols, Rows: [][]string{{"2", "-5"}}},
	}}
	var b bytes.Buffer
	if err := WriteCSV(&b, d); err != nil {
		t.Fatal(err)
	}
	recs, _ := csv.NewReader(&b).ReadAll()
	want := [][]string{{"Section", "Barcode", "Title"}, {"Missing", "1", "'=HYPERLINK(\"x\")"}, {"Checked out", "2", "-5"}}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Fatalf("csv %q, want %q (one table, the formula defused, the number kept)", recs, want)
	}

	d.Sections[1].Columns = []string{"Barcode", "Patron", "Due"}
	b.Reset()
	if err := WriteCSV(&b, d); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&b)
	r.FieldsPerRecord = -1
	recs, _ = r.ReadAll()
	if len(recs) != 6 || recs[0][0] != "Missing" || recs[3][0] != "Checked out" || recs[4][2] != "Due" {
		t.Fatalf("csv %q, want two blocks under their headings (the blank row between them is skipped by readers)", recs)
	}
}

func TestPDF(t *testing.T) {
	compress = false
	t.Cleanup(func() { compress = true })
	var b bytes.Buffer
	if err := WritePDF(&b, missingCopies(120)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "%PDF-") {
		t.Fatalf("not a PDF: %.20q", out)
	}
	pages := regexp.MustCompile(`/Type /Page\b`).FindAllString(out, -1)
	if len(pages) < 3 {
		t.Errorf("%d pages for 120 rows, want at least 3", len(pages))
	}
	for _, want := range []string{"Missing copies: Hatchet", "Ms. Rivera", "31234000119", "Zo\xebMu\xf1oz"} {
		if !strings.Contains(strings.ReplaceAll(out, " ", ""), strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	// The header repeats on every page.
	if n := strings.Count(out, "(Copy)"); n < len(pages) {
		t.Errorf("column header printed %d times on %d pages", n, len(pages))
	}
}

func TestPDFEmptySection(t *testing.T) {
	compress = false
	t.Cleanup(func() { compress = true })
	d := report.Document{Title: "Missing copies", Sections: []report.Section{{Heading: "Still out", Columns: []string{"Copy"}, Empty: "Every copy is back."}}}
	var b bytes.Buffer
	if err := WritePDF(&b, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Every copy is back.") {
		t.Error("an empty section does not say so")
	}
}

func TestSaveIn(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	path, err := SaveIn(missingCopies(2), dir, "missing copies 5/A: Hatchet", PDF, at)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "missing copies 5-A- Hatchet 2026-12-01 093000.pdf"); path != want {
		t.Errorf("saved as %s, want %s", path, want)
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Errorf("the saved file is not the PDF: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the report (no temporary one)", len(entries))
	}
	if err := Save(missingCopies(1), filepath.Join(dir, "no such folder", "x.csv"), CSV); err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Errorf("saving into a missing folder: %v", err)
	}
}

// An inventory's report, the document with the most sections, prints whole.
func TestInventoryReport(t *testing.T) {
	rep := inventory.Report{Name: "Animals", Status: inventory.Open, Made: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), Scope: 9, Scanned: 5, Progress: 3.0 / 9,
		Missing:    []inventory.Line{{Item: "B59975", Title: "Lions", CallNumber: "599.75 LIO", Location: "Nonfiction"}},
		CheckedOut: []inventory.Line{{Item: "B59976", Title: "Tigers", CallNumber: "599.756 TIG", Location: "Nonfiction", CheckedIn: true, HoldShelf: true}},
	}
	var csvOut bytes.Buffer
	if err := WriteCSV(&csvOut, rep.Document()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Missing (not scanned)\r\nBarcode,Call number,Title,Location\r\nB59975,599.75 LIO,Lions,Nonfiction\r\n",
		"B59976,599.756 TIG,Tigers,Nonfiction,\"yes: found on the shelf, put on the hold shelf\"\r\n"} {
		if !strings.Contains(csvOut.String(), want) {
			t.Errorf("the CSV lacks %q:\n%s", want, csvOut.String())
		}
	}
	compress = false
	t.Cleanup(func() { compress = true })
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, rep.Document()); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatalf("PDF: %v", err)
	}
	for _, want := range []string{"Inventory: Animals", "599.75 LIO", "Every book was in shelf order."} {
		if !strings.Contains(pdf.String(), want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	if strings.Contains(pdf.String(), "Nothing is missing.") {
		t.Error("the PDF says nothing is missing above a missing book")
	}
}
