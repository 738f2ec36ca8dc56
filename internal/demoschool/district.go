package demoschool

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// districtSeed with the sizes seeds District's random stream.
const districtSeed = 0x4469737472696374 // "District"

// DistrictDate is the moment District's dataset is dated from: its loans
// went out in the weeks before, cards expire at the end of its school year.
// A benchmark that wants District's loans current runs its clock at it.
func DistrictDate() time.Time { return time.Date(2026, time.October, 14, 12, 0, 0, 0, time.UTC) }

// District returns a school district of patrons patrons and items items,
// for benchmarks: the same sizes always give the same dataset. Schools of
// about 900 patrons each; about 94% students with 9-digit IDs starting
// with 1, 5% teachers and 1% staff with IDs starting with 9 (6 digits while
// they fit); 14-digit mod-10 item barcodes starting with 3 that carry the
// school's 4-digit code; about a tenth of the items on loan to patrons of
// their school (no student over 10), a few holds, blocks, expired cards,
// prox cards and lost items. Dates are relative to DistrictDate.
func District(patrons, items int) circ.Dataset {
	l := mustLists()
	r := rand.New(rand.NewPCG(districtSeed, uint64(patrons)<<32|uint64(uint32(items))))
	pol := circ.DefaultPolicy()
	now := DistrictDate()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	expires := schoolYearEnd(today)

	nSchools := min(max(1, (patrons+899)/900), 8999)
	schools := make([]string, nSchools)
	codes := make([]string, nSchools)
	homerooms := make([][]string, nSchools)
	for s := range nSchools {
		schools[s] = l.last[s%len(l.last)] + " Elementary"
		if s >= len(l.last) {
			schools[s] += " " + strconv.Itoa(s/len(l.last)+1)
		}
		codes[s] = pad(uint64(1000+s), 4)
		homerooms[s] = make([]string, len(grades)*homeroomsPerGrade)
		for h := range homerooms[s] {
			homerooms[s][h] = grades[h/homeroomsPerGrade] + "-" + l.last[(s*7+h*13)%len(l.last)]
		}
	}

	// Codes come from multiplicative permutations, so they look scattered
	// yet never repeat: k*a+b is a bijection modulo m when a and m are coprime.
	adults := patrons/20 + patrons/100 + 2
	adultWidth := 5
	for pow10(adultWidth) < uint64(adults) {
		adultWidth++
	}
	var nStudents, nAdults, nProx uint64
	ds := circ.Dataset{Patrons: make([]circ.Patron, patrons)}
	for i := range ds.Patrons {
		s := i % nSchools
		p := &ds.Patrons[i]
		p.FirstName, p.LastName, p.School = pick(r, l.first), pick(r, l.last), schools[s]
		switch {
		case i%20 == 0 || i%100 == 1:
			p.ID = digits('9', (nAdults*48271+7)%pow10(adultWidth), adultWidth)
			nAdults++
			p.FirstName, p.Type = pick(r, l.adult), circ.Teacher
			if i%100 == 1 {
				p.Type = circ.Staff
			}
		default:
			p.ID = digits('1', (nStudents*48271+10007)%100_000_000, 8)
			nStudents++
			h := r.IntN(len(homerooms[s]))
			p.Type, p.Grade, p.Homeroom, p.Expires = circ.Student, grades[h/homeroomsPerGrade], homerooms[s][h], expires
			switch r.IntN(100) {
			case 0:
				p.Blocked, p.BlockReason = true, blockReasons[r.IntN(len(blockReasons))]
			case 1:
				p.Expires = endOfDay(today.AddDate(0, 0, -1-r.IntN(200)))
			case 2:
				prox := (nProx*2654435761+12345)%4_000_000_000 + 100_000_000
				nProx++
				ds.Aliases = append(ds.Aliases, circ.Alias{Alias: pad(prox, 10), Patron: p.ID})
			}
		}
	}

	ds.Items = make([]circ.Item, items)
	ds.Loans = make([]circ.Loan, 0, items/9)
	loans := make([]uint8, patrons)
	for j := range ds.Items {
		s := j % nSchools
		t := &l.titles[r.IntN(len(l.titles))]
		ds.Items[j] = t.copy(itemBarcode(codes[s], uint64(j/nSchools+1)), tagUID(uint64(j)))
		it := &ds.Items[j]
		if patrons == 0 || t.Location == locReference {
			continue
		}
		inSchool := (patrons - s + nSchools - 1) / nSchools
		switch n := r.IntN(1000); {
		case n < 100: // on loan to someone of the school
			pi := s + nSchools*r.IntN(inSchool)
			p := &ds.Patrons[pi]
			if p.Type == circ.Student && loans[pi] >= studentLimit {
				continue
			}
			day := today.AddDate(0, 0, -1-r.IntN(40))
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, -1)
			}
			out := during(r, day)
			ds.Loans = append(ds.Loans, circ.Loan{Item: it.Barcode, Patron: p.ID, Out: out, Due: pol.Due(*p, out)})
			it.Status = circ.OnLoan
			loans[pi]++
			if r.IntN(50) == 0 && inSchool > 1 {
				other := ds.Patrons[s+nSchools*r.IntN(inSchool)]
				if other.ID != p.ID {
					ds.Holds = append(ds.Holds, circ.Hold{Item: it.Barcode, Patron: other.ID, Placed: out.Add(2 * time.Hour)})
				}
			}
		case n < 102:
			it.Status = circ.Lost
		case n < 103:
			it.Status = circ.Missing
		case n < 104: // on the hold shelf
			it.Status = circ.OnHold
			ds.Holds = append(ds.Holds, circ.Hold{
				Item:    it.Barcode,
				Patron:  ds.Patrons[s+nSchools*r.IntN(inSchool)].ID,
				Placed:  during(r, today.AddDate(0, 0, -3)),
				Expires: endOfDay(today.AddDate(0, 0, 5)),
			})
		}
	}
	return ds
}

func pow10(n int) uint64 {
	p := uint64(1)
	for range n {
		p *= 10
	}
	return p
}

// digits formats lead followed by n in width digits.
func digits(lead byte, n uint64, width int) string {
	b := make([]byte, width+1)
	b[0] = lead
	for i := width; i > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}
