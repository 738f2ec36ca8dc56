package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The file formats of a report.
const (
	CSV = "csv"
	PDF = "pdf"
)

// Save writes d to path as CSV or PDF, whole or not at all: into a
// temporary file beside it, renamed over path once complete.
func (d Document) Save(path, format string) error {
	var b bytes.Buffer
	write := d.WriteCSV
	if format == PDF {
		write = d.WritePDF
	}
	if err := write(&b); err != nil {
		return err
	}
	return WriteFile(path, b.Bytes())
}

// WriteFile writes data to path whole or not at all.
func WriteFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// SaveIn writes d into folder dir (made if needed) under a name that says
// what it is and when ("missing copies Hatchet 2026-12-01 0930.pdf"), and
// returns the path.
func (d Document) SaveIn(dir, what, format string, at time.Time) (string, error) {
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
	return path, d.Save(path, format)
}
