package roster

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadZip(t *testing.T) {
	data := makeZip(t, baseSet())
	ro, err := ReadZip(bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantUsers(t, ro, "007123", "007124", "T100")
	if len(ro.Enrollments) != 3 || ro.Classes[0].Teacher != "Maria Cruz" {
		t.Errorf("enrollments %v classes %v", ro.Enrollments, ro.Classes)
	}
}

// Zips as schools send them: an enclosing folder, macOS litter, a second
// roster deeper down, backslashes.
func TestZipLayout(t *testing.T) {
	files := map[string]string{
		"__MACOSX/export/._users.csv": "\x00\x05\x16\x07junk",
		"export/._users.csv":          "\x00\x05\x16\x07junk",
		"export/.DS_Store":            "junk",
		"export/old/manifest.csv":     manifest11,
		"export/old/users.csv":        usersHead + userRow("old1", "student", "o", "Old", "One", "1", "5"),
	}
	for n, b := range baseSet() {
		files["export/"+n] = b
	}
	data := makeZip(t, files)
	ro, err := ReadZip(bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantUsers(t, ro, "007123", "007124", "T100")
	if len(ro.Warnings) != 0 {
		t.Errorf("warnings %q", ro.Warnings)
	}

	// No manifest anywhere: the shallowest users.csv.
	data = makeZip(t, map[string]string{
		`Roster Export\users.csv`:   baseSet()["users.csv"],
		`Roster Export\a\users.csv`: usersHead + userRow("x", "student", "x", "X", "Y", "9", "5"),
	})
	ro, err = ReadZip(bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantUsers(t, ro, "007123", "007124", "T100")
}

func TestZipFaults(t *testing.T) {
	good := makeZip(t, baseSet())
	tests := []struct {
		name  string
		data  []byte
		opt   Options
		words []string
	}{
		{"truncated", good[:len(good)/2], Options{}, []string{"damaged or incomplete"}},
		{"not a zip", []byte(baseSet()["users.csv"]), Options{}, []string{"not a zip file"}},
		{"empty", nil, Options{}, []string{"empty"}},
		{"zip slip", makeZip(t, map[string]string{"users.csv": baseSet()["users.csv"], "../../etc/cron.d/x": "x"}), Options{}, []string{"unsafe path", "../../etc/cron.d/x"}},
		{"absolute path", makeZip(t, map[string]string{"/users.csv": baseSet()["users.csv"]}), Options{}, []string{"unsafe path"}},
		{"no roster", makeZip(t, map[string]string{"readme.txt": "hi"}), Options{}, []string{"no users.csv or manifest.csv"}},
		{"over the limit", good, Options{MaxFileBytes: 400}, []string{"larger than 400 bytes"}},
		{"lying size", lyingZip(t, "users.csv", []byte(baseSet()["users.csv"]+strings.Repeat(userRow("z", "student", "z", "Z", "Z", "8", "5"), 2000))), Options{MaxFileBytes: 64 << 10}, []string{"damaged or incomplete"}},
		{"damaged data", corrupt(good), Options{}, []string{"damaged or incomplete"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadZip(bytes.NewReader(tt.data), int64(len(tt.data)), tt.opt)
			wantErr(t, err, tt.words...)
		})
	}
}

// lyingZip stores a file whose header claims it is 10 bytes.
func lyingZip(t *testing.T, name string, body []byte) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(body)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

// corrupt flips bytes inside the first stored file's data.
func corrupt(data []byte) []byte {
	out := bytes.Clone(data)
	for i := 40; i < 60 && i < len(out); i++ {
		out[i] ^= 0xFF
	}
	return out
}

func TestLoadZipFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "roster.zip")
	if err := os.WriteFile(path, makeZip(t, baseSet())[:300], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, Options{})
	wantErr(t, err, "The zip file roster.zip is damaged or incomplete.")

	os.WriteFile(path, makeZip(t, baseSet()), 0o644)
	ro, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantUsers(t, ro, "007123", "007124", "T100")
	_, err = Load(filepath.Join(dir, "nothing.zip"), Options{})
	wantErr(t, err, "There is no file or folder")
}
