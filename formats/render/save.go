package render

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ/report"
)

// The file formats of a report.
const (
	CSV = "csv"
	PDF = "pdf"
)

// Save writes d to path as CSV or PDF, whole or not at all (WriteAtomic).
func Save(d report.Document, path, format string) error {
	write := WriteCSV
	if format == PDF {
		write = WritePDF
	}
	return WriteAtomic(path, func(w io.Writer) error { return write(w, d) })
}

// SaveIn writes d into folder dir (made if needed) under a name that says
// what it is and when ("missing copies Hatchet 2026-12-01 093000.pdf"), and
// returns the path.
func SaveIn(d report.Document, dir, what, format string, at time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("the report folder %s cannot be made: %w", dir, err)
	}
	clean := strings.Map(func(r rune) rune {
		if r < ' ' || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, what)
	path := filepath.Join(dir, clean+" "+at.Format("2006-01-02 150405")+"."+format)
	return path, Save(d, path, format)
}
