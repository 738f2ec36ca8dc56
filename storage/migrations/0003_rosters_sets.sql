-- 0003: the school's rosters (classes and who is enrolled in them, from
-- OneRoster or a plain CSV) and book sets (copies lent together to a teacher
-- or handed out to a class).

-- source_id is the roster's own key for the person (OneRoster sourcedId):
-- re-imports match on it, never on the card number, which may change.
ALTER TABLE patrons ADD COLUMN source_id TEXT;
-- A patron missing from a full roster import is made inactive, never
-- deleted: they may still have books out.
ALTER TABLE patrons ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
CREATE UNIQUE INDEX patrons_source_id ON patrons (source_id) WHERE source_id IS NOT NULL;

CREATE TABLE classes (
	id      TEXT PRIMARY KEY NOT NULL,      -- OneRoster sourcedId; "homeroom:NAME" from a plain CSV
	name    TEXT NOT NULL,
	teacher TEXT NOT NULL DEFAULT '',       -- display name of the teacher, as the roster gives it
	school  TEXT NOT NULL DEFAULT '',
	active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE enrollments (
	class_id  TEXT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
	patron_id TEXT NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
	role      TEXT NOT NULL CHECK (role IN ('student', 'teacher', 'staff')),
	PRIMARY KEY (class_id, patron_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX enrollments_patron ON enrollments (patron_id);

-- Each roster import, for the librarian's roster screen.
CREATE TABLE roster_imports (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	source      TEXT NOT NULL,              -- the file or folder imported
	format      TEXT NOT NULL,
	full_import INTEGER NOT NULL CHECK (full_import IN (0, 1)),
	added       INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	deactivated INTEGER NOT NULL,
	classes     INTEGER NOT NULL,
	enrollments INTEGER NOT NULL
) STRICT;

CREATE TABLE roster_rejects (
	import_id INTEGER NOT NULL REFERENCES roster_imports (id) ON DELETE CASCADE,
	file      TEXT NOT NULL,
	line      INTEGER NOT NULL,
	reason    TEXT NOT NULL
) STRICT;

CREATE INDEX roster_rejects_import ON roster_rejects (import_id);

CREATE TABLE book_sets (
	name       TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
	created_at TEXT NOT NULL
) STRICT;

-- A copy belongs to one set. holder is who the copy went to at the set's
-- latest handout ('' when it has not gone out since it joined the set); the
-- copy is back when the holder no longer has it on loan.
CREATE TABLE set_copies (
	item     TEXT PRIMARY KEY NOT NULL REFERENCES items (barcode),
	set_name TEXT NOT NULL REFERENCES book_sets (name) ON DELETE CASCADE,
	holder   TEXT NOT NULL DEFAULT '',
	class_id TEXT NOT NULL DEFAULT '',      -- the class it was handed out to, '' for a teacher's loan
	out_at   TEXT
) STRICT;

CREATE INDEX set_copies_set ON set_copies (set_name, item);
