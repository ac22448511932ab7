-- Issue 11: name search through an index. Every search key of a notice's
-- names is filed under its terms (ncblink::names::index_terms), so a search
-- reads the notices sharing a term instead of every notice; the subject's
-- document numbers (',K1,K2,', ncblink::names::identifier_key) corroborate
-- a person check. The Rust step files the notices already stored, and
-- their ICAO keys beside the folding keys.
CREATE TABLE notice_terms (
    term   TEXT NOT NULL,
    notice INTEGER NOT NULL REFERENCES notices(seq) ON DELETE CASCADE,
    PRIMARY KEY (term, notice)
) WITHOUT ROWID;
CREATE INDEX notice_terms_notice ON notice_terms(notice);
ALTER TABLE notices ADD COLUMN documents TEXT NOT NULL DEFAULT '';

-- Issue 11: an envelope id is only compared within its source's namespace.
-- `id` becomes 'SOURCE:uuid' (so its UNIQUE constraint is per source), and
-- `envelope_id` keeps the uuid that requests name.
ALTER TABLE notices ADD COLUMN envelope_id TEXT;
UPDATE notices SET envelope_id = id, id = source || ':' || id;
CREATE INDEX notices_envelope_id ON notices(envelope_id);
ALTER TABLE diffusions ADD COLUMN envelope_id TEXT;
UPDATE diffusions SET envelope_id = id, id = source || ':' || id;
CREATE INDEX diffusions_envelope_id ON diffusions(envelope_id);
ALTER TABLE messages ADD COLUMN envelope_id TEXT;
UPDATE messages SET envelope_id = id, id = source || ':' || id;
CREATE INDEX messages_envelope_id ON messages(envelope_id);

-- Issue 11: tokens expire and rotate. `id` names a token to the operator
-- (the first 12 hex digits of its SHA-256, never the token); times are
-- seconds since 1970, `expires_at` NULL for a token that does not expire.
ALTER TABLE tokens ADD COLUMN id TEXT;
ALTER TABLE tokens ADD COLUMN created_at INTEGER;
ALTER TABLE tokens ADD COLUMN expires_at INTEGER;
UPDATE tokens SET id = lower(hex(substr(token_sha256, 1, 6)));
