//! Direct messages: the envelope and the NCBs it was delivered to.

use ncblink::model::NcbCode;
use ncblink::wire::MessageRecord;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{from_json, namespaced, parse_ts, ts};
use crate::error::HubError;

/// Stores a sent message.
pub fn insert(conn: &Connection, r: &MessageRecord) -> Result<(), HubError> {
    conn.prepare_cached(
        "INSERT INTO messages(id, source, delivered, envelope, sent_at, envelope_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        namespaced(r.envelope.source, r.id),
        r.envelope.source.as_str(),
        serde_json::to_string(&r.delivered_to)?,
        serde_json::to_string(&r.envelope)?,
        ts(r.sent_at),
        r.id.to_string()
    ])?;
    Ok(())
}

/// Whether `source` already sent a message with this envelope id.
pub fn exists(conn: &Connection, source: NcbCode, id: Uuid) -> Result<bool, HubError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM messages WHERE id = ?1")?
        .query_row([namespaced(source, id)], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The messages with this envelope id (one per source at most), the
/// caller's own first.
pub fn get(conn: &Connection, id: Uuid, caller: NcbCode) -> Result<Vec<MessageRecord>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT delivered, envelope, sent_at FROM messages WHERE envelope_id = ?1 ORDER BY source = ?2 DESC, seq",
    )?;
    let rows = stmt.query_map(params![id.to_string(), caller.as_str()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (delivered, envelope, sent_at) = row?;
        out.push(MessageRecord {
            id,
            sent_at: parse_ts(&sent_at)?,
            delivered_to: from_json(&delivered)?,
            envelope: from_json(&envelope)?,
        });
    }
    Ok(out)
}
