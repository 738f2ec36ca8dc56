package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

const itemCols = `barcode, rfid_uid, title, author, call_number, location, material_type, status, parts, collection`

// itemReadCols are itemCols and where the row came from (0006).
const itemReadCols = itemCols + `, source, refreshed_at, hold_queue, owner, server_due`

const itemByBarcodeSQL = `SELECT ` + itemReadCols + ` FROM items WHERE barcode = ?`

const insertItemSQL = `INSERT INTO items (` + itemCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const setStatusSQL = `UPDATE items SET status = ? WHERE barcode = ?`

// itemRow is an items row as stored.
type itemRow struct {
	Barcode      string         `db:"barcode"`
	RFID         sql.NullString `db:"rfid_uid"`
	Title        string         `db:"title"`
	Author       string         `db:"author"`
	CallNumber   string         `db:"call_number"`
	Location     string         `db:"location"`
	MaterialType string         `db:"material_type"`
	Status       string         `db:"status"`
	Parts        int            `db:"parts"`
	Collection   string         `db:"collection"`
	// Read with itemReadCols only.
	Source      string         `db:"source"`
	RefreshedAt sql.NullString `db:"refreshed_at"`
	HoldQueue   int            `db:"hold_queue"`
	Owner       string         `db:"owner"`
	ServerDue   sql.NullString `db:"server_due"`
}

func (r itemRow) item() circ.Item {
	source := circ.Source(r.Source)
	if source == "" {
		source = circ.SourceShelfList
	}
	// The times were written by this package; one that does not parse is
	// shown as never, not as a failed lookup.
	refreshed, _ := parseOptionalTime(r.RefreshedAt)
	due, _ := parseOptionalTime(r.ServerDue)
	return circ.Item{
		Barcode: r.Barcode, RFID: r.RFID.String, Title: r.Title, Author: r.Author,
		CallNumber: r.CallNumber, Location: r.Location, MaterialType: r.MaterialType,
		Status: circ.ItemStatus(r.Status), Parts: r.Parts, Collection: r.Collection,
		Source: source, RefreshedAt: refreshed, HoldQueue: r.HoldQueue, Owner: r.Owner, ServerDue: due,
	}
}

// itemArgs are the insert arguments of it. An unset status is available and
// an unset number of parts is 1.
func itemArgs(it circ.Item) []any {
	status, parts := it.Status, it.Parts
	if status == "" {
		status = circ.Available
	}
	if parts == 0 {
		parts = 1
	}
	return []any{it.Barcode, optionalString(it.RFID), it.Title, it.Author, it.CallNumber,
		it.Location, it.MaterialType, string(status), parts, it.Collection}
}

func (v view) item(ctx context.Context, barcode string) (circ.Item, error) {
	var r itemRow
	err := v.stmt(ctx, v.q.item).GetContext(ctx, &r, barcode)
	if errors.Is(err, sql.ErrNoRows) {
		return circ.Item{}, fmt.Errorf("item %s: %w", barcode, circ.ErrNotFound)
	}
	if err != nil {
		return circ.Item{}, v.db.explain("look up item", err)
	}
	return r.item(), nil
}

// Item finds an item by barcode.
func (db *DB) Item(ctx context.Context, barcode string) (circ.Item, error) {
	return db.reads().item(ctx, barcode)
}

// ItemQuery selects items for a listing. Zero fields match everything.
type ItemQuery struct {
	Status circ.ItemStatus
	Source circ.Source // "": every source
	Limit  int         // 0: no limit
}

// Items lists items by barcode.
func (db *DB) Items(ctx context.Context, q ItemQuery) ([]circ.Item, error) {
	query := `SELECT ` + itemReadCols + ` FROM items WHERE 1`
	var args []any
	if q.Status != "" {
		query += ` AND status = ?`
		args = append(args, string(q.Status))
	}
	if q.Source != "" {
		query += ` AND source = ?`
		args = append(args, string(q.Source))
	}
	query += ` ORDER BY barcode`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	var rows []itemRow
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, db.explain("list items", err)
	}
	out := make([]circ.Item, len(rows))
	for i, r := range rows {
		out[i] = r.item()
	}
	return out, nil
}
