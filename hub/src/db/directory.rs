//! The NCB directory: NCBs, their public keys, their tokens' digests, and
//! (sandbox only) the demo NCBs' secrets.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use ncblink::model::NcbCode;
use ncblink::sign::{Jwk, KeyStatus};
use ncblink::wire::DirectoryEntry;
use rusqlite::{Connection, OptionalExtension, params};

use super::ts;
use crate::error::HubError;

/// Creates the NCB if it is not in the directory.
pub fn ensure_ncb(conn: &Connection, code: NcbCode, name: &str) -> Result<(), HubError> {
    conn.execute(
        "INSERT INTO ncbs(code, name) VALUES (?1, ?2) ON CONFLICT(code) DO NOTHING",
        params![code.as_str(), name],
    )?;
    Ok(())
}

/// Makes `digest` the NCB's only token, without expiry.
pub fn replace_token(conn: &Connection, ncb: NcbCode, digest: &[u8; 32]) -> Result<(), HubError> {
    conn.execute("DELETE FROM tokens WHERE ncb = ?1", [ncb.as_str()])?;
    add_token(conn, ncb, digest, chrono::Utc::now().timestamp(), None)?;
    Ok(())
}

/// The id that names a token to the operator: the first 12 hex digits of
/// its digest.
pub fn token_id(digest: &[u8; 32]) -> String {
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds a token of the NCB; returns its id.
pub fn add_token(
    conn: &Connection,
    ncb: NcbCode,
    digest: &[u8; 32],
    now: i64,
    expires_at: Option<i64>,
) -> Result<String, HubError> {
    let id = token_id(digest);
    conn.execute(
        "INSERT INTO tokens(token_sha256, ncb, id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(token_sha256) DO UPDATE SET ncb = excluded.ncb, expires_at = excluded.expires_at",
        params![&digest[..], ncb.as_str(), id, now, expires_at],
    )?;
    Ok(id)
}

/// Makes the NCB's tokens expire at `at` at the latest (a rotation's
/// grace period); returns how many there are.
pub fn expire_tokens(conn: &Connection, ncb: NcbCode, at: i64) -> Result<usize, HubError> {
    Ok(conn.execute(
        "UPDATE tokens SET expires_at = min(coalesce(expires_at, ?2), ?2) WHERE ncb = ?1",
        params![ncb.as_str(), at],
    )?)
}

/// Deletes the token with this id; `false` when there is none.
pub fn revoke_token(conn: &Connection, id: &str) -> Result<bool, HubError> {
    Ok(conn.execute("DELETE FROM tokens WHERE id = ?1", [id])? > 0)
}

/// One token as the operator sees it: never the token itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    /// Its id ([`token_id`]).
    pub id: String,
    /// The NCB it authenticates.
    pub ncb: NcbCode,
    /// When it was added (seconds since 1970).
    pub created_at: Option<i64>,
    /// When it stops working, if it does.
    pub expires_at: Option<i64>,
}

/// The tokens, of one NCB or all, oldest first.
pub fn list_tokens(conn: &Connection, ncb: Option<NcbCode>) -> Result<Vec<TokenInfo>, HubError> {
    let mut stmt = conn.prepare(
        "SELECT id, ncb, created_at, expires_at FROM tokens WHERE ?1 IS NULL OR ncb = ?1
         ORDER BY ncb, created_at, id",
    )?;
    let rows = stmt.query_map([ncb.map(|n| n.as_str().to_string())], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, ncb, created_at, expires_at) = row?;
        out.push(TokenInfo {
            id: id.unwrap_or_default(),
            ncb: ncb
                .parse()
                .map_err(|_| HubError::Corrupt(format!("token row of `{ncb}`")))?,
            created_at,
            expires_at,
        });
    }
    Ok(out)
}

/// Publishes a key of the NCB (active unless the JWK says otherwise).
/// `false` when the kid is taken: a kid names one key, forever.
pub fn add_key(conn: &Connection, ncb: NcbCode, jwk: &Jwk) -> Result<bool, HubError> {
    let n = conn.execute(
        "INSERT INTO ncb_keys(kid, ncb, public_key, created_at, status, nbf, exp, revoked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(kid) DO NOTHING",
        params![
            jwk.kid,
            ncb.as_str(),
            jwk.x,
            ts(Utc::now()),
            status_name(jwk.status.unwrap_or_default()),
            jwk.nbf,
            jwk.exp,
            jwk.revoked_at
        ],
    )?;
    Ok(n == 1)
}

/// Moves key `kid` of `ncb` to `status` (a revocation at `revoked_at`);
/// a revoked key stays revoked. `false` when the NCB has no such key.
pub fn set_key_status(
    conn: &Connection,
    ncb: NcbCode,
    kid: &str,
    status: KeyStatus,
    revoked_at: Option<i64>,
) -> Result<bool, HubError> {
    let n = conn.execute(
        "UPDATE ncb_keys SET status = ?3, revoked_at = COALESCE(revoked_at, ?4)
         WHERE kid = ?1 AND ncb = ?2 AND status <> 'revoked'",
        params![kid, ncb.as_str(), status_name(status), revoked_at],
    )?;
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM ncb_keys WHERE kid = ?1 AND ncb = ?2)",
        params![kid, ncb.as_str()],
        |r| r.get(0),
    )?;
    Ok(n == 1 || exists)
}

fn status_name(s: KeyStatus) -> &'static str {
    match s {
        KeyStatus::Active => "active",
        KeyStatus::Retired => "retired",
        KeyStatus::Revoked => "revoked",
    }
}

fn jwk_of(
    kid: String,
    x: String,
    status: &str,
    nbf: Option<i64>,
    exp: Option<i64>,
    revoked_at: Option<i64>,
) -> Result<Jwk, HubError> {
    let status = match status {
        "active" => KeyStatus::Active,
        "retired" => KeyStatus::Retired,
        "revoked" => KeyStatus::Revoked,
        other => return Err(HubError::Corrupt(format!("status `{other}` of key `{kid}`"))),
    };
    Ok(Jwk {
        kty: "OKP".into(),
        crv: "Ed25519".into(),
        x,
        kid,
        alg: Some("EdDSA".into()),
        key_use: Some("sig".into()),
        nbf,
        exp,
        status: Some(status),
        revoked_at,
    })
}

/// A demo NCB's secrets: token, key id and private key.
pub struct SandboxSecret {
    /// The bearer token.
    pub token: String,
    /// The key id.
    pub kid: String,
    /// The Ed25519 private key.
    pub signing_key: [u8; 32],
}

/// The stored secrets of a demo NCB.
pub fn sandbox_secret(conn: &Connection, ncb: NcbCode) -> Result<Option<SandboxSecret>, HubError> {
    let row = conn
        .query_row(
            "SELECT token, kid, signing_key FROM sandbox_secrets WHERE ncb = ?1",
            [ncb.as_str()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?)),
        )
        .optional()?;
    row.map(|(token, kid, key)| {
        let signing_key: [u8; 32] = key
            .try_into()
            .map_err(|_| HubError::Corrupt(format!("sandbox key of {ncb}")))?;
        Ok(SandboxSecret {
            token,
            kid,
            signing_key,
        })
    })
    .transpose()
}

/// Stores (or replaces) a demo NCB's secrets.
pub fn put_sandbox_secret(conn: &Connection, ncb: NcbCode, s: &SandboxSecret) -> Result<(), HubError> {
    conn.execute(
        "INSERT INTO sandbox_secrets(ncb, token, kid, signing_key) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(ncb) DO UPDATE SET token = excluded.token, kid = excluded.kid, signing_key = excluded.signing_key",
        params![ncb.as_str(), s.token, s.kid, &s.signing_key[..]],
    )?;
    Ok(())
}

/// Token digests, the NCB each authenticates and when it expires
/// (seconds since 1970, `None`: never).
pub type TokenTable = HashMap<[u8; 32], (NcbCode, Option<i64>)>;

/// The [`TokenTable`] of the database.
pub fn tokens(conn: &Connection) -> Result<TokenTable, HubError> {
    let mut stmt = conn.prepare("SELECT token_sha256, ncb, expires_at FROM tokens")?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let digest: Vec<u8> = r.get(0)?;
        let ncb: String = r.get(1)?;
        let expires: Option<i64> = r.get(2)?;
        let (Ok(d), Ok(n)) = (<[u8; 32]>::try_from(digest), ncb.parse::<NcbCode>()) else {
            return Err(HubError::Corrupt(format!("token row of {ncb}")));
        };
        out.insert(d, (n, expires));
    }
    Ok(out)
}

/// Every NCB's code.
pub fn codes(conn: &Connection) -> Result<HashSet<NcbCode>, HubError> {
    let mut stmt = conn.prepare("SELECT code FROM ncbs")?;
    let codes = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = HashSet::new();
    for c in codes {
        let c = c?;
        out.insert(c.parse().map_err(|_| HubError::Corrupt(format!("NCB code `{c}`")))?);
    }
    Ok(out)
}

/// The directory, by code; one NCB when `only` is given.
pub fn entries(conn: &Connection, only: Option<NcbCode>) -> Result<Vec<DirectoryEntry>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.code, n.name, k.kid, k.public_key, k.status, k.nbf, k.exp, k.revoked_at
         FROM ncbs n LEFT JOIN ncb_keys k ON k.ncb = n.code
         WHERE ?1 IS NULL OR n.code = ?1 ORDER BY n.code, k.created_at, k.kid",
    )?;
    let mut rows = stmt.query([only.as_ref().map(|c| c.as_str())])?;
    let mut out: Vec<DirectoryEntry> = Vec::new();
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        let code: NcbCode = code
            .parse()
            .map_err(|_| HubError::Corrupt(format!("NCB code `{code}`")))?;
        if out.last().is_none_or(|e| e.code != code) {
            out.push(DirectoryEntry {
                code,
                name: r.get(1)?,
                keys: Vec::new(),
            });
        }
        if let (Some(kid), Some(x), Some(status)) = (
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ) && let Some(e) = out.last_mut()
        {
            e.keys.push(jwk_of(kid, x, &status, r.get(5)?, r.get(6)?, r.get(7)?)?);
        }
    }
    Ok(out)
}

/// The owner and JWK of a key id.
pub fn key(conn: &Connection, kid: &str) -> Result<Option<(String, Jwk)>, HubError> {
    let row = conn
        .prepare_cached("SELECT ncb, kid, public_key, status, nbf, exp, revoked_at FROM ncb_keys WHERE kid = ?1")?
        .query_row([kid], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })
        .optional()?;
    row.map(|(ncb, kid, x, status, nbf, exp, rev)| Ok((ncb, jwk_of(kid, x, &status, nbf, exp, rev)?)))
        .transpose()
}

/// Records that a signed request's signature `value` was accepted, until
/// `forget_after`; `false` when it was accepted before (a replay). Forgets
/// the signatures whose time is past.
pub fn use_request_signature(
    conn: &Connection,
    ncb: NcbCode,
    value: &str,
    forget_after: chrono::DateTime<Utc>,
) -> Result<bool, HubError> {
    conn.execute(
        "DELETE FROM request_signatures WHERE forget_after < ?1",
        [ts(Utc::now())],
    )?;
    let n = conn.execute(
        "INSERT INTO request_signatures(value, ncb, forget_after) VALUES (?1, ?2, ?3)
         ON CONFLICT(value) DO NOTHING",
        params![value, ncb.as_str(), ts(forget_after)],
    )?;
    Ok(n == 1)
}
