package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// est is a wall clock five hours behind UTC, so that tests notice a lost offset.
var est = time.FixedZone("EST", -5*3600)

// t0 is the morning of the fixture, in the school's zone.
var t0 = time.Date(2026, 3, 2, 8, 15, 30, 123456789, est)

// fixture is a small school: three patrons, four items, one loan, one hold.
func fixture() circ.Dataset {
	return circ.Dataset{
		Patrons: []circ.Patron{
			{ID: "1001", Account: "ONE1001", FirstName: "Ana", LastName: "Ruiz", Type: circ.Student,
				School: "Oak", Grade: "4", Homeroom: "R12", Expires: time.Date(2027, 6, 30, 23, 59, 59, 0, est)},
			{ID: "1002", FirstName: "Ben", LastName: "Adams", Type: circ.Teacher, School: "Oak",
				ItemLimit: 50, LoanDays: 42},
			{ID: "1003", FirstName: "Cy", LastName: "Ng", Type: circ.Student, School: "Oak", Grade: "5",
				Homeroom: "R12", Blocked: true, BlockReason: "lost books"},
		},
		Aliases: []circ.Alias{{Alias: "PROX77", Patron: "1001"}},
		Items: []circ.Item{
			{Barcode: "30000000000011", RFID: "E00401", Title: "Frog and Toad", Author: "Lobel",
				CallNumber: "E LOB", Location: "Easy", MaterialType: "book", Status: circ.Available, Parts: 1},
			{Barcode: "30000000000029", Title: "Hatchet", Author: "Paulsen", CallNumber: "FIC PAU",
				Status: circ.OnLoan, Parts: 1},
			{Barcode: "30000000000037", Title: "Science Kit", Status: circ.Available, Parts: 3},
			{Barcode: "30000000000045", Title: "Lost Atlas", Status: circ.Lost, Parts: 1},
		},
		Loans: []circ.Loan{
			{Item: "30000000000029", Patron: "1001", Out: t0.AddDate(0, 0, -20), Due: t0.AddDate(0, 0, -6)},
		},
		Holds: []circ.Hold{
			{Item: "30000000000037", Patron: "1002", Placed: t0.Add(-time.Hour)},
		},
	}
}

// openTemp opens a new database in a temporary folder and closes it with the test.
func openTemp(t testing.TB) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "circdesk.db")
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// seeded opens a new database holding fixture().
func seeded(t testing.TB) *storage.DB {
	t.Helper()
	db, _ := openTemp(t)
	if ok, err := db.Seed(context.Background(), fixture()); err != nil || !ok {
		t.Fatalf("Seed = %v, %v", ok, err)
	}
	return db
}

// sameTime reports whether a and b are the same instant shown with the same offset.
func sameTime(a, b time.Time) bool {
	return a.Format(time.RFC3339Nano) == b.Format(time.RFC3339Nano)
}

func openAgain(path string) (*storage.DB, error) {
	return storage.Open(context.Background(), path)
}
