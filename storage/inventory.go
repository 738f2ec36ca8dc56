package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/circ/callnumber"
	"github.com/circdesk/circdesk/circ/inventory"
)

var _ inventory.Store = (*DB)(nil)

const inventoryCols = `id, uid, name, location, collection, material_type, call_from, call_to, scheme,
	skip_seen_since, status, station, created_at, finalized_at, missing_file`

type inventoryRow struct {
	ID           int64          `db:"id"`
	UID          string         `db:"uid"`
	Name         string         `db:"name"`
	Location     string         `db:"location"`
	Collection   string         `db:"collection"`
	MaterialType string         `db:"material_type"`
	From         string         `db:"call_from"`
	To           string         `db:"call_to"`
	Scheme       string         `db:"scheme"`
	SkipSince    sql.NullString `db:"skip_seen_since"`
	Status       string         `db:"status"`
	Station      string         `db:"station"`
	Created      string         `db:"created_at"`
	Finalized    sql.NullString `db:"finalized_at"`
	MissingFile  string         `db:"missing_file"`
}

func (r inventoryRow) info() (inventory.Info, error) {
	inv := inventory.Info{ID: r.ID, UID: r.UID, Status: inventory.Status(r.Status), Station: r.Station, MissingFile: r.MissingFile,
		Spec: inventory.Spec{Name: r.Name, Location: r.Location, Collection: r.Collection, MaterialType: r.MaterialType,
			From: r.From, To: r.To, Scheme: callnumber.Scheme(r.Scheme)}}
	var err error
	if inv.SkipSeenSince, err = parseOptionalTime(r.SkipSince); err != nil {
		return inv, err
	}
	if inv.Created, err = parseTime(r.Created); err != nil {
		return inv, err
	}
	if inv.Finalized, err = parseOptionalTime(r.Finalized); err != nil {
		return inv, err
	}
	return inv, nil
}

// Candidates lists the items that may be in an inventory's scope.
func (db *DB) Candidates(ctx context.Context, spec inventory.Spec) ([]circ.Item, error) {
	q := `SELECT ` + itemCols + ` FROM items WHERE status NOT IN ('lost', 'missing', 'withdrawn')`
	var args []any
	for _, f := range []struct{ col, val string }{
		{"location", spec.Location}, {"collection", spec.Collection}, {"material_type", spec.MaterialType},
	} {
		if f.val != "" {
			q += ` AND ` + f.col + ` = ? COLLATE NOCASE`
			args = append(args, f.val)
		}
	}
	if !spec.SkipSeenSince.IsZero() {
		q += ` AND (last_seen_unix_ns IS NULL OR last_seen_unix_ns < ?)`
		args = append(args, spec.SkipSeenSince.UnixNano())
	}
	var rows []itemRow
	if err := db.r.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, db.explain("list the items of an inventory", err)
	}
	out := make([]circ.Item, len(rows))
	for i, r := range rows {
		out[i] = r.item()
	}
	return out, nil
}

// CreateInventory stores a new inventory, its scope and its first scans
// in one transaction.
func (db *DB) CreateInventory(ctx context.Context, inv inventory.Info, scope []inventory.ScopeItem, scans []inventory.Scan) (inventory.Info, []bool, error) {
	stored := make([]bool, len(scans))
	err := db.write(ctx, func(t *writeTx) error {
		res, err := t.tx.ExecContext(ctx, `INSERT INTO inventories (uid, name, location, collection, material_type,
			call_from, call_to, scheme, skip_seen_since, status, station, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			inv.UID, inv.Name, inv.Location, inv.Collection, inv.MaterialType, inv.From, inv.To, string(inv.Scheme),
			optionalTimeText(inv.SkipSeenSince), string(inventory.Open), inv.Station, timeText(inv.Created))
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed: inventories.name") {
				return fmt.Errorf("%w: %s", inventory.ErrExists, inv.Name)
			}
			return db.explain("store the inventory", err)
		}
		if inv.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("inventory id: %w", err)
		}
		st, err := t.tx.PreparexContext(ctx, `INSERT INTO inventory_scope (inventory_id, item, call_number, shelf_key) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return db.explain("store the scope", err)
		}
		defer st.Close()
		for _, it := range scope {
			if _, err := st.ExecContext(ctx, inv.ID, it.Barcode, it.CallNumber, it.Key); err != nil {
				return db.explain("store the scope", err)
			}
		}
		return db.addScans(ctx, t, inv.ID, scans, nil, stored)
	})
	if err != nil {
		return inventory.Info{}, nil, err
	}
	inv.Status = inventory.Open
	return inv, stored, nil
}

func (db *DB) inventoryWhere(ctx context.Context, where string, arg any) (inventory.Info, error) {
	var r inventoryRow
	err := db.r.GetContext(ctx, &r, `SELECT `+inventoryCols+` FROM inventories WHERE `+where, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return inventory.Info{}, inventory.ErrUnknown
	}
	if err != nil {
		return inventory.Info{}, db.explain("look up inventory", err)
	}
	return r.info()
}

// Inventory finds an inventory by name, in any case.
func (db *DB) Inventory(ctx context.Context, name string) (inventory.Info, error) {
	return db.inventoryWhere(ctx, `name = ?`, name)
}

// InventoryByUID finds an inventory by UID.
func (db *DB) InventoryByUID(ctx context.Context, uid string) (inventory.Info, error) {
	return db.inventoryWhere(ctx, `uid = ?`, uid)
}

// Inventories lists the inventories, newest first, with their counts.
func (db *DB) Inventories(ctx context.Context) ([]inventory.Summary, error) {
	var rows []struct {
		inventoryRow
		Scope     int `db:"scope"`
		Accounted int `db:"accounted"`
		Scanned   int `db:"scanned"`
	}
	err := db.r.SelectContext(ctx, &rows, `SELECT `+inventoryCols+`,
		(SELECT count(*) FROM inventory_scope s WHERE s.inventory_id = i.id) AS scope,
		(SELECT count(*) FROM inventory_scope s JOIN items it ON it.barcode = s.item
			WHERE s.inventory_id = i.id AND (it.status IN ('on_loan', 'on_hold')
				OR EXISTS (SELECT 1 FROM inventory_scans c WHERE c.inventory_id = i.id AND c.item = s.item))) AS accounted,
		(SELECT count(*) FROM inventory_scans c WHERE c.inventory_id = i.id) AS scanned
		FROM inventories i ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, db.explain("list inventories", err)
	}
	out := make([]inventory.Summary, len(rows))
	for i, r := range rows {
		info, err := r.info()
		if err != nil {
			return nil, err
		}
		out[i] = inventory.Summary{Info: info, Scope: r.Scope, Accounted: r.Accounted, Scanned: r.Scanned}
	}
	return out, nil
}

// Scope lists an inventory's scope in shelf order.
func (db *DB) Scope(ctx context.Context, id int64) ([]inventory.ScopeItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT s.item, s.call_number, s.shelf_key,
		coalesce(it.status IN ('on_loan', 'on_hold'), 0) OR EXISTS (SELECT 1 FROM loans l WHERE l.item = s.item)
		FROM inventory_scope s LEFT JOIN items it ON it.barcode = s.item
		WHERE s.inventory_id = ? ORDER BY s.shelf_key, s.item`, id)
	if err != nil {
		return nil, db.explain("read the scope", err)
	}
	defer rows.Close()
	var out []inventory.ScopeItem
	for rows.Next() {
		var it inventory.ScopeItem
		if err := rows.Scan(&it.Barcode, &it.CallNumber, &it.Key, &it.Out); err != nil {
			return nil, db.explain("read the scope", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, db.explain("read the scope", err)
	}
	return out, nil
}

const scanCols = `id, item, station, at, result, belongs_after, in_scope, reader_kind, reader`

type scanRow struct {
	ID           int64  `db:"id"`
	Item         string `db:"item"`
	Station      string `db:"station"`
	At           string `db:"at"`
	Result       string `db:"result"`
	BelongsAfter string `db:"belongs_after"`
	InScope      bool   `db:"in_scope"`
	ReaderKind   string `db:"reader_kind"`
	Reader       string `db:"reader"`
}

func (r scanRow) scan() (inventory.Scan, error) {
	at, err := parseTime(r.At)
	return inventory.Scan{ID: r.ID, Item: r.Item, Station: r.Station, At: at, Result: inventory.Result(r.Result),
		BelongsAfter: r.BelongsAfter, InScope: r.InScope, ReaderKind: r.ReaderKind, Reader: r.Reader}, err
}

// Scans lists an inventory's scans in the order they were stored.
func (db *DB) Scans(ctx context.Context, id int64) ([]inventory.Scan, error) {
	var rows []scanRow
	if err := db.r.SelectContext(ctx, &rows, `SELECT `+scanCols+` FROM inventory_scans WHERE inventory_id = ? ORDER BY id`, id); err != nil {
		return nil, db.explain("read the scans", err)
	}
	out := make([]inventory.Scan, len(rows))
	for i, r := range rows {
		var err error
		if out[i], err = r.scan(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AddScans stores new scans and changed results in one transaction, and
// records when the items were last seen.
func (db *DB) AddScans(ctx context.Context, id int64, add, change []inventory.Scan) ([]bool, error) {
	stored := make([]bool, len(add))
	err := db.write(ctx, func(t *writeTx) error {
		var status string
		if err := t.tx.GetContext(ctx, &status, `SELECT status FROM inventories WHERE id = ?`, id); err != nil {
			return db.explain("look up inventory", err)
		}
		if status != string(inventory.Open) {
			return inventory.ErrFinalized
		}
		return db.addScans(ctx, t, id, add, change, stored)
	})
	if err != nil {
		return nil, err
	}
	return stored, nil
}

// addScans stores scans and changes results (AddScans) in a transaction,
// setting stored[i] when add[i] was stored.
func (db *DB) addScans(ctx context.Context, t *writeTx, id int64, add, change []inventory.Scan, stored []bool) error {
	if len(add) == 0 && len(change) == 0 {
		return nil
	}
	ins, err := t.tx.PreparexContext(ctx, `INSERT INTO inventory_scans (inventory_id, item, station, at, at_unix_ns,
		result, belongs_after, in_scope, reader_kind, reader) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (inventory_id, item) DO NOTHING`)
	if err != nil {
		return db.explain("store scans", err)
	}
	defer ins.Close()
	seen, err := t.tx.PreparexContext(ctx, `UPDATE items SET last_seen = ?, last_seen_unix_ns = ?
		WHERE barcode = ? AND (last_seen_unix_ns IS NULL OR last_seen_unix_ns < ?)`)
	if err != nil {
		return db.explain("store scans", err)
	}
	defer seen.Close()
	for i, sc := range add {
		ns, err := unixNano("scan", sc.At)
		if err != nil {
			return err
		}
		res, err := ins.ExecContext(ctx, id, sc.Item, sc.Station, timeText(sc.At), ns, string(sc.Result),
			sc.BelongsAfter, sc.InScope, sc.ReaderKind, sc.Reader)
		if err != nil {
			return db.explain("store a scan", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store a scan: %w", err)
		}
		stored[i] = n == 1
		if stored[i] && sc.Result != inventory.NotInCatalog {
			if _, err := seen.ExecContext(ctx, timeText(sc.At), ns, sc.Item, ns); err != nil {
				return db.explain("record an item seen", err)
			}
		}
	}
	for _, sc := range change {
		if _, err := t.tx.ExecContext(ctx, `UPDATE inventory_scans SET result = ?, belongs_after = ?
			WHERE inventory_id = ? AND item = ?`, string(sc.Result), sc.BelongsAfter, id, sc.Item); err != nil {
			return db.explain("change a scan", err)
		}
	}
	return nil
}

// Entries lists every item of an inventory's scope and every scan, with
// what the cache knows of the item now.
func (db *DB) Entries(ctx context.Context, id int64) ([]inventory.Entry, error) {
	const cols = `e.item, e.in_scope, e.shelf_key, it.barcode IS NOT NULL, coalesce(it.title, ''), coalesce(it.author, ''),
		coalesce(it.call_number, e.call_number), coalesce(it.location, ''), coalesce(it.collection, ''),
		coalesce(it.material_type, ''), coalesce(it.status, ''),
		EXISTS (SELECT 1 FROM loans l WHERE l.item = e.item),
		c.id IS NOT NULL, coalesce(c.id, 0), coalesce(c.station, ''), coalesce(c.at, ''), coalesce(c.result, ''),
		coalesce(c.belongs_after, ''), coalesce(c.reader_kind, ''), coalesce(c.reader, '')`
	q := `WITH e AS (
			SELECT item, 1 AS in_scope, shelf_key, call_number FROM inventory_scope WHERE inventory_id = ?1
			UNION ALL
			SELECT item, 0, '', '' FROM inventory_scans c
				WHERE c.inventory_id = ?1 AND NOT EXISTS (SELECT 1 FROM inventory_scope s WHERE s.inventory_id = ?1 AND s.item = c.item)
		)
		SELECT ` + cols + ` FROM e
		LEFT JOIN items it ON it.barcode = e.item
		LEFT JOIN inventory_scans c ON c.inventory_id = ?1 AND c.item = e.item`
	rows, err := db.r.QueryContext(ctx, q, id)
	if err != nil {
		return nil, db.explain("read the inventory", err)
	}
	defer rows.Close()
	var out []inventory.Entry
	for rows.Next() {
		var e inventory.Entry
		var status, at, result string
		if err := rows.Scan(&e.Item.Barcode, &e.InScope, &e.Key, &e.Catalog, &e.Item.Title, &e.Item.Author,
			&e.Item.CallNumber, &e.Item.Location, &e.Item.Collection, &e.Item.MaterialType, &status, &e.OnLoan,
			&e.Scanned, &e.Scan.ID, &e.Scan.Station, &at, &result, &e.Scan.BelongsAfter, &e.Scan.ReaderKind, &e.Scan.Reader); err != nil {
			return nil, db.explain("read the inventory", err)
		}
		e.Item.Status, e.Scan.Item, e.Scan.Result, e.Scan.InScope = circ.ItemStatus(status), e.Item.Barcode, inventory.Result(result), e.InScope
		if at != "" {
			if e.Scan.At, err = parseTime(at); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, db.explain("read the inventory", err)
	}
	return out, nil
}

// Finalize closes the inventory and, in the same transaction, marks
// missing each item of its scope not scanned, not on loan and available,
// with a journal row kept on this station. The inventory is closed first,
// so the transaction holds the write lock while it makes the list: an item
// checked out meanwhile is on loan in it, or its checkout waits.
func (db *DB) Finalize(ctx context.Context, id int64, station string, at time.Time, write func(missing []string) (string, error)) ([]string, error) {
	var missing []string
	err := db.write(ctx, func(t *writeTx) error {
		missing = nil
		res, err := t.tx.ExecContext(ctx, `UPDATE inventories SET status = 'finalized', finalized_at = ?
			WHERE id = ? AND status = 'open'`, timeText(at), id)
		if err != nil {
			return db.explain("finalize the inventory", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("finalize the inventory: %w", err)
		} else if n == 0 {
			return inventory.ErrFinalized
		}
		if err := t.tx.SelectContext(ctx, &missing, `SELECT s.item FROM inventory_scope s
			JOIN items it ON it.barcode = s.item
			WHERE s.inventory_id = ?1 AND it.status = 'available'
				AND NOT EXISTS (SELECT 1 FROM inventory_scans c WHERE c.inventory_id = ?1 AND c.item = s.item)
				AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.item = s.item)
			ORDER BY s.shelf_key, s.item`, id); err != nil {
			return db.explain("list the missing items", err)
		}
		for _, item := range missing {
			if _, err := t.record(circ.Change{
				Txn:    circ.Transaction{Station: station, At: at, Action: circ.MarkMissing, Item: item, OK: true, Code: circ.CodeMarkedMissing, Sync: circ.LocalOnly},
				Effect: circ.Effect{Status: circ.Missing},
			}); err != nil {
				return fmt.Errorf("mark item %s missing: %w", item, err)
			}
		}
		file, err := write(missing)
		if err != nil {
			return err
		}
		if _, err := t.tx.ExecContext(ctx, `UPDATE inventories SET missing_file = ? WHERE id = ?`, file, id); err != nil {
			return db.explain("finalize the inventory", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return missing, nil
}
