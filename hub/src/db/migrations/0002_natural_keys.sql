-- ncblink hub schema, version 2: natural keys for vehicles and firearms,
-- and the windows of coalesced hit notifications (below). Natural keys:
-- so that a record is stored once whatever the retries. The column is
-- filled by the hub (db::records::natural_key) for existing rows, then
-- duplicates are dropped (the first registration kept) and the unique
-- indexes created (0002_natural_keys_index.sql).

ALTER TABLE smv ADD COLUMN natural_key TEXT;
ALTER TABLE iarms ADD COLUMN natural_key TEXT;

-- Hit notifications are coalesced: one inbox item per record, checking
-- NCB and window, whose count grows with each hit of the window.
CREATE TABLE hit_windows (
    owner     TEXT NOT NULL,
    record_id TEXT NOT NULL,
    checker   TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (owner, record_id, checker)
) WITHOUT ROWID;
CREATE INDEX hit_windows_opened ON hit_windows(opened_at);
