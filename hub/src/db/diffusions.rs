//! Diffusions: the envelope, whether it is held, delivered or refused, and
//! to whom it went.

use chrono::{DateTime, Utc};
use ncblink::model::NcbCode;
use ncblink::wire::DiffusionRecord;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{from_json, namespaced, ts};
use crate::error::HubError;

fn status_name(r: &DiffusionRecord) -> Result<String, HubError> {
    Ok(serde_json::to_value(r.status)?.as_str().unwrap_or_default().to_string())
}

/// Stores a new diffusion.
pub fn insert(conn: &Connection, r: &DiffusionRecord, now: DateTime<Utc>) -> Result<(), HubError> {
    conn.prepare_cached(
        "INSERT INTO diffusions(id, source, status, envelope, report, history, delivered, created_at, envelope_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        namespaced(r.envelope.source, r.id),
        r.envelope.source.as_str(),
        status_name(r)?,
        serde_json::to_string(&r.envelope)?,
        serde_json::to_string(&r.report)?,
        serde_json::to_string(&r.status_history)?,
        serde_json::to_string(&r.delivered_to)?,
        ts(now),
        r.id.to_string()
    ])?;
    Ok(())
}

/// Whether `source` already sent a diffusion with this envelope id.
pub fn exists(conn: &Connection, source: NcbCode, id: Uuid) -> Result<bool, HubError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM diffusions WHERE id = ?1")?
        .query_row([namespaced(source, id)], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The diffusions with this envelope id (one per source at most), the
/// caller's own first.
pub fn get(conn: &Connection, id: Uuid, caller: NcbCode) -> Result<Vec<DiffusionRecord>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, envelope, report, history, delivered FROM diffusions WHERE envelope_id = ?1
         ORDER BY source = ?2 DESC, seq",
    )?;
    let rows = stmt.query_map(params![id.to_string(), caller.as_str()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (status, envelope, report, history, delivered) = row?;
        out.push(DiffusionRecord {
            id,
            status: from_json(&format!("\"{status}\""))?,
            status_history: from_json(&history)?,
            report: from_json(&report)?,
            delivered_to: from_json(&delivered)?,
            envelope: from_json(&envelope)?,
        });
    }
    Ok(out)
}
