-- Issue 10: keys have a lifecycle. `public_key` is the JWK's `x`;
-- nbf, exp and revoked_at are seconds since 1970 (JWK NumericDate).
ALTER TABLE ncb_keys ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE ncb_keys ADD COLUMN nbf INTEGER;
ALTER TABLE ncb_keys ADD COLUMN exp INTEGER;
ALTER TABLE ncb_keys ADD COLUMN revoked_at INTEGER;
