package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

func TestSeedOnlyOnce(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	if ok, err := db.Seed(ctx, fixture()); !ok || err != nil {
		t.Fatalf("first Seed = %v, %v; want true", ok, err)
	}
	other := circ.Dataset{
		Patrons: []circ.Patron{{ID: "5001", Type: circ.Student}},
		Items:   []circ.Item{{Barcode: "35000000000001"}},
	}
	for _, d := range []circ.Dataset{fixture(), other, {Items: other.Items}} {
		if ok, err := db.Seed(ctx, d); ok || err != nil {
			t.Errorf("second Seed = %v, %v; want false, nil", ok, err)
		}
	}
	if st, _ := db.Stats(ctx, t0); st.Patrons != 3 || st.Items != 4 {
		t.Errorf("stats after seeding again = %+v; want only the first dataset", st)
	}
	if _, err := db.Patron(ctx, "5001"); err == nil {
		t.Error("the second dataset was written")
	}
}

func TestSeedFailureLeavesNoHalfSeededCache(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		spoil func(*circ.Dataset)
	}{
		{"an unknown patron type", func(d *circ.Dataset) { d.Patrons[2].Type = "parent" }},
		{"a barcode twice", func(d *circ.Dataset) { d.Items = append(d.Items, d.Items[0]) }},
		{"a loan to nobody", func(d *circ.Dataset) { d.Loans[0].Patron = "9999" }},
		{"a hold on no item", func(d *circ.Dataset) { d.Holds[0].Item = "39999999999999" }},
		{"an alias of nobody", func(d *circ.Dataset) { d.Aliases[0].Patron = "9999" }},
		{"a loan without due date", func(d *circ.Dataset) { d.Loans[0].Due = time.Time{} }},
		{"an unknown item status", func(d *circ.Dataset) { d.Items[3].Status = "stolen" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			d := fixture()
			tt.spoil(&d)
			ok, err := db.Seed(ctx, d)
			if ok || err == nil {
				t.Fatalf("Seed = %v, %v; want an error", ok, err)
			}
			if strings.Contains(err.Error(), "1001") || strings.Contains(err.Error(), "1003") {
				t.Errorf("Seed error %q shows a patron id", err)
			}
			if st, _ := db.Stats(ctx, t0); st != (circ.Stats{}) {
				t.Errorf("after the failed seed: %+v; want an empty cache", st)
			}
			if ok, err := db.Seed(ctx, fixture()); !ok || err != nil {
				t.Errorf("Seed after a failed seed = %v, %v; want it to seed", ok, err)
			}
		})
	}
}

func TestSeedEmptyDataset(t *testing.T) {
	db, _ := openTemp(t)
	if ok, err := db.Seed(context.Background(), circ.Dataset{}); ok || err == nil {
		t.Errorf("Seed of nothing = %v, %v; want an error", ok, err)
	}
}

func TestPatronsListing(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	names := func(rows []storage.PatronRow) string {
		var s []string
		for _, r := range rows {
			s = append(s, r.LastName)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		name    string
		q       storage.PatronQuery
		want    string
		overdue map[string]int
	}{
		{"all by last name", storage.PatronQuery{Now: t0}, "Adams,Ng,Ruiz", map[string]int{"Ruiz": 1}},
		{"before the loan fell due", storage.PatronQuery{Now: t0.AddDate(0, 0, -7)}, "Adams,Ng,Ruiz", map[string]int{}},
		{"students", storage.PatronQuery{Type: circ.Student, Now: t0}, "Ng,Ruiz", map[string]int{"Ruiz": 1}},
		{"teachers", storage.PatronQuery{Type: circ.Teacher, Now: t0}, "Adams", map[string]int{}},
		{"staff", storage.PatronQuery{Type: circ.Staff, Now: t0}, "", map[string]int{}},
		{"first two", storage.PatronQuery{Limit: 2, Now: t0}, "Adams,Ng", map[string]int{}},
		{"now by default", storage.PatronQuery{}, "Adams,Ng,Ruiz", map[string]int{"Ruiz": 1}},
	}
	for _, tt := range tests {
		rows, err := db.Patrons(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(rows); got != tt.want {
			t.Errorf("%s: %s; want %s", tt.name, got, tt.want)
		}
		for _, r := range rows {
			if r.Overdue != tt.overdue[r.LastName] {
				t.Errorf("%s: %s has %d overdue; want %d", tt.name, r.LastName, r.Overdue, tt.overdue[r.LastName])
			}
		}
	}
	rows, _ := db.Patrons(ctx, storage.PatronQuery{Type: circ.Student, Now: t0})
	if len(rows) == 2 && (rows[1].Account != "ONE1001" || !rows[1].Expires.Equal(fixture().Patrons[0].Expires)) {
		t.Errorf("listed patron = %+v; want every field of the patron", rows[1].Patron)
	}
}

func TestItemsListing(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	tests := []struct {
		q    storage.ItemQuery
		want string
	}{
		{storage.ItemQuery{}, "30000000000011,30000000000029,30000000000037,30000000000045"},
		{storage.ItemQuery{Status: circ.Available}, "30000000000011,30000000000037"},
		{storage.ItemQuery{Status: circ.Lost}, "30000000000045"},
		{storage.ItemQuery{Status: circ.Missing}, ""},
		{storage.ItemQuery{Limit: 1}, "30000000000011"},
	}
	for _, tt := range tests {
		items, err := db.Items(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.Barcode)
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("Items(%+v) = %v; want %s", tt.q, got, tt.want)
		}
	}
}
