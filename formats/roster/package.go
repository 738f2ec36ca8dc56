package roster

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

// entry is one file of a OneRoster set.
type entry struct {
	name string // the base name as spelled in the set: "users.csv"
	size int64  // declared unpacked size, or -1
	open func() (io.ReadCloser, error)
}

// set is a OneRoster set: its files in the root folder, by lower-case name.
type set struct {
	what  string // "The zip file roster.zip" or "The folder export": starts a sentence
	zip   bool
	files map[string]entry
	warns []string
}

// ReadZip reads a OneRoster set from a zip file of the given size.
func ReadZip(r io.ReaderAt, size int64, opt Options) (*circ.Roster, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	return readZip(r, size, "The zip file", opt)
}

func readZip(r io.ReaderAt, size int64, what string, opt Options) (*circ.Roster, error) {
	if opt.Format == circ.PlainCSV {
		return nil, failf(nil, "%s is a zip; a plain CSV roster is a single .csv file.", what)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		var magic [4]byte
		n, _ := r.ReadAt(magic[:], 0)
		if size == 0 {
			return nil, failf(err, "%s is empty.", what)
		}
		if n == 4 && string(magic[:2]) == "PK" {
			return nil, failf(err, "%s is damaged or incomplete.", what)
		}
		return nil, failf(err, "%s is not a zip file.", what)
	}
	var paths []string
	byPath := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if unsafePath(name) {
			return nil, failf(zip.ErrInsecurePath, "%s holds a file with an unsafe path (%s), so it was not read.", what, f.Name)
		}
		if strings.HasSuffix(name, "/") || ignoredPath(name) {
			continue
		}
		if _, dup := byPath[name]; dup {
			continue
		}
		byPath[name] = f
		paths = append(paths, name)
	}
	s := &set{what: what, zip: true}
	root, ok := pickRoot(paths, s)
	if !ok {
		return nil, failf(nil, "%s has no users.csv or manifest.csv, so it is not a OneRoster roster.", what)
	}
	s.files = make(map[string]entry)
	for _, p := range paths {
		if path.Dir(p) != root {
			continue
		}
		f := byPath[p]
		s.add(entry{name: path.Base(p), size: int64(f.UncompressedSize64), open: f.Open})
	}
	return readSet(s, opt)
}

func (s *set) add(e entry) {
	key := strings.ToLower(e.name)
	if old, dup := s.files[key]; dup {
		s.warns = append(s.warns, fmt.Sprintf("%s holds both %s and %s; only %s was read.", s.what, old.name, e.name, old.name))
		return
	}
	s.files[key] = e
}

// unsafePath reports a zip entry name that would leave the folder it is
// unpacked in (zip slip): absolute, with a drive letter, or with "..".
func unsafePath(name string) bool {
	if strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':') {
		return true
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return true
		}
	}
	return false
}

// ignoredPath reports macOS litter and hidden files: __MACOSX/, ._name,
// .DS_Store, or anything under a dot folder.
func ignoredPath(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if part == "__MACOSX" || (strings.HasPrefix(part, ".") && part != ".") {
			return true
		}
	}
	return false
}

// pickRoot finds the set's root folder: the folder of the shallowest
// manifest.csv, or else of the shallowest users.csv ("." for the top).
func pickRoot(paths []string, s *set) (string, bool) {
	for _, want := range []string{"manifest.csv", "users.csv"} {
		best, depth := []string(nil), -1
		for _, p := range paths {
			if strings.ToLower(path.Base(p)) != want {
				continue
			}
			d := strings.Count(p, "/")
			if depth < 0 || d < depth {
				best, depth = nil, d
			}
			if d == depth {
				best = append(best, path.Dir(p))
			}
		}
		if len(best) == 0 {
			continue
		}
		sort.Strings(best)
		if len(best) > 1 {
			s.warns = append(s.warns, fmt.Sprintf("%s holds more than one roster (%s); only %s was read.",
				s.what, strings.Join(best, ", "), best[0]))
		}
		return best[0], true
	}
	return "", false
}

// maxFolderDepth is how deep readFolder looks for the set's root.
const maxFolderDepth = 3

func readFolder(dir string, opt Options) (*circ.Roster, error) {
	what := "The folder " + filepath.Base(dir)
	var paths []string
	infos := make(map[string]int64)
	fsys := os.DirFS(dir)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // an unreadable sub-folder is no roster
		}
		if p != "." && ignoredPath(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if strings.Count(p, "/") >= maxFolderDepth {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.EqualFold(path.Ext(p), ".csv") {
			return nil
		}
		size := int64(-1)
		if fi, err := d.Info(); err == nil {
			size = fi.Size()
		}
		paths = append(paths, p)
		infos[p] = size
		return nil
	})
	if err != nil {
		return nil, failf(err, "%s could not be read.", what)
	}
	s := &set{what: what}
	root, ok := pickRoot(paths, s)
	if !ok {
		return nil, failf(nil, "%s has no users.csv or manifest.csv, so it is not a OneRoster roster.", what)
	}
	s.files = make(map[string]entry)
	for _, p := range paths {
		if path.Dir(p) != root {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		s.add(entry{name: path.Base(p), size: infos[p], open: func() (io.ReadCloser, error) { return os.Open(full) }})
	}
	return readSet(s, opt)
}

// limitedReader fails with errTooBig once more than n bytes come through.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errTooBig
	}
	return n, err
}
