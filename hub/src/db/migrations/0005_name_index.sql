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
