package inventory

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/report"
)

// Line is one item of a report list.
type Line struct {
	Item         string `json:"item"`
	Title        string `json:"title"`
	CallNumber   string `json:"call_number"`
	Location     string `json:"location"`
	Status       string `json:"status,omitempty"`
	Result       string `json:"result,omitempty"`
	BelongsAfter string `json:"belongs_after,omitempty"`
	CheckedIn    bool   `json:"checked_in,omitempty"` // found on the shelf and checked in by the inventory
	// HoldShelf: checked in by the inventory and now on hold: someone was
	// waiting for it, so it went to the hold shelf.
	HoldShelf bool `json:"hold_shelf,omitempty"`
	key       string
}

// Report is what an inventory found, each list in shelf order.
type Report struct {
	Name     string    `json:"name"`
	Status   Status    `json:"status"`
	Made     time.Time `json:"made"`
	Scope    int       `json:"scope"`
	Scanned  int       `json:"scanned"`
	Progress float64   `json:"progress"`
	// Missing: in scope, not scanned, not out.
	Missing []Line `json:"missing"`
	// WrongPlace: scanned, in the catalog, but outside the scope.
	WrongPlace []Line `json:"wrong_place"`
	// CheckedOut: in scope and still out in the cache, and those found on
	// the shelf and checked in (CheckedIn).
	CheckedOut   []Line `json:"checked_out"`
	NotInCatalog []Line `json:"not_in_catalog"`
	// LostOrWithdrawnFound: scanned while lost, missing or withdrawn.
	LostOrWithdrawnFound []Line `json:"lost_or_withdrawn_found"`
	// OutOfOrder: in scope, not where shelf order puts them.
	OutOfOrder []Line `json:"out_of_order"`
}

// Report builds an inventory's report.
func (s *Service) Report(ctx context.Context, name string) (Report, error) {
	inv, err := s.find(ctx, name)
	if err != nil {
		return Report{}, err
	}
	return s.report(ctx, inv)
}

func (s *Service) report(ctx context.Context, inv Info) (Report, error) {
	entries, err := s.Store.Entries(ctx, inv.ID)
	if err != nil {
		return Report{}, fmt.Errorf("read inventory %s: %w", inv.Name, err)
	}
	rep := Report{Name: inv.Name, Status: inv.Status, Made: s.now(),
		Missing: []Line{}, WrongPlace: []Line{}, CheckedOut: []Line{}, NotInCatalog: []Line{},
		LostOrWithdrawnFound: []Line{}, OutOfOrder: []Line{}}
	accounted := 0
	var r callRange
	for _, e := range entries {
		l := Line{Item: e.Item.Barcode, Title: e.Item.Title, CallNumber: e.Item.CallNumber, Location: e.Item.Location,
			Status: string(e.Item.Status), key: e.Key}
		if l.key == "" && e.Catalog {
			l.key, _ = r.place(e.Item.CallNumber)
		}
		if !e.Catalog {
			l.key = unplaced(e.Item.Barcode)
		}
		if e.InScope {
			rep.Scope++
			if e.Scanned || e.OnLoan || e.Item.Status == circ.OnLoan || e.Item.Status == circ.OnHold {
				accounted++
			}
		}
		if !e.Scanned {
			switch {
			case !e.InScope:
			case e.OnLoan || e.Item.Status == circ.OnLoan:
				rep.CheckedOut = append(rep.CheckedOut, l)
			case e.Item.Status == circ.Available:
				rep.Missing = append(rep.Missing, l)
			}
			continue
		}
		rep.Scanned++
		l.Result, l.BelongsAfter = string(e.Scan.Result), e.Scan.BelongsAfter
		switch e.Scan.Result {
		case WrongLocation:
			rep.WrongPlace = append(rep.WrongPlace, l)
		case CheckedOut:
			l.CheckedIn = !e.OnLoan
			l.HoldShelf = l.CheckedIn && e.Item.Status == circ.OnHold
			rep.CheckedOut = append(rep.CheckedOut, l)
		case NotInCatalog:
			rep.NotInCatalog = append(rep.NotInCatalog, l)
		case LostFound, WithdrawnFound:
			rep.LostOrWithdrawnFound = append(rep.LostOrWithdrawnFound, l)
		case OutOfOrder:
			rep.OutOfOrder = append(rep.OutOfOrder, l)
		}
	}
	rep.Progress = progress(accounted, rep.Scope)
	for _, list := range [][]Line{rep.Missing, rep.WrongPlace, rep.CheckedOut, rep.NotInCatalog, rep.LostOrWithdrawnFound, rep.OutOfOrder} {
		sortLines(list)
	}
	return rep, nil
}

func sortLines(ls []Line) {
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].key != ls[j].key {
			return ls[i].key < ls[j].key
		}
		return ls[i].Item < ls[j].Item
	})
}

// Document lays the report out for circ/report's CSV and PDF writers.
func (r Report) Document() report.Document {
	cols := []string{"Barcode", "Call number", "Title", "Location"}
	section := func(heading, empty string, ls []Line, extra string, val func(Line) string) report.Section {
		c := cols
		if extra != "" {
			c = append(append([]string(nil), cols...), extra)
		}
		rows := make([][]string, len(ls))
		for i, l := range ls {
			row := []string{l.Item, l.CallNumber, l.Title, l.Location}
			if extra != "" {
				row = append(row, val(l))
			}
			rows[i] = row
		}
		return report.Section{Heading: heading, Columns: c, Rows: rows, Empty: empty}
	}
	return report.Document{
		Title: "Inventory: " + r.Name,
		Subtitle: fmt.Sprintf("%d items in scope, %d scanned, %.0f%% accounted for (%s)",
			r.Scope, r.Scanned, 100*r.Progress, r.Status),
		Made: r.Made,
		Sections: []report.Section{
			section("Missing (not scanned)", "Nothing is missing.", r.Missing, "", nil),
			section("Found in the wrong place", "Nothing was out of place.", r.WrongPlace, "", nil),
			section("Checked out", "Nothing is checked out.", r.CheckedOut, "Checked in", func(l Line) string {
				if l.HoldShelf {
					return "yes: found on the shelf, put on the hold shelf"
				}
				if l.CheckedIn {
					return "yes: found on the shelf"
				}
				return "no: still out"
			}),
			section("Not in the catalog", "Every barcode was in the catalog.", r.NotInCatalog, "", nil),
			section("Lost or withdrawn, found", "No lost or withdrawn item was found.", r.LostOrWithdrawnFound, "Status", func(l Line) string { return l.Status }),
			section("Out of shelf order", "Every book was in shelf order.", r.OutOfOrder, "Belongs after", func(l Line) string {
				if l.BelongsAfter == "" {
					return "(first on the shelf)"
				}
				return l.BelongsAfter
			}),
		},
	}
}
