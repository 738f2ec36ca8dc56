package render

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// files lists the names in dir, temporary ones too.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileReplacesTheOldFileWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pending.koc")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("2026-12-01 09:30:00 000\treturn\t31234000100010\n"), 2000)
	if err := WriteFile(path, data); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("the file holds %d bytes (%v), want the %d written", len(got), err, len(data))
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600: an export names patrons", fi.Mode().Perm(), err)
	}
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %q, want only the file", names)
	}
}

// A writer that fails midway, after more than a buffer's worth, leaves the
// old file as it was and no temporary file.
func TestWriteAtomicFailingMidwayLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "inventory.csv")
	if err := os.WriteFile(path, []byte("the old report\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	broke := errors.New("the report could not be made")
	err := WriteAtomic(path, func(w io.Writer) error {
		if _, err := w.Write(bytes.Repeat([]byte("half a report\n"), 10000)); err != nil {
			return err
		}
		return broke
	})
	if !errors.Is(err, broke) {
		t.Fatalf("WriteAtomic = %v, want the writer's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "the old report\n" {
		t.Errorf("the file holds %d bytes after a failed write, want the old report", len(got))
	}
	if names := files(t, dir); len(names) != 1 || names[0] != "inventory.csv" {
		t.Errorf("the folder holds %q, want only the old file", names)
	}

	// With no old file, nothing at all is left.
	fresh := filepath.Join(dir, "new.pdf")
	if err := WriteAtomic(fresh, func(w io.Writer) error { io.WriteString(w, "%PDF-1.3"); return broke }); !errors.Is(err, broke) {
		t.Fatalf("WriteAtomic = %v", err)
	}
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %q after a failed first write, want only the old file", names)
	}
}

func TestWriteFileSaysWhyInOneSentence(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "no such folder", "x.koc")
	err := WriteFile(path, []byte("x"))
	if err == nil || !strings.HasPrefix(err.Error(), "cannot write "+path+": ") || strings.Contains(err.Error(), ".x.koc-") {
		t.Errorf("writing into a missing folder: %v; want 'cannot write PATH: why', without the temporary name", err)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the error %v does not say the folder is missing", err)
	}

	// The rename fails when path is a folder that is not empty: no
	// temporary file is left beside it.
	folder := filepath.Join(dir, "reports")
	if err := os.MkdirAll(filepath.Join(folder, "old"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(folder, []byte("x")); err == nil || !strings.HasPrefix(err.Error(), "cannot write "+folder+": ") {
		t.Errorf("writing over a folder: %v", err)
	}
	if names := files(t, dir); len(names) != 1 || names[0] != "reports" {
		t.Errorf("the folder holds %q, want only the reports folder", names)
	}
}
