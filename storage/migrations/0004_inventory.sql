-- 0004: inventories (shelf checks against the catalog), and what they need
-- of the cache: the item status 'withdrawn', the journal action 'missing'
-- (finalize marks unaccounted items missing, kept on this station: SIP2
-- cannot mark an item missing, so the library server gets a barcode file),
-- the items' collection and the time each was last seen on a shelf.
--
-- SQLite cannot change a CHECK constraint, so items and journal are rebuilt:
-- copy the rows aside, drop the table, create it anew under the same name,
-- copy the rows back, recreate the indexes. loans, holds and set_copies
-- reference items, and exceptions reference journal: with the foreign keys
-- deferred, dropping a table counts its children as orphans and copying
-- the rows back finds them their parents again, so the check at commit
-- passes. (Renaming a new table into place instead would leave the count
-- of orphans from the drop standing.)
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE items_copy AS SELECT * FROM items;
DROP TABLE items;
CREATE TABLE items (
	barcode           TEXT PRIMARY KEY NOT NULL,
	rfid_uid          TEXT UNIQUE,              -- NULL: no tag
	title             TEXT NOT NULL DEFAULT '',
	author            TEXT NOT NULL DEFAULT '',
	call_number       TEXT NOT NULL DEFAULT '',
	location          TEXT NOT NULL DEFAULT '',
	material_type     TEXT NOT NULL DEFAULT '',
	status            TEXT NOT NULL DEFAULT 'available'
		CHECK (status IN ('available', 'on_loan', 'on_hold', 'lost', 'missing', 'withdrawn')),
	parts             INTEGER NOT NULL DEFAULT 1 CHECK (parts >= 1),
	collection        TEXT NOT NULL DEFAULT '',
	last_seen         TEXT,                     -- NULL: never seen by an inventory
	last_seen_unix_ns INTEGER
) STRICT;

INSERT INTO items (barcode, rfid_uid, title, author, call_number, location, material_type, status, parts)
	SELECT barcode, rfid_uid, title, author, call_number, location, material_type, status, parts FROM items_copy;
DROP TABLE items_copy;
CREATE INDEX items_status ON items (status);
CREATE INDEX items_location ON items (location);

CREATE TEMP TABLE journal_copy AS SELECT * FROM journal;
-- Row ids are never reused: keep the AUTOINCREMENT high-water mark.
CREATE TEMP TABLE journal_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'journal';
DROP TABLE journal;
CREATE TABLE journal (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	station    TEXT NOT NULL,
	seq        INTEGER NOT NULL CHECK (seq >= 1),
	at         TEXT NOT NULL,
	at_unix_ns INTEGER NOT NULL,
	action     TEXT NOT NULL CHECK (action IN ('checkout', 'checkin', 'renew', 'security', 'missing')),
	patron     TEXT NOT NULL DEFAULT '',    -- '' for a check-in of an item not out
	item       TEXT NOT NULL,
	ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
	code       TEXT NOT NULL,
	due        TEXT,                        -- NULL: no due date
	sync       TEXT NOT NULL CHECK (sync IN ('pending', 'local', 'synced', 'exception', 'undone')),
	sent       INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)), -- it went to the library server at least once
	UNIQUE (station, seq)
) STRICT;

INSERT INTO journal (id, station, seq, at, at_unix_ns, action, patron, item, ok, code, due, sync, sent)
	SELECT id, station, seq, at, at_unix_ns, action, patron, item, ok, code, due, sync, sent FROM journal_copy ORDER BY id;
UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM journal_seq)) WHERE name = 'journal';
DROP TABLE journal_copy;
DROP TABLE journal_seq;
CREATE INDEX journal_sync ON journal (sync);
CREATE INDEX journal_at ON journal (at_unix_ns);
CREATE INDEX journal_patron ON journal (patron);

-- An inventory: a named check of part of the collection. The scope is fixed
-- when it starts (inventory_scope), like Destiny's; uid names it across
-- stations (a scan file carries it).
CREATE TABLE inventories (
	id                INTEGER PRIMARY KEY,
	uid               TEXT NOT NULL UNIQUE,
	name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
	location          TEXT NOT NULL DEFAULT '',  -- '' : every location
	collection        TEXT NOT NULL DEFAULT '',
	material_type     TEXT NOT NULL DEFAULT '',
	call_from         TEXT NOT NULL DEFAULT '',  -- '' : from the first call number
	call_to           TEXT NOT NULL DEFAULT '',  -- '' : to the last
	scheme            TEXT NOT NULL DEFAULT '',  -- call-number scheme: '' auto, dewey, lc
	skip_seen_since   TEXT,                      -- NULL: no item is skipped
	status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finalized')),
	station           TEXT NOT NULL DEFAULT '',  -- the station that started it
	created_at        TEXT NOT NULL,
	finalized_at      TEXT,
	missing_file      TEXT NOT NULL DEFAULT ''   -- the barcode file finalize wrote
) STRICT;

-- The items an inventory expects to find, with their shelf-order keys
-- (compared bytewise: BINARY collation, never NOCASE).
CREATE TABLE inventory_scope (
	inventory_id INTEGER NOT NULL REFERENCES inventories (id) ON DELETE CASCADE,
	item         TEXT NOT NULL,
	call_number  TEXT NOT NULL DEFAULT '',  -- as it was when the inventory started
	shelf_key    TEXT NOT NULL,
	PRIMARY KEY (inventory_id, item)
) STRICT, WITHOUT ROWID;

CREATE INDEX inventory_scope_order ON inventory_scope (inventory_id, shelf_key);

-- What was scanned: one row per item and inventory (a re-read is not a new
-- row). item has no foreign key: barcodes not in the catalog are kept too.
CREATE TABLE inventory_scans (
	id            INTEGER PRIMARY KEY,
	inventory_id  INTEGER NOT NULL REFERENCES inventories (id) ON DELETE CASCADE,
	item          TEXT NOT NULL,
	station       TEXT NOT NULL,
	at            TEXT NOT NULL,
	at_unix_ns    INTEGER NOT NULL,
	result        TEXT NOT NULL CHECK (result IN ('on_shelf', 'out_of_order', 'wrong_location', 'checked_out',
		'not_in_catalog', 'lost_found', 'withdrawn_found')),
	belongs_after TEXT NOT NULL DEFAULT '',
	in_scope      INTEGER NOT NULL DEFAULT 0 CHECK (in_scope IN (0, 1)),
	reader_kind   TEXT NOT NULL DEFAULT '',      -- barcode, rfid_item, typed
	reader        TEXT NOT NULL DEFAULT '',      -- which reader ("keyboard", a port)
	UNIQUE (inventory_id, item)
) STRICT;

CREATE INDEX inventory_scans_order ON inventory_scans (inventory_id, station, id);
