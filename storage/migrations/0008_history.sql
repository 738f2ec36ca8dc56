-- 0008: borrowing history kept only as long as needed (ALA K-12 privacy).
--
-- PurgeHistory deletes the journal rows of returned loans once the library
-- server has them (sync 'synced', 'undone' or 'exported') and the station's
-- own refusals (sync 'local') older than [privacy] keep_history_days. What
-- statistics need stays, without patron ids:
--
-- - history_counts: the purged rows counted by day (the station's wall-clock
--   date, YYYY-MM-DD), action and outcome.
-- - journal_seq_floor: the highest seq purged of each station, so a
--   station's sequence never goes back when its newest rows are purged
--   (exactly-once replay names a transaction by station and seq).
CREATE TABLE history_counts (
	day    TEXT NOT NULL,
	action TEXT NOT NULL,
	ok     INTEGER NOT NULL CHECK (ok IN (0, 1)),
	count  INTEGER NOT NULL CHECK (count >= 0),
	PRIMARY KEY (day, action, ok)
) STRICT, WITHOUT ROWID;

CREATE TABLE journal_seq_floor (
	station TEXT PRIMARY KEY NOT NULL,
	seq     INTEGER NOT NULL CHECK (seq >= 0)
) STRICT, WITHOUT ROWID;
