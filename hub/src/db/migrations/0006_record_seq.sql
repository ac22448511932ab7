-- Issue 18: a change sequence number per record, so that an NCB can list
-- its own records and tell what changed. One counter per table; the rows
-- already stored take their id (ids grow, so the order holds).
ALTER TABLE sltd ADD COLUMN seq INTEGER;
ALTER TABLE smv ADD COLUMN seq INTEGER;
ALTER TABLE iarms ADD COLUMN seq INTEGER;
UPDATE sltd SET seq = id;
UPDATE smv SET seq = id;
UPDATE iarms SET seq = id;
CREATE INDEX sltd_owner_seq ON sltd(owner, seq);
CREATE INDEX smv_owner_seq ON smv(owner, seq);
CREATE INDEX iarms_owner_seq ON iarms(owner, seq);

CREATE TABLE record_seqs (
    tbl  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO record_seqs(tbl, last) SELECT 'sltd', coalesce(max(seq), 0) FROM sltd;
INSERT INTO record_seqs(tbl, last) SELECT 'smv', coalesce(max(seq), 0) FROM smv;
INSERT INTO record_seqs(tbl, last) SELECT 'iarms', coalesce(max(seq), 0) FROM iarms;
