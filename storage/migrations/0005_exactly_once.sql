-- 0005: what exactly-once replay needs of the journal.
--
-- - sync 'exported': the row went to the library server in a Koha offline
--   circulation file (circctl export-koc); it is never replayed.
-- - attempts: how many times the row was sent without a proven answer; after
--   a few the reconciler gives it to the librarian (exception 'no_answer').
-- - server_due: the library server's own due date when it differs from the
--   one the station gave (due keeps what the student was told).
-- - prev_due: a renewal's due date before it, so a renewal whose answer was
--   lost can be settled by the server's due date.
--
-- SQLite cannot change a CHECK constraint, so journal is rebuilt as 0004 did
-- (see there for why the foreign keys are deferred).
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE journal_copy AS SELECT * FROM journal;
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
	sync       TEXT NOT NULL CHECK (sync IN ('pending', 'local', 'synced', 'exception', 'undone', 'exported')),
	sent       INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)), -- it went to the library server at least once
	attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),  -- sends without a proven answer
	server_due TEXT,                        -- NULL: the server's due date is due (or none was given)
	prev_due   TEXT,                        -- a renewal: the due date it replaced
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
CREATE INDEX journal_item ON journal (item);
