-- ncblink hub schema, version 1.
-- Documents are stored as their JSON (the model is the schema); the
-- columns beside them are what queries filter, sort and match on.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE ncbs (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    -- The seq the next inbox item gets, and the last acknowledged one.
    next_seq  INTEGER NOT NULL DEFAULT 1,
    acked_seq INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE ncb_keys (
    kid        TEXT PRIMARY KEY,
    ncb        TEXT NOT NULL REFERENCES ncbs(code),
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- Only the SHA-256 of a token is kept.
CREATE TABLE tokens (
    token_sha256 BLOB PRIMARY KEY,
    ncb          TEXT NOT NULL REFERENCES ncbs(code)
) WITHOUT ROWID;
CREATE INDEX tokens_ncb ON tokens(ncb);

-- Sandbox only: the demo NCBs' token and private key, so that a sandbox
-- restarted on the same file gives the same credentials. A production hub
-- holds no private key and no token in clear.
CREATE TABLE sandbox_secrets (
    ncb         TEXT PRIMARY KEY REFERENCES ncbs(code),
    token       TEXT NOT NULL,
    kid         TEXT NOT NULL,
    signing_key BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE notices (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    notice_year     INTEGER,
    notice_serial   INTEGER,
    type            TEXT NOT NULL,
    status          TEXT NOT NULL,
    source          TEXT NOT NULL,
    recipients      TEXT NOT NULL,
    access          TEXT NOT NULL,
    name            TEXT,
    date_of_birth   TEXT,
    -- ',FR,DE,' so that one nationality is found with instr().
    nationalities   TEXT NOT NULL,
    envelope        TEXT NOT NULL,
    report          TEXT NOT NULL,
    history         TEXT NOT NULL,
    suspended_until TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX notices_notice_id ON notices(notice_year, notice_serial) WHERE notice_year IS NOT NULL;
CREATE INDEX notices_status ON notices(status);

-- The search keys of every name of a notice's subject (ncblink::names).
CREATE TABLE notice_names (
    notice INTEGER NOT NULL REFERENCES notices(seq) ON DELETE CASCADE,
    key    TEXT NOT NULL
);
CREATE INDEX notice_names_key ON notice_names(key);
CREATE INDEX notice_names_notice ON notice_names(notice);

CREATE TABLE notice_serials (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE diffusions (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL,
    status     TEXT NOT NULL,
    envelope   TEXT NOT NULL,
    report     TEXT NOT NULL,
    history    TEXT NOT NULL,
    delivered  TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE messages (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL,
    delivered  TEXT NOT NULL,
    envelope   TEXT NOT NULL,
    sent_at    TEXT NOT NULL
);

-- Each NCB's inbox: an ordered log without gaps.
CREATE TABLE inbox (
    ncb         TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    id          TEXT NOT NULL,
    received_at TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    PRIMARY KEY (ncb, seq)
) WITHOUT ROWID;

CREATE TABLE idempotency (
    ncb          TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash BLOB NOT NULL,
    state        TEXT NOT NULL,
    status       INTEGER,
    content_type TEXT,
    body         BLOB,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (ncb, key)
) WITHOUT ROWID;

-- SLTD: lost and stolen travel documents.
CREATE TABLE sltd (
    id            INTEGER PRIMARY KEY,
    owner         TEXT NOT NULL,
    issuing_state TEXT NOT NULL,
    number_key    TEXT NOT NULL,
    document_type TEXT NOT NULL,
    record        TEXT NOT NULL,
    registered_at TEXT NOT NULL
);
CREATE UNIQUE INDEX sltd_document ON sltd(number_key, issuing_state, document_type);

-- SMV: stolen motor vehicles.
CREATE TABLE smv (
    id            INTEGER PRIMARY KEY,
    owner         TEXT NOT NULL,
    vin_key       TEXT,
    engine_key    TEXT,
    plate_country TEXT,
    plate_key     TEXT,
    record        TEXT NOT NULL,
    registered_at TEXT NOT NULL
);
CREATE INDEX smv_vin ON smv(vin_key);
CREATE INDEX smv_engine ON smv(engine_key);
CREATE INDEX smv_plate ON smv(plate_key, plate_country);

-- iARMS: lost, stolen, trafficked and smuggled firearms.
CREATE TABLE iarms (
    id            INTEGER PRIMARY KEY,
    owner         TEXT NOT NULL,
    serial_key    TEXT NOT NULL,
    make_key      TEXT NOT NULL,
    record        TEXT NOT NULL,
    registered_at TEXT NOT NULL
);
CREATE INDEX iarms_serial ON iarms(serial_key);
