package render

import (
	"encoding/csv"
	"io"
	"slices"

	"github.com/circdesk/circdesk/circ/report"
)

// WriteCSV writes d for a spreadsheet. Sections that share their columns
// become one table whose first column names the section; otherwise each
// section is its own block, after its heading, with a blank row between.
// Cells that a spreadsheet would run as a formula are quoted with a
// leading apostrophe.
func WriteCSV(w io.Writer, d report.Document) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what spreadsheets on every desktop read
	if sameColumns(d) {
		cols := d.Sections[0].Columns
		head := cols
		if len(d.Sections) > 1 {
			head = append([]string{"Section"}, cols...)
		}
		if err := cw.Write(head); err != nil {
			return err
		}
		for _, s := range d.Sections {
			for _, r := range s.Rows {
				row := r
				if len(d.Sections) > 1 {
					row = append([]string{s.Heading}, r...)
				}
				if err := cw.Write(safe(row)); err != nil {
					return err
				}
			}
		}
	} else {
		for i, s := range d.Sections {
			if i > 0 {
				if err := cw.Write([]string{""}); err != nil {
					return err
				}
			}
			if s.Heading != "" {
				if err := cw.Write(safe([]string{s.Heading})); err != nil {
					return err
				}
			}
			if err := cw.Write(s.Columns); err != nil {
				return err
			}
			for _, r := range s.Rows {
				if err := cw.Write(safe(r)); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func sameColumns(d report.Document) bool {
	if len(d.Sections) == 0 {
		return false
	}
	for _, s := range d.Sections[1:] {
		if !slices.Equal(s.Columns, d.Sections[0].Columns) {
			return false
		}
	}
	return true
}

// safe keeps a spreadsheet from running a cell as a formula (a title
// beginning with "=" or "+"): such cells get a leading apostrophe.
func safe(row []string) []string {
	out := row
	for i, c := range row {
		if c != "" && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@') && !numeric(c) {
			if &out[0] == &row[0] {
				out = slices.Clone(row)
			}
			out[i] = "'" + c
		}
	}
	return out
}

// numeric reports whether c is a plain signed number, which is safe.
func numeric(c string) bool {
	digits := 0
	for i, r := range c {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case (r == '-' || r == '+') && i == 0:
		case r == '.':
		default:
			return false
		}
	}
	return digits > 0
}
