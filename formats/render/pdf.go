package render

import (
	"fmt"
	"io"

	"codeberg.org/go-pdf/fpdf"

	"github.com/circdesk/circdesk/circ/report"
)

// Page layout, in millimetres on A4 portrait (US Letter prints it whole).
const (
	margin    = 15.0
	rowHeight = 6.0
	cellPad   = 2.0
)

// compress is off in tests, so they can read the PDF's text.
var compress = true

// WritePDF writes d as a printable PDF: the title, the subtitle and the
// date, then each section as a table whose header repeats on every page,
// and page numbers at the foot. Text outside Windows-1252 (the Latin
// alphabets) is printed as "?": the PDF uses the standard Helvetica font.
func WritePDF(w io.Writer, d report.Document) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetTitle(d.Title, true)
	pdf.SetCreator("CircDesk", true)
	pdf.SetCompression(compress)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AliasNbPages("{pages}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin + 3)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s · %d/{pages}", d.Title, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(0, 8, tr(d.Title), "", "L", false)
	pdf.SetFont("Helvetica", "", 10)
	if d.Subtitle != "" {
		pdf.MultiCell(0, 5, tr(d.Subtitle), "", "L", false)
	}
	if !d.Made.IsZero() {
		pdf.MultiCell(0, 5, tr(d.Made.Format("Monday 2 January 2006, 15:04")), "", "L", false)
	}
	width, _ := pdf.GetPageSize()
	width -= 2 * margin
	for _, s := range d.Sections {
		pdf.Ln(4)
		if s.Heading != "" {
			pdf.SetFont("Helvetica", "B", 12)
			pdf.MultiCell(0, 7, tr(fmt.Sprintf("%s (%d)", s.Heading, len(s.Rows))), "", "L", false)
		}
		if len(s.Rows) == 0 {
			pdf.SetFont("Helvetica", "I", 10)
			pdf.MultiCell(0, rowHeight, tr(s.Empty), "", "L", false)
			continue
		}
		table(pdf, tr, s, widths(pdf, tr, s, width))
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("make the PDF: %w", err)
	}
	return pdf.Output(w)
}

// table prints a section's rows, repeating its header after a page break.
func table(pdf *fpdf.Fpdf, tr func(string) string, s report.Section, ws []float64) {
	header := func() {
		pdf.SetFont("Helvetica", "B", 9)
		pdf.SetFillColor(230, 230, 230)
		for i, c := range s.Columns {
			pdf.CellFormat(ws[i], rowHeight, tr(fit(pdf, tr, c, ws[i])), "B", 0, "L", true, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont("Helvetica", "", 9)
	}
	header()
	_, pageHeight := pdf.GetPageSize()
	for _, r := range s.Rows {
		if pdf.GetY()+rowHeight > pageHeight-margin {
			pdf.AddPage()
			header()
		}
		for i := range s.Columns {
			cell := ""
			if i < len(r) {
				cell = r[i]
			}
			pdf.CellFormat(ws[i], rowHeight, tr(fit(pdf, tr, cell, ws[i])), "", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
}

// widths shares the page width among the columns in proportion to their
// widest cell, with each column at least a little room.
func widths(pdf *fpdf.Fpdf, tr func(string) string, s report.Section, total float64) []float64 {
	pdf.SetFont("Helvetica", "B", 9) // the header row is bold
	want := make([]float64, len(s.Columns))
	for i, c := range s.Columns {
		want[i] = pdf.GetStringWidth(tr(c)) + 2*cellPad
	}
	pdf.SetFont("Helvetica", "", 9)
	for _, r := range s.Rows {
		for i := range want {
			if i < len(r) {
				want[i] = max(want[i], pdf.GetStringWidth(tr(r[i]))+2*cellPad)
			}
		}
	}
	sum := 0.0
	for _, w := range want {
		sum += w
	}
	if sum <= total {
		// Room to spare is shared out, so the columns breathe.
		for i := range want {
			want[i] += (total - sum) / float64(len(want))
		}
		return want
	}
	least := total / float64(len(want)) / 2
	out := make([]float64, len(want))
	for i, w := range want {
		out[i] = max(least, w*total/sum)
	}
	// The floors may overshoot: shrink the wide columns to fit.
	over := -total
	for _, w := range out {
		over += w
	}
	for i := range out {
		if over <= 0 {
			break
		}
		if cut := out[i] - least; cut > 0 {
			c := min(cut, over)
			out[i] -= c
			over -= c
		}
	}
	return out
}

// fit shortens text with an ellipsis until it fits width (untranslated in, untranslated out).
func fit(pdf *fpdf.Fpdf, tr func(string) string, text string, width float64) string {
	if pdf.GetStringWidth(tr(text))+2*cellPad <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if pdf.GetStringWidth(tr(string(r)+"…"))+2*cellPad <= width {
			break
		}
	}
	return string(r) + "…"
}
