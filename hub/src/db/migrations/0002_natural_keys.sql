-- ncblink hub schema, version 2: natural keys for vehicles and firearms,
-- so that a record is stored once whatever the retries. The column is
-- filled by the hub (db::records::natural_key) for existing rows, then
-- duplicates are dropped (the first registration kept) and the unique
-- indexes created (0002_natural_keys_index.sql).

ALTER TABLE smv ADD COLUMN natural_key TEXT;
ALTER TABLE iarms ADD COLUMN natural_key TEXT;
