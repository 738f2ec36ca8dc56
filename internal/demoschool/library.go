package demoschool

import (
	"slices"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// The library server knows more than a station's cache: these cards and
// books are only on the demo library server, so the demo shows a station
// asking it (read-through).
var (
	newStudents = []circ.Patron{
		{ID: "1099901", FirstName: "Nia", LastName: "Okafor", Type: circ.Student, Grade: "3"},
		{ID: "1099919", FirstName: "Theo", LastName: "Lindqvist", Type: circ.Student, Grade: "1"},
		{ID: "1099927", FirstName: "Ximena", LastName: "Cruz", Type: circ.Student, Grade: "5"},
	}
	newArrivals = []string{
		"The Wild Robot Protects",
		"Hilo: The Great Big Boom",
		"El Deafo",
		"New Kid",
		"The Last Cuentista",
	}
)

// newArrivalSeq is the item number of the first new arrival: far past the
// generated collection (which starts at 10001: 31047000100010).
const newArrivalSeq = 90001

// ServerOnly is what the demo library server knows and a station seeded
// with Generate does not: a few new students and a "New arrivals" shelf.
// Cards that the generated school already uses are left out.
func ServerOnly(ds circ.Dataset) circ.Dataset {
	used := make(map[string]bool, len(ds.Patrons)+len(ds.Items))
	for _, p := range ds.Patrons {
		used[p.ID] = true
	}
	for _, it := range ds.Items {
		used[it.Barcode] = true
	}
	var out circ.Dataset
	for _, p := range newStudents {
		if !used[p.ID] {
			out.Patrons = append(out.Patrons, p)
		}
	}
	for i, title := range newArrivals {
		b := itemBarcode(institution, uint64(newArrivalSeq+i))
		if !used[b] {
			out.Items = append(out.Items, circ.Item{Barcode: b, Title: title, Location: "New arrivals",
				MaterialType: "book", Status: circ.Available, Parts: 1})
		}
	}
	return out
}

// returnedElsewhere is the loan of ds, as of now, that the demo library
// server has back ("returned at another desk"): a book out to a student
// and not overdue, with nobody waiting for it, that no other sample uses.
func returnedElsewhere(ds circ.Dataset, now time.Time) (circ.Loan, bool) {
	held := map[string]bool{}
	for _, h := range ds.Holds {
		held[h.Item] = true
	}
	used := map[string]bool{}
	for _, s := range Samples(ds, now) {
		used[s.Code] = true
	}
	for i := len(ds.Loans) - 1; i >= 0; i-- {
		l := ds.Loans[i]
		if !l.Overdue(now) && !held[l.Item] && !used[l.Item] && !used[l.Patron] {
			return l, true
		}
	}
	return circ.Loan{}, false
}

// Library is the demo library server's own data as of now: the school of
// Generate, what only the server knows (ServerOnly), and one book that was
// returned at another desk, so the station's cache still has it on loan.
func Library(now time.Time) circ.Dataset {
	ds := Generate(now)
	extra := ServerOnly(ds)
	lib := ds
	lib.Patrons = append(slices.Clone(ds.Patrons), extra.Patrons...)
	lib.Items = append(slices.Clone(ds.Items), extra.Items...)
	if l, ok := returnedElsewhere(ds, now); ok {
		lib.Loans = slices.DeleteFunc(slices.Clone(ds.Loans), func(x circ.Loan) bool { return x.Item == l.Item })
		for i := range lib.Items {
			if lib.Items[i].Barcode == l.Item {
				lib.Items[i].Status = circ.Available
			}
		}
	}
	return lib
}

// ServerSamples are demo scanner samples for what only the library server
// knows, from the station's school ds as of now: a new student, a new
// arrival and a book returned at another desk.
func ServerSamples(ds circ.Dataset, now time.Time) []Sample {
	extra := ServerOnly(ds)
	var out []Sample
	if len(extra.Patrons) > 0 {
		p := extra.Patrons[0]
		out = append(out, Sample{Kind: KindStudent, Name: p.FirstName + " (new: only the library server knows her)", Code: p.ID})
	}
	if len(extra.Items) > 0 {
		it := extra.Items[0]
		out = append(out, Sample{Kind: KindBook, Name: shorten(it.Title) + " (new arrival)", Code: it.Barcode})
	}
	if l, ok := returnedElsewhere(ds, now); ok {
		for _, it := range ds.Items {
			if it.Barcode == l.Item {
				out = append(out, Sample{Kind: KindBook, Name: shorten(it.Title) + " (returned at another desk)", Code: it.Barcode})
			}
		}
	}
	return out
}
