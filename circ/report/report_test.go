package report

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
)

func missingCopies(n int) Document {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("3123400%04d", i), "Zoë Muñoz", "Hatchet, a novel", "2026-12-18"}
	}
	return Document{
		Title:    "Missing copies: Hatchet",
		Subtitle: "Ms. Rivera, 5th grade homeroom",
		Made:     time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		Sections: []Section{{Columns: []string{"Copy", "Student", "Title", "Due"}, Rows: rows}},
	}
}

func TestCSVOneTable(t *testing.T) {
	var b bytes.Buffer
	if err := missingCopies(3).WriteCSV(&b); err != nil {
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
	d := Document{Title: "Inventory", Sections: []Section{
		{Heading: "Missing", Columns: cols, Rows: [][]string{{"1", "=HYPERLINK(\"x\")"}}},
		{Heading: "Checked out", Columns: cols, Rows: [][]string{{"2", "-5"}}},
	}}
	var b bytes.Buffer
	if err := d.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, _ := csv.NewReader(&b).ReadAll()
	want := [][]string{{"Section", "Barcode", "Title"}, {"Missing", "1", "'=HYPERLINK(\"x\")"}, {"Checked out", "2", "-5"}}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Fatalf("csv %q, want %q (one table, the formula defused, the number kept)", recs, want)
	}

	d.Sections[1].Columns = []string{"Barcode", "Patron", "Due"}
	b.Reset()
	if err := d.WriteCSV(&b); err != nil {
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
	if err := missingCopies(120).WritePDF(&b); err != nil {
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
	d := Document{Title: "Missing copies", Sections: []Section{{Heading: "Still out", Columns: []string{"Copy"}, Empty: "Every copy is back."}}}
	var b bytes.Buffer
	if err := d.WritePDF(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Every copy is back.") {
		t.Error("an empty section does not say so")
	}
}

func TestSaveIn(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	path, err := missingCopies(2).SaveIn(dir, "missing copies 5/A: Hatchet", PDF, at)
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
	if err := missingCopies(1).Save(filepath.Join(dir, "no such folder", "x.csv"), CSV); err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Errorf("saving into a missing folder: %v", err)
	}
}
