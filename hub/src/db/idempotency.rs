//! Idempotency keys, per NCB: the request's fingerprint, whether it is
//! still being processed, and the answer to replay.

use chrono::{DateTime, Utc};
use ncblink::model::NcbCode;
use rusqlite::{Connection, OptionalExtension, params};

use super::ts;
use crate::error::HubError;

/// What a key's row says about a new request with it.
pub enum Begin {
    /// First use: the row is now pending; process the request.
    New,
    /// Answered before with the same request: replay this.
    Replay {
        /// HTTP status.
        status: u16,
        /// Content type of the body.
        content_type: Option<String>,
        /// The body.
        body: Vec<u8>,
    },
    /// The first request with this key is still being processed.
    InFlight,
    /// The key was used with another request.
    Mismatch,
}

/// Looks the key up and, when it is new, records it as pending.
pub fn begin(conn: &Connection, ncb: NcbCode, key: &str, hash: &[u8], now: DateTime<Utc>) -> Result<Begin, HubError> {
    let row = conn
        .prepare_cached(
            "SELECT request_hash, state, status, content_type, body FROM idempotency WHERE ncb = ?1 AND key = ?2",
        )?
        .query_row(params![ncb.as_str(), key], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<Vec<u8>>>(4)?,
            ))
        })
        .optional()?;
    match row {
        None => {
            conn.prepare_cached(
                "INSERT INTO idempotency(ncb, key, request_hash, state, created_at) VALUES (?1, ?2, ?3, 'pending', ?4)",
            )?
            .execute(params![ncb.as_str(), key, hash, ts(now)])?;
            Ok(Begin::New)
        }
        Some((stored, _, _, _, _)) if stored != hash => Ok(Begin::Mismatch),
        Some((_, state, _, _, _)) if state == "pending" => Ok(Begin::InFlight),
        Some((_, _, status, content_type, body)) => Ok(Begin::Replay {
            status: status.and_then(|s| u16::try_from(s).ok()).unwrap_or(200),
            content_type,
            body: body.unwrap_or_default(),
        }),
    }
}

/// Stores the answer of a pending key; `false` when the key is not
/// pending (nothing stored).
pub fn finish(
    conn: &Connection,
    ncb: NcbCode,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<bool, HubError> {
    let n = conn
        .prepare_cached(
            "UPDATE idempotency SET state = 'done', status = ?3, content_type = ?4, body = ?5
             WHERE ncb = ?1 AND key = ?2 AND state = 'pending'",
        )?
        .execute(params![ncb.as_str(), key, status, content_type, body])?;
    Ok(n == 1)
}

/// Forgets a pending key whose request failed inside the hub or was
/// abandoned, so that a retry is processed.
pub fn abandon(conn: &Connection, ncb: NcbCode, key: &str) -> Result<(), HubError> {
    conn.prepare_cached("DELETE FROM idempotency WHERE ncb = ?1 AND key = ?2 AND state = 'pending'")?
        .execute(params![ncb.as_str(), key])?;
    Ok(())
}

/// At start-up: no request is in flight, and keys older than `cutoff` are
/// forgotten.
pub fn clean(conn: &Connection, cutoff: DateTime<Utc>) -> Result<usize, HubError> {
    let pending = conn.execute("DELETE FROM idempotency WHERE state = 'pending'", [])?;
    let old = conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [ts(cutoff)])?;
    Ok(pending + old)
}

/// Forgets answered keys older than `cutoff`.
pub fn forget_answered(conn: &Connection, cutoff: DateTime<Utc>) -> Result<usize, HubError> {
    Ok(conn
        .prepare_cached("DELETE FROM idempotency WHERE state = 'done' AND created_at < ?1")?
        .execute([ts(cutoff)])?)
}
