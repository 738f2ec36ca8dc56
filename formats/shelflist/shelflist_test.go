package shelflist

import (
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

func TestReadDefaultHeaders(t *testing.T) {
	file := "\xEF\xBB\xBFBarcode,Title,Author,Call Number,Location,Collection,Item Type,Status\r\n" +
		"3001,Frog and Toad,Lobel,E  LOB,Easy,EASY,book,Available\r\n" +
		"3002,\"Hatchet, a novel\",Paulsen,FIC PAU,Fiction,FIC,book,Checked out\r\n" +
		"\r\n" +
		",No barcode,,,,,,\r\n" +
		"3001,Again,,,,,,\r\n" +
		"3003,Odd,,,,,,Borrowed by aliens\r\n" +
		"3004,Weeded,,,,,,Withdrawn\r\n"
	list, err := Read(strings.NewReader(file), Mapping{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rows) != 3 {
		t.Fatalf("rows = %+v; want 3001, 3002, 3004", list.Rows)
	}
	want := circ.Item{Barcode: "3001", Title: "Frog and Toad", Author: "Lobel", CallNumber: "E LOB",
		Location: "Easy", Collection: "EASY", MaterialType: "book", Status: circ.Available}
	if got := list.Rows[0].Item; got != want || list.Rows[0].Line != 2 {
		t.Errorf("first row = %+v line %d; want %+v line 2", got, list.Rows[0].Line, want)
	}
	if list.Rows[1].Item.Title != "Hatchet, a novel" || list.Rows[1].Item.Status != circ.OnLoan {
		t.Errorf("second row = %+v", list.Rows[1].Item)
	}
	if list.Rows[2].Item.Status != circ.Withdrawn {
		t.Errorf("withdrawn row = %+v", list.Rows[2].Item)
	}
	wantRejects := []struct {
		line int
		has  string
	}{{5, "no barcode"}, {6, "already on line 2"}, {7, "not known"}}
	if len(list.Rejected) != len(wantRejects) {
		t.Fatalf("rejected = %+v", list.Rejected)
	}
	for i, w := range wantRejects {
		if r := list.Rejected[i]; r.Line != w.line || !strings.Contains(r.Reason, w.has) {
			t.Errorf("reject %d = %+v; want line %d saying %q", i, r, w.line, w.has)
		}
	}
}

func TestReadMappingLatin1AndSemicolons(t *testing.T) {
	m, err := ParseMapping([]byte("[columns]\nbarcode = \"Exemplar\"\ncall_number = \"Signatur\"\ntitle = \"Titel\"\n[statuses]\n\"Ausgeliehen\" = \"on_loan\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	file := "Exemplar;Titel;Signatur;Status\n4001;Caf\xe9 Stories;813 CAF;Ausgeliehen\n"
	list, err := Read(strings.NewReader(file), m)
	if err != nil {
		t.Fatal(err)
	}
	if !list.Latin1 || len(list.Rows) != 1 {
		t.Fatalf("list = %+v", list)
	}
	if it := list.Rows[0].Item; it.Title != "Café Stories" || it.CallNumber != "813 CAF" || it.Status != circ.OnLoan {
		t.Errorf("row = %+v", it)
	}
}

func TestBadFilesAndMappings(t *testing.T) {
	if _, err := Read(strings.NewReader("Title,Author\nA,B\n"), Mapping{}); err != ErrNoBarcodeColumn {
		t.Errorf("no barcode column: %v", err)
	}
	if _, err := Read(strings.NewReader(""), Mapping{}); err == nil {
		t.Error("an empty file was read")
	}
	if _, err := Read(strings.NewReader("\xFF\xFEB\x00"), Mapping{}); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("UTF-16: %v", err)
	}
	for _, bad := range []string{"[columns]\nisbn = \"ISBN\"\n", "[statuses]\nx = \"gone\"\n", "colour = 1\n", "[columns"} {
		if _, err := ParseMapping([]byte(bad)); err == nil {
			t.Errorf("mapping %q accepted", bad)
		}
	}
	m, _ := ParseMapping([]byte("[columns]\nbarcode = \"Copy\"\n"))
	if _, err := Read(strings.NewReader("Barcode\n1\n"), m); err == nil || !strings.Contains(err.Error(), `"Copy"`) {
		t.Errorf("mapped column missing: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("Barcode,Title,Call Number\n1,A,599.75 LIO\n2,\"B, c\",FIC SMI\n1,dup,\n"))
	f.Add([]byte("\xEF\xBB\xBFbarcode;status\r\n9;Lost\r\n;\r\n"))
	f.Add([]byte("barcode\tlocation\n\"unterminated\tx\n3\ty\n"))
	f.Add([]byte("Barcode\n\xe9\xe8\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := Read(strings.NewReader(string(data)), Mapping{})
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, r := range list.Rows {
			if r.Item.Barcode == "" || seen[r.Item.Barcode] {
				t.Fatalf("row %+v: empty or duplicated barcode", r)
			}
			seen[r.Item.Barcode] = true
			if r.Item.Status != "" && !r.Item.Status.Valid() {
				t.Fatalf("row %+v: invalid status", r)
			}
		}
		for _, rj := range list.Rejected {
			if rj.Reason == "" || rj.Line < 1 {
				t.Fatalf("reject %+v", rj)
			}
		}
	})
}

// TestBarcodesNoLabelHoldsAreRejected: a barcode longer than 64 characters
// or with a control character (DEL, C1 too) is rejected with its line.
func TestBarcodesNoLabelHoldsAreRejected(t *testing.T) {
	file := "Barcode,Title\n3001,Fine\n" + strings.Repeat("3", 65) + ",Too long\n30\x7f02,Del\n30\u009b03,CSI\n"
	list, err := Read(strings.NewReader(file), Mapping{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rows) != 1 || len(list.Rejected) != 3 {
		t.Fatalf("rows %+v rejected %+v; want 3001 only", list.Rows, list.Rejected)
	}
	if !strings.Contains(list.Rejected[0].Reason, "longer than 64") || list.Rejected[0].Line != 3 {
		t.Errorf("a 65-character barcode: %+v", list.Rejected[0])
	}
}
