-- 0002: exceptions, the journaled transactions the library server refused
-- (or changed) on replay, waiting for the librarian.
--
-- A journal row has at most one open exception. Retrying one closes it (note
-- 'retried') and puts its journal row back to 'pending'; if the server
-- refuses again, a new exception is opened, so the history stays.

CREATE TABLE exceptions (
	id          INTEGER PRIMARY KEY,
	journal_id  INTEGER NOT NULL REFERENCES journal (id),
	code        TEXT NOT NULL CHECK (code <> ''),
	message     TEXT NOT NULL DEFAULT '',  -- the server's screen message
	at          TEXT NOT NULL,             -- when the server answered
	resolved_at TEXT,                      -- NULL: open
	note        TEXT NOT NULL DEFAULT ''   -- the librarian's note on resolving
) STRICT;

-- The open ones: counted for the status bar and listed for the librarian.
CREATE UNIQUE INDEX exceptions_open ON exceptions (journal_id) WHERE resolved_at IS NULL;
CREATE INDEX exceptions_code ON exceptions (code);
CREATE INDEX exceptions_journal ON exceptions (journal_id);
