-- 0007: the audit: what the librarian did (PIN unlocks, mode changes,
-- overrides, exception resolutions, roster imports, finalized inventories,
-- settings), with when and on which station. Append only: triggers refuse
-- to change or delete a row, whoever writes the SQL.
CREATE TABLE audit (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	at      TEXT NOT NULL,
	station TEXT NOT NULL,
	action  TEXT NOT NULL CHECK (action <> ''),
	detail  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit is append only');
END;

CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit is append only');
END;
