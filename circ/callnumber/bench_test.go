package callnumber

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// schoolShelfList makes n call numbers like a school library's: fiction and
// picture books by author letters, biographies, Dewey with decimals and
// cutters, reference, J and YA runs, a few LC numbers; deterministic.
func schoolShelfList(n int) []string {
	r := rand.New(rand.NewPCG(2026, 6))
	letters := func(k int) string {
		b := make([]byte, k)
		for i := range b {
			b[i] = byte('A' + r.IntN(26))
		}
		return string(b)
	}
	out := make([]string, n)
	for i := range out {
		switch x := r.IntN(100); {
		case x < 25:
			s := "FIC " + letters(3)
			if r.IntN(5) == 0 {
				s += fmt.Sprintf(" v.%d", 1+r.IntN(12))
			}
			out[i] = s
		case x < 40:
			if r.IntN(4) == 0 {
				out[i] = fmt.Sprintf("E %03d.%d %s", r.IntN(1000), r.IntN(100), letters(3))
			} else {
				out[i] = "E " + letters(3)
			}
		case x < 48:
			out[i] = []string{"B ", "92 ", "BIO "}[r.IntN(3)] + letters(3+r.IntN(6))
		case x < 83:
			s := fmt.Sprintf("%03d", r.IntN(1000))
			if r.IntN(3) > 0 {
				s += fmt.Sprintf(".%d", r.IntN(10000))
			}
			if r.IntN(2) == 0 {
				s += fmt.Sprintf(" %s%d", letters(1), r.IntN(1000))
				if r.IntN(3) == 0 {
					s += string(rune('a' + r.IntN(26)))
				}
			} else {
				s += " " + letters(3)
			}
			if r.IntN(10) == 0 {
				s += fmt.Sprintf(" %d", 1980+r.IntN(45))
			}
			if r.IntN(20) == 0 {
				s += fmt.Sprintf(" c.%d", 1+r.IntN(5))
			}
			out[i] = s
		case x < 88:
			out[i] = fmt.Sprintf("REF %03d.%d %s", r.IntN(1000), r.IntN(100), letters(3))
		case x < 95:
			out[i] = []string{"J FIC ", "YA FIC ", "SC ", "GN "}[r.IntN(4)] + letters(3)
		default:
			out[i] = fmt.Sprintf("%s%d.%d .%s%d %d", []string{"QA", "PS", "E", "KF", "HD"}[r.IntN(5)],
				1+r.IntN(9000), r.IntN(100), letters(1), r.IntN(1000), 1950+r.IntN(75))
		}
	}
	return out
}

// BenchmarkSort sorts a 30,000-item collection's call numbers: the goal is
// at most 100 ms.
func BenchmarkSort(b *testing.B) {
	list := schoolShelfList(30000)
	if _, bad := Sort(list, Auto); len(bad) > 0 {
		b.Fatalf("the generated list does not parse: %v", bad[0])
	}
	b.ReportAllocs()
	for b.Loop() {
		Sort(list, Auto)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/sort")
}

func BenchmarkParse(b *testing.B) {
	list := schoolShelfList(1024)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := Parse(list[i%len(list)], Auto); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkCompare(b *testing.B) {
	list := schoolShelfList(1024)
	cs := make([]CallNumber, len(list))
	for i, s := range list {
		cs[i] = mustParse(b, s, Auto)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Compare(cs[i%len(cs)], cs[(i*7+3)%len(cs)])
		i++
	}
}

func BenchmarkKey(b *testing.B) {
	list := schoolShelfList(1024)
	cs := make([]CallNumber, len(list))
	for i, s := range list {
		cs[i] = mustParse(b, s, Auto)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = cs[i%len(cs)].Key()
		i++
	}
}

// BenchmarkOutOfOrder checks a 30,000-book shelf read with 1% of the books
// moved.
func BenchmarkOutOfOrder(b *testing.B) {
	sorted, _ := Sort(schoolShelfList(30000), Auto)
	run := make([]CallNumber, len(sorted))
	for i, s := range sorted {
		run[i] = mustParse(b, s, Auto)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range len(run) / 100 {
		i, j := r.IntN(len(run)), r.IntN(len(run))
		run[i], run[j] = run[j], run[i]
	}
	b.ReportAllocs()
	for b.Loop() {
		OutOfOrder(run)
	}
}
