-- Issue 10: a signed request that changes state (withdraw, suspend,
-- resume, record registration and removal, inbox acknowledgement) is
-- accepted once. Its signature value is kept until its window closes
-- (ncblink::sign::REQUEST_WINDOW after its `created`), then forgotten:
-- by then the signature is refused as expired anyway.
CREATE TABLE request_signatures (
    value TEXT PRIMARY KEY,
    ncb TEXT NOT NULL,
    forget_after TEXT NOT NULL
);
CREATE INDEX request_signatures_forget ON request_signatures(forget_after);
