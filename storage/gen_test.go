package storage_test

import (
	"fmt"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// genBase is "now" in a generated district.
var genBase = time.Date(2026, 3, 2, 8, 0, 0, 0, est)

func genPatronID(i int) string { return fmt.Sprintf("%08d", 10_000_000+i) }

// genBarcode is the i-th 14-digit library barcode, check digit included.
func genBarcode(i int) string {
	body := fmt.Sprintf("3%012d", i)
	return body + string(circ.Mod10(body))
}

// genLoaned and genHeld are how many of the first items are out and on hold.
func genLoaned(items int) int { return items / 20 }
func genHeld(items int) int   { return items / 100 }

// genDistrict makes a deterministic district-sized cache: one teacher in
// fifty, an account id for one patron in three, an alias for one in ten,
// 5 % of the items out and 1 % more on hold.
func genDistrict(patrons, items int) circ.Dataset {
	d := circ.Dataset{
		Patrons: make([]circ.Patron, patrons),
		Items:   make([]circ.Item, items),
	}
	for i := range d.Patrons {
		p := circ.Patron{
			ID: genPatronID(i), FirstName: fmt.Sprintf("First%d", i%997), LastName: fmt.Sprintf("Last%d", i%1009),
			Type: circ.Student, School: fmt.Sprintf("S%03d", i%168), Grade: fmt.Sprint(i % 13),
			Homeroom: fmt.Sprintf("R%03d", i%400), Expires: genBase.AddDate(1, 0, 0),
		}
		if i%50 == 0 {
			p.Type, p.Grade = circ.Teacher, ""
		}
		if i%3 == 0 {
			p.Account = "ONE" + p.ID
		}
		if i%10 == 0 {
			d.Aliases = append(d.Aliases, circ.Alias{Alias: "PX" + p.ID, Patron: p.ID})
		}
		d.Patrons[i] = p
	}
	for i := range d.Items {
		it := circ.Item{
			Barcode: genBarcode(i), Title: fmt.Sprintf("Title %d", i), Author: fmt.Sprintf("Author %d", i%5000),
			CallNumber: fmt.Sprintf("%03d.%02d AUT", i%1000, i%100), Location: "Stacks", MaterialType: "book",
			Status: circ.Available, Parts: 1,
		}
		if i%2 == 0 {
			it.RFID = fmt.Sprintf("E004%012X", i)
		}
		d.Items[i] = it
	}
	for i := range genLoaned(items) {
		out := genBase.AddDate(0, 0, -(i % 12))
		d.Items[i].Status = circ.OnLoan
		d.Loans = append(d.Loans, circ.Loan{Item: d.Items[i].Barcode, Patron: genPatronID(i * 13 % patrons),
			Out: out, Due: out.AddDate(0, 0, 14)})
	}
	for i := genLoaned(items); i < genLoaned(items)+genHeld(items); i++ {
		d.Items[i].Status = circ.OnHold
		d.Holds = append(d.Holds, circ.Hold{Item: d.Items[i].Barcode, Patron: genPatronID(i * 17 % patrons),
			Placed: genBase.AddDate(0, 0, -1)})
	}
	return d
}
