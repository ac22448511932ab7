//! Direct messages: the envelope and the NCBs it was delivered to.

use ncblink::wire::MessageRecord;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{from_json, parse_ts, ts};
use crate::error::HubError;

/// Stores a sent message.
pub fn insert(conn: &Connection, r: &MessageRecord) -> Result<(), HubError> {
    conn.prepare_cached("INSERT INTO messages(id, source, delivered, envelope, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![
            r.id.to_string(),
            r.envelope.source.as_str(),
            serde_json::to_string(&r.delivered_to)?,
            serde_json::to_string(&r.envelope)?,
            ts(r.sent_at)
        ])?;
    Ok(())
}

/// Whether an envelope id is already a message.
pub fn exists(conn: &Connection, id: Uuid) -> Result<bool, HubError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM messages WHERE id = ?1")?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A message by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<MessageRecord>, HubError> {
    let row = conn
        .prepare_cached("SELECT delivered, envelope, sent_at FROM messages WHERE id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .optional()?;
    row.map(|(delivered, envelope, sent_at)| {
        Ok(MessageRecord {
            id,
            sent_at: parse_ts(&sent_at)?,
            delivered_to: from_json(&delivered)?,
            envelope: from_json(&envelope)?,
        })
    })
    .transpose()
}
