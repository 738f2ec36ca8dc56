package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// WriteFile writes data to path whole or not at all, durably; see
// WriteAtomic.
func WriteFile(path string, data []byte) error {
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic writes a file so that path holds its old content or the
// complete new one, never a part, even across a crash or a power cut: write
// fills a temporary file in path's folder, which is flushed to the disk,
// renamed over path, and the folder flushed too, so the rename itself
// lasts. The file is readable and writable by its owner only (0600, as
// os.CreateTemp makes it): exports, reports and settings name patrons or
// hold passwords. When write fails, its error is returned as it is and
// path is left untouched; no temporary file is left behind either way.
func WriteAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return cannotWrite(path, err)
	}
	name := tmp.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				tmp.Close()
			}
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return cannotWrite(path, err)
	}
	if err := tmp.Sync(); err != nil {
		return cannotWrite(path, err)
	}
	closed = true
	if err := tmp.Close(); err != nil {
		return cannotWrite(path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return cannotWrite(path, err)
	}
	if err := syncDir(dir); err != nil {
		return cannotWrite(path, err)
	}
	return nil
}

// syncDir flushes a folder's entries, so a rename in it survives a power
// cut. Windows cannot open a folder for that (NTFS journals the rename),
// and some file systems cannot flush a folder at all: nothing more can be
// done there.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}

// cannotWrite says why path cannot be written in one sentence: the
// temporary file's name means nothing to the reader, so the path error's
// own path is left out.
func cannotWrite(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot write %s: %w", path, err)
}
