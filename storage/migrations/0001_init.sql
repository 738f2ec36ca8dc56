-- 0001: the station's cache (patrons, items, loans, holds) and its journal.
--
-- Times are kept twice where they are sorted or filtered: as RFC 3339 text
-- with the zone offset the wall clock showed (it round-trips time.Time) and
-- as Unix nanoseconds (the *_unix_ns columns) for comparisons. A NULL time is
-- the zero time.

CREATE TABLE patrons (
	id           TEXT PRIMARY KEY NOT NULL, -- card number; the school id for students
	account_id   TEXT,                      -- library account id at the ILS; NULL: same as id
	first_name   TEXT NOT NULL DEFAULT '',
	last_name    TEXT NOT NULL DEFAULT '',
	type         TEXT NOT NULL CHECK (type IN ('student', 'teacher', 'staff')),
	school       TEXT NOT NULL DEFAULT '',
	grade        TEXT NOT NULL DEFAULT '',
	homeroom     TEXT NOT NULL DEFAULT '',
	expires      TEXT,                      -- NULL: the card does not expire
	blocked      INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
	block_reason TEXT NOT NULL DEFAULT '',
	item_limit   INTEGER NOT NULL DEFAULT 0 CHECK (item_limit >= 0),
	loan_days    INTEGER NOT NULL DEFAULT 0 CHECK (loan_days >= 0)
) STRICT;

CREATE INDEX patrons_account_id ON patrons (account_id, id);
CREATE INDEX patrons_homeroom ON patrons (homeroom);

CREATE TABLE patron_aliases (
	alias     TEXT PRIMARY KEY NOT NULL,
	patron_id TEXT NOT NULL REFERENCES patrons (id) ON DELETE CASCADE
) STRICT;

CREATE INDEX patron_aliases_patron_id ON patron_aliases (patron_id);

CREATE TABLE items (
	barcode       TEXT PRIMARY KEY NOT NULL,
	rfid_uid      TEXT UNIQUE,              -- NULL: no tag
	title         TEXT NOT NULL DEFAULT '',
	author        TEXT NOT NULL DEFAULT '',
	call_number   TEXT NOT NULL DEFAULT '',
	location      TEXT NOT NULL DEFAULT '',
	material_type TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL DEFAULT 'available'
		CHECK (status IN ('available', 'on_loan', 'on_hold', 'lost', 'missing')),
	parts         INTEGER NOT NULL DEFAULT 1 CHECK (parts >= 1)
) STRICT;

CREATE INDEX items_status ON items (status);

CREATE TABLE loans (
	item        TEXT PRIMARY KEY NOT NULL REFERENCES items (barcode),
	patron_id   TEXT NOT NULL REFERENCES patrons (id),
	out_at      TEXT NOT NULL,
	out_unix_ns INTEGER NOT NULL,
	due_at      TEXT NOT NULL,
	due_unix_ns INTEGER NOT NULL,
	renewals    INTEGER NOT NULL DEFAULT 0 CHECK (renewals >= 0)
) STRICT;

CREATE INDEX loans_patron_id ON loans (patron_id, out_unix_ns, item);
CREATE INDEX loans_due ON loans (due_unix_ns);

CREATE TABLE holds (
	id             INTEGER PRIMARY KEY,
	item           TEXT NOT NULL REFERENCES items (barcode),
	patron_id      TEXT NOT NULL REFERENCES patrons (id),
	placed_at      TEXT NOT NULL,
	placed_unix_ns INTEGER NOT NULL,
	expires_at     TEXT                     -- NULL: no expiry
) STRICT;

CREATE INDEX holds_item ON holds (item, placed_unix_ns);
CREATE INDEX holds_patron_id ON holds (patron_id);

-- The journal keeps every decision, including refusals of items or cards the
-- cache does not know, so it has no foreign keys.
CREATE TABLE journal (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	station    TEXT NOT NULL,
	seq        INTEGER NOT NULL CHECK (seq >= 1),
	at         TEXT NOT NULL,
	at_unix_ns INTEGER NOT NULL,
	action     TEXT NOT NULL CHECK (action IN ('checkout', 'checkin', 'renew', 'security')),
	patron     TEXT NOT NULL DEFAULT '',    -- '' for a check-in of an item not out
	item       TEXT NOT NULL,
	ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
	code       TEXT NOT NULL,
	due        TEXT,                        -- NULL: no due date
	sync       TEXT NOT NULL CHECK (sync IN ('pending', 'local', 'synced', 'exception', 'undone')),
	sent       INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)), -- it went to the library server at least once
	UNIQUE (station, seq)
) STRICT;

CREATE INDEX journal_sync ON journal (sync);
CREATE INDEX journal_at ON journal (at_unix_ns);
CREATE INDEX journal_patron ON journal (patron);
