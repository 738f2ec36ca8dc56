-- 0006: a read-through cache. Each patron and item row says where it came
-- from and when the library server last spoke of it:
--
-- - source: 'roster' (a roster import or the demo), 'shelflist' (a shelf-list
--   import or the demo), 'server' (learned from the library server's answer
--   to 63 or 17), 'provisional' (an item the station lent offline without
--   knowing it; the librarian sees it listed until the server names it; a
--   card a librarian lent on offline at the desk, likewise).
-- - refreshed_at: the last answer of the library server about the row (NULL:
--   never); refreshed_unix_ns the same for comparisons.
-- - patrons.seen_unix_ns: when the patron last used a station online; learned
--   patrons unseen for [privacy] forget_learned_days are dropped unless they
--   have loans.
-- - patrons.server_charged, server_overdue: what the server counts (64), so an
--   offline decision about a learned patron knows of loans made elsewhere.
-- - items.hold_queue (CF), owner (BG), server_due (AH of an item the server
--   has on loan to someone this cache does not know).
ALTER TABLE patrons ADD COLUMN source TEXT NOT NULL DEFAULT 'roster'
	CHECK (source IN ('roster', 'server', 'provisional'));
ALTER TABLE patrons ADD COLUMN refreshed_at TEXT;
ALTER TABLE patrons ADD COLUMN refreshed_unix_ns INTEGER;
ALTER TABLE patrons ADD COLUMN seen_unix_ns INTEGER;
ALTER TABLE patrons ADD COLUMN server_charged INTEGER NOT NULL DEFAULT 0 CHECK (server_charged >= 0);
ALTER TABLE patrons ADD COLUMN server_overdue INTEGER NOT NULL DEFAULT 0 CHECK (server_overdue >= 0);
CREATE INDEX patrons_learned ON patrons (source, seen_unix_ns) WHERE source = 'server';
CREATE INDEX patrons_seen ON patrons (seen_unix_ns) WHERE seen_unix_ns IS NOT NULL;

ALTER TABLE items ADD COLUMN source TEXT NOT NULL DEFAULT 'shelflist'
	CHECK (source IN ('shelflist', 'server', 'provisional'));
ALTER TABLE items ADD COLUMN refreshed_at TEXT;
ALTER TABLE items ADD COLUMN refreshed_unix_ns INTEGER;
ALTER TABLE items ADD COLUMN hold_queue INTEGER NOT NULL DEFAULT 0 CHECK (hold_queue >= 0);
ALTER TABLE items ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN server_due TEXT;
CREATE INDEX items_provisional ON items (source) WHERE source <> 'shelflist';
