package demoschool

import (
	"bufio"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
)

// The shelf locations and material types of the catalog.
const (
	locEasy       = "Easy"
	locFiction    = "Fiction"
	locNonfiction = "Nonfiction"
	locBiography  = "Biography"
	locReference  = "Reference"
	locGraphic    = "Graphic Novels"

	matBook      = "book"
	matGraphic   = "graphic novel"
	matAudiobook = "audiobook"
	matDVD       = "DVD"
	matKit       = "kit"
)

// title is one row of the catalog: a work the school owns copies of.
type title struct {
	Title, Author, CallNumber, Location, Material string
	Popularity                                    int // 1 (a few copies) to 5 (many)
}

// lists are the parsed word lists of assets.Demo.
// copy is one available copy of t with the given barcode and tag.
func (t *title) copy(barcode, rfid string) circ.Item {
	it := circ.Item{
		Barcode:      barcode,
		RFID:         rfid,
		Title:        t.Title,
		Author:       t.Author,
		CallNumber:   t.CallNumber,
		Location:     t.Location,
		MaterialType: t.Material,
		Status:       circ.Available,
		Parts:        1,
	}
	if t.Material == matKit {
		it.Parts = 2 // the book and its read-along CD
	}
	return it
}

type lists struct {
	first  []string // students' first names
	adult  []string // teachers' and staff's first names
	last   []string
	titles []title
}

var loadLists = sync.OnceValues(func() (*lists, error) { return readLists(assets.Demo) })

// mustLists returns the embedded word lists. They are compiled in and
// checked by the tests, so a failure here is a broken build: it panics.
func mustLists() *lists {
	l, err := loadLists()
	if err != nil {
		panic("demoschool: " + err.Error())
	}
	return l
}

func readLists(fsys fs.FS) (*lists, error) {
	var l lists
	var err error
	if l.first, err = readWords(fsys, "demo/first_names.txt"); err != nil {
		return nil, err
	}
	if l.adult, err = readWords(fsys, "demo/adult_first_names.txt"); err != nil {
		return nil, err
	}
	if l.last, err = readWords(fsys, "demo/last_names.txt"); err != nil {
		return nil, err
	}
	if l.titles, err = readTitles(fsys, "demo/titles.tsv"); err != nil {
		return nil, err
	}
	return &l, nil
}

// readLines returns the lines of a list file that are neither blank nor
// comments, each with its line number.
func readLines(fsys fs.FS, name string, fn func(n int, line string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("open word list: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, line); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

func readWords(fsys fs.FS, name string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	err := readLines(fsys, name, func(_ int, line string) error {
		w := strings.TrimSpace(line)
		if seen[w] {
			return fmt.Errorf("%q is listed twice", w)
		}
		seen[w] = true
		out = append(out, w)
		return nil
	})
	if err == nil && len(out) < 30 {
		err = fmt.Errorf("%s: only %d names", name, len(out))
	}
	return out, err
}

var (
	locations = map[string]bool{locEasy: true, locFiction: true, locNonfiction: true, locBiography: true, locReference: true, locGraphic: true}
	materials = map[string]bool{matBook: true, matGraphic: true, matAudiobook: true, matDVD: true, matKit: true}
)

func readTitles(fsys fs.FS, name string) ([]title, error) {
	var out []title
	seen := map[string]bool{}
	err := readLines(fsys, name, func(_ int, line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			return fmt.Errorf("want 6 tab-separated fields, have %d", len(f))
		}
		t := title{Title: f[0], Author: f[1], CallNumber: f[2], Location: f[3], Material: f[4]}
		for i, v := range f[:5] {
			if v == "" || strings.TrimSpace(v) != v {
				return fmt.Errorf("field %d is empty or has spaces around it", i+1)
			}
		}
		if !locations[t.Location] {
			return fmt.Errorf("unknown location %q", t.Location)
		}
		if !materials[t.Material] {
			return fmt.Errorf("unknown material type %q", t.Material)
		}
		p, err := strconv.Atoi(f[5])
		if err != nil || p < 1 || p > 5 {
			return fmt.Errorf("popularity %q is not 1 to 5", f[5])
		}
		t.Popularity = p
		key := t.Title + "\t" + t.Author + "\t" + t.Material
		if seen[key] {
			return fmt.Errorf("%q by %s (%s) is listed twice", t.Title, t.Author, t.Material)
		}
		seen[key] = true
		out = append(out, t)
		return nil
	})
	return out, err
}
