package shelflist

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding/charmap"

	"github.com/circdesk/circdesk/circ"
)

// MaxFileBytes is the largest shelf list read (about 300,000 items).
const MaxFileBytes = 64 << 20

// Fields are the item fields a column can fill, in their usual order.
var Fields = []string{"barcode", "title", "author", "call_number", "location", "collection", "material_type", "status"}

// Mapping names, per item field, the header of the column that holds it.
// An empty name uses the default header names (see defaultHeaders).
type Mapping struct {
	Columns map[string]string `toml:"columns"`
	// Statuses maps the server's status words to CircDesk's
	// (available, on_loan, on_hold, lost, missing, withdrawn).
	Statuses map[string]string `toml:"statuses"`
}

// defaultHeaders are the header names recognised without a mapping, per
// field, compared without case, spaces, dots or underscores.
var defaultHeaders = map[string][]string{
	"barcode":       {"barcode", "itembarcode", "copybarcode", "itemid"},
	"title":         {"title"},
	"author":        {"author"},
	"call_number":   {"callnumber", "callno", "itemcallnumber", "cn"},
	"location":      {"location", "shelvinglocation", "sublocation", "shelf"},
	"collection":    {"collection", "ccode", "collectioncode"},
	"material_type": {"materialtype", "itemtype", "type", "circulationtype", "format"},
	"status":        {"status", "itemstatus"},
}

// defaultStatuses are the status words recognised without a mapping.
var defaultStatuses = map[string]circ.ItemStatus{
	"available": circ.Available, "in": circ.Available, "checkedin": circ.Available, "onshelf": circ.Available,
	"onloan": circ.OnLoan, "checkedout": circ.OnLoan, "out": circ.OnLoan,
	"onhold": circ.OnHold, "onholdshelf": circ.OnHold,
	"lost": circ.Lost, "missing": circ.Missing,
	"withdrawn": circ.Withdrawn, "discarded": circ.Withdrawn, "weeded": circ.Withdrawn,
}

// ParseMapping reads a mapping file (TOML):
//
//	[columns]
//	barcode = "Item Barcode"
//	call_number = "Call No."
//	[statuses]
//	"Checked Out" = "on_loan"
func ParseMapping(data []byte) (Mapping, error) {
	var m Mapping
	md, err := toml.Decode(string(data), &m)
	if err != nil {
		return Mapping{}, fmt.Errorf("the column mapping is not valid TOML: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return Mapping{}, fmt.Errorf("the column mapping has %q, which is not a setting (use [columns] and [statuses])", und[0].String())
	}
	for f := range m.Columns {
		if !isField(f) {
			return Mapping{}, fmt.Errorf("the column mapping names %q, which is not an item field (%s)", f, strings.Join(Fields, ", "))
		}
	}
	for word, s := range m.Statuses {
		if !circ.ItemStatus(s).Valid() {
			return Mapping{}, fmt.Errorf("the column mapping makes %q the status %q, which is not one", word, s)
		}
	}
	return m, nil
}

func isField(f string) bool {
	for _, g := range Fields {
		if f == g {
			return true
		}
	}
	return false
}

// ErrNoBarcodeColumn means the header has no column for barcodes.
var ErrNoBarcodeColumn = errors.New("the shelf list has no barcode column; name it in a column mapping (--map)")

// Read reads a shelf list. A file that cannot be a shelf list at all (no
// header, no barcode column, too large) is an error; a bad row is rejected
// with its line and the rest are read.
func Read(r io.Reader, m Mapping) (circ.ShelfList, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return circ.ShelfList{}, fmt.Errorf("read the shelf list: %w", err)
	}
	if len(data) > MaxFileBytes {
		return circ.ShelfList{}, fmt.Errorf("the shelf list is larger than %d MB", MaxFileBytes>>20)
	}
	return parse(data, m)
}

func parse(data []byte, m Mapping) (circ.ShelfList, error) {
	var list circ.ShelfList
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return circ.ShelfList{}, errors.New("the shelf list is UTF-16 text; save it as CSV (UTF-8 or Windows-1252)")
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return circ.ShelfList{}, fmt.Errorf("decode the shelf list as Windows-1252: %w", err)
		}
		data, list.Latin1 = dec, true
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = delimiter(data)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return circ.ShelfList{}, errors.New("the shelf list is empty")
	}
	if err != nil {
		return circ.ShelfList{}, fmt.Errorf("the shelf list's header cannot be read: %w", err)
	}
	cols, err := columns(header, m)
	if err != nil {
		return circ.ShelfList{}, err
	}
	list.Has = make(map[string]bool, len(cols))
	for f := range cols {
		list.Has[f] = true
	}
	statuses := statusWords(m)
	first := map[string]int{} // barcode → the line it was first on
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				list.Rejected = append(list.Rejected, circ.ShelfReject{Line: pe.StartLine, Reason: "The row cannot be read as CSV."})
				continue
			}
			return circ.ShelfList{}, fmt.Errorf("read the shelf list: %w", err)
		}
		if blank(rec) {
			continue
		}
		get := func(f string) string {
			i, ok := cols[f]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		it := circ.Item{
			Barcode: get("barcode"), Title: get("title"), Author: get("author"),
			CallNumber: strings.Join(strings.Fields(get("call_number")), " "),
			Location:   get("location"), Collection: get("collection"), MaterialType: get("material_type"),
		}
		switch {
		case it.Barcode == "":
			list.Rejected = append(list.Rejected, circ.ShelfReject{Line: line, Reason: "The row has no barcode."})
			continue
		case strings.ContainsRune(it.Barcode, ' ') || strings.Contains(circ.CodeProblem(it.Barcode), "control"):
			list.Rejected = append(list.Rejected, circ.ShelfReject{Line: line, Reason: fmt.Sprintf("The barcode %q has spaces or control characters in it.", it.Barcode)})
			continue
		case circ.CodeProblem(it.Barcode) != "":
			list.Rejected = append(list.Rejected, circ.ShelfReject{Line: line, Reason: fmt.Sprintf("The barcode %s %s.", it.Barcode, circ.CodeProblem(it.Barcode))})
			continue
		}
		if at, dup := first[it.Barcode]; dup {
			list.Rejected = append(list.Rejected, circ.ShelfReject{Line: line, Reason: fmt.Sprintf("The barcode %s is already on line %d.", it.Barcode, at)})
			continue
		}
		if word := get("status"); word != "" {
			s, ok := statuses[key(word)]
			if !ok {
				list.Rejected = append(list.Rejected, circ.ShelfReject{Line: line, Reason: fmt.Sprintf("The status %q is not known; map it in the column mapping's [statuses].", word)})
				continue
			}
			it.Status = s
		}
		first[it.Barcode] = line
		list.Rows = append(list.Rows, circ.ShelfRow{Line: line, Item: it})
	}
	return list, nil
}

// delimiter guesses the field separator from the header line.
func delimiter(data []byte) rune {
	head := data
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	best, n := ',', bytes.Count(head, []byte{','})
	for _, d := range []rune{'\t', ';', '|'} {
		if c := bytes.Count(head, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// columns finds each field's column in the header.
func columns(header []string, m Mapping) (map[string]int, error) {
	byKey := map[string]int{}
	for i, h := range header {
		k := key(h)
		if _, seen := byKey[k]; !seen {
			byKey[k] = i
		}
	}
	cols := map[string]int{}
	for _, f := range Fields {
		if name, ok := m.Columns[f]; ok && name != "" {
			i, found := byKey[key(name)]
			if !found {
				return nil, fmt.Errorf("the shelf list has no column %q (the mapping's %s)", name, f)
			}
			cols[f] = i
			continue
		}
		for _, h := range defaultHeaders[f] {
			if i, found := byKey[h]; found {
				cols[f] = i
				break
			}
		}
	}
	if _, ok := cols["barcode"]; !ok {
		return nil, ErrNoBarcodeColumn
	}
	return cols, nil
}

func statusWords(m Mapping) map[string]circ.ItemStatus {
	out := make(map[string]circ.ItemStatus, len(defaultStatuses)+len(m.Statuses))
	for w, s := range defaultStatuses {
		out[w] = s
	}
	for w, s := range m.Statuses {
		out[key(w)] = circ.ItemStatus(s)
	}
	return out
}

// key is a header or status word compared loosely: lower case, without
// spaces, dots, dashes or underscores.
func key(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '_', '-', '\t':
			return -1
		}
		return toLower(r)
	}, strings.TrimSpace(s))
}

func toLower(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
