-- 0009: a roster import counts apart the patrons it only linked to the
-- roster (the station had them by card number, the demo's say, and nothing
-- about them changed), so the first import after seeding does not say it
-- updated everyone.
ALTER TABLE roster_imports ADD COLUMN adopted INTEGER NOT NULL DEFAULT 0;
