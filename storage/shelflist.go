package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/shelflist"
)

// ShelfListResult counts what a shelf-list import did to the cache.
type ShelfListResult struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ApplyShelfList writes a shelf list's items into the cache in one
// transaction: all of them or, on failure, none. A known item gets the
// file's title, author, call number, location, collection and material
// type; its status only when the file has one and the cache has no loan
// of it (loans belong to the journal and the library server). Fields the
// file has no column for, and items not in the file, are left as they are.
func (db *DB) ApplyShelfList(ctx context.Context, list shelflist.List) (ShelfListResult, error) {
	var res ShelfListResult
	err := db.write(ctx, func(t *writeTx) error {
		res = ShelfListResult{}
		ins, err := t.tx.PreparexContext(ctx, insertItemSQL)
		if err != nil {
			return db.explain("import the shelf list", err)
		}
		defer ins.Close()
		upd, err := t.tx.PreparexContext(ctx, `UPDATE items SET title = ?, author = ?, call_number = ?, location = ?,
			collection = ?, material_type = ?, status = ? WHERE barcode = ?`)
		if err != nil {
			return db.explain("import the shelf list", err)
		}
		defer upd.Close()
		for _, row := range list.Rows {
			it := row.Item
			old, err := t.item(ctx, it.Barcode)
			switch {
			case errors.Is(err, circ.ErrNotFound):
				if _, err := ins.ExecContext(ctx, itemArgs(it)...); err != nil {
					return db.explain("add item "+it.Barcode, err)
				}
				res.Added++
				continue
			case err != nil:
				return err
			}
			status := old.Status
			if it.Status != "" && it.Status != old.Status {
				if _, err := t.loan(ctx, it.Barcode); errors.Is(err, circ.ErrNotFound) {
					status = it.Status
				} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
			next := old
			set := func(field string, dst *string, v string) {
				if list.Has[field] {
					*dst = v
				}
			}
			set("title", &next.Title, it.Title)
			set("author", &next.Author, it.Author)
			set("call_number", &next.CallNumber, it.CallNumber)
			set("location", &next.Location, it.Location)
			set("collection", &next.Collection, it.Collection)
			set("material_type", &next.MaterialType, it.MaterialType)
			next.Status = status
			if next == old {
				res.Unchanged++
				continue
			}
			if _, err := upd.ExecContext(ctx, next.Title, next.Author, next.CallNumber, next.Location, next.Collection,
				next.MaterialType, string(next.Status), it.Barcode); err != nil {
				return db.explain("update item "+it.Barcode, err)
			}
			res.Updated++
		}
		return nil
	})
	return res, err
}
