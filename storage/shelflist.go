package storage

import (
	"context"
	"fmt"

	"github.com/circdesk/circdesk/circ"
)

// ShelfListResult counts what a shelf-list import did to the cache.
type ShelfListResult struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// shelfListInfo is what applying a staged shelf list needs besides its rows.
type shelfListInfo struct {
	Has map[string]bool `json:"has"` // the fields the file has a column for
}

// ApplyShelfList writes a shelf list's items into the cache: all of them
// or, on failure, none. A known item gets the file's title, author, call
// number, location, collection and material type; its status only when
// the file has one and the cache has no loan of it (loans belong to the
// journal and the library server). Fields the file has no column for, and
// items not in the file, are left as they are.
//
// The import never holds the writer for long (see staged.go): desk
// decisions go on while it runs. Once every row is staged the import has
// happened: it is applied in full even if ctx is done, or, if the process
// is killed, by the next import or Open.
func (db *DB) ApplyShelfList(ctx context.Context, list circ.ShelfList) (ShelfListResult, error) {
	if err := circ.CheckImportBrings("shelf list", len(list.Rows)+len(list.Rejected), len(list.Rejected)); err != nil {
		return ShelfListResult{}, err
	}
	info := shelfListInfo{Has: list.Has}
	run, err := db.startImport(ctx, kindShelfList, info)
	if err != nil {
		return ShelfListResult{}, err
	}
	defer run.close()
	st := run.stager(ctx)
	seen := make(map[string]bool, len(list.Rows))
	for _, row := range list.Rows {
		it := row.Item
		if seen[it.Barcode] {
			continue // shelflist.Read rejects a barcode's later lines: so does the import
		}
		seen[it.Barcode] = true
		st.add(opItem, it.Barcode, it.Title, it.Author, it.CallNumber, it.Location, it.Collection, it.MaterialType, string(it.Status))
		if err := st.endGroup(); err != nil {
			return ShelfListResult{}, run.fail(err)
		}
	}
	if err := st.finish(); err != nil {
		return ShelfListResult{}, run.fail(err)
	}
	var res ShelfListResult
	err = run.apply(ctx, run.id, shelfListApplier(info, &res))
	return res, err
}

// The staged columns of a shelf-list item: a barcode, b title, c author,
// d call number, e location, f collection, g material type, h status (”:
// the file has none for it).
const (
	// updateShelfItemsSQL gives the known items of a range of staged rows
	// what the file says of them: the fields it has a column for (?1 to
	// ?6), and its status unless it has none or the item is on loan; it
	// writes only the items that change.
	updateShelfItemsSQL = `UPDATE items SET title = n.title, author = n.author, call_number = n.call_number,
		location = n.location, collection = n.collection, material_type = n.material_type, status = n.status
	FROM (SELECT i.barcode,
			CASE WHEN ?1 THEN s.b ELSE i.title END AS title,
			CASE WHEN ?2 THEN s.c ELSE i.author END AS author,
			CASE WHEN ?3 THEN s.d ELSE i.call_number END AS call_number,
			CASE WHEN ?4 THEN s.e ELSE i.location END AS location,
			CASE WHEN ?5 THEN s.f ELSE i.collection END AS collection,
			CASE WHEN ?6 THEN s.g ELSE i.material_type END AS material_type,
			CASE WHEN s.h <> '' AND s.h <> i.status AND NOT EXISTS (SELECT 1 FROM loans WHERE loans.item = i.barcode)
				THEN s.h ELSE i.status END AS status
		FROM import_rows AS s JOIN items AS i ON i.barcode = s.a
		WHERE s.run = ?7 AND s.seq BETWEEN ?8 AND ?9) AS n
	WHERE items.barcode = n.barcode
		AND (items.title, items.author, items.call_number, items.location, items.collection, items.material_type, items.status)
			<> (n.title, n.author, n.call_number, n.location, n.collection, n.material_type, n.status)`

	// insertShelfItemsSQL adds the items of a range of staged rows that the
	// cache does not have, as itemArgs would: no tag, one part, available
	// unless the file says otherwise.
	insertShelfItemsSQL = `INSERT INTO items (` + itemCols + `)
	SELECT s.a, NULL, s.b, s.c, s.d, s.e, s.g, CASE WHEN s.h = '' THEN 'available' ELSE s.h END, 1, s.f
	FROM import_rows AS s
	WHERE s.run = ?1 AND s.seq BETWEEN ?2 AND ?3 AND NOT EXISTS (SELECT 1 FROM items WHERE barcode = s.a)
	ORDER BY s.seq`
)

// shelfListApplier applies staged shelf-list items, counting into res.
func shelfListApplier(info shelfListInfo, res *ShelfListResult) applier {
	has := make([]any, 0, 9)
	for _, f := range []string{"title", "author", "call_number", "location", "collection", "material_type"} {
		has = append(has, info.Has[f])
	}
	return func(t *writeTx, rg stagedRange) (func(), error) {
		ctx, db := t.ctx, t.db
		up, err := t.tx.ExecContext(ctx, updateShelfItemsSQL, append(has, rg.run, rg.from, rg.to)...)
		if err != nil {
			return nil, db.explain("update items from the shelf list", err)
		}
		add, err := t.tx.ExecContext(ctx, insertShelfItemsSQL, rg.run, rg.from, rg.to)
		if err != nil {
			return nil, db.explain("add items from the shelf list", err)
		}
		updated, err := up.RowsAffected()
		if err != nil {
			return nil, fmt.Errorf("update items from the shelf list: %w", err)
		}
		added, err := add.RowsAffected()
		if err != nil {
			return nil, fmt.Errorf("add items from the shelf list: %w", err)
		}
		return func() {
			res.Added += int(added)
			res.Updated += int(updated)
			res.Unchanged += rg.size() - int(added) - int(updated)
		}, nil
	}
}
