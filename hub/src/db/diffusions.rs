//! Diffusions: the envelope, whether it is held, delivered or refused, and
//! to whom it went.

use chrono::{DateTime, Utc};
use ncblink::wire::DiffusionRecord;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{from_json, ts};
use crate::error::HubError;

fn status_name(r: &DiffusionRecord) -> Result<String, HubError> {
    Ok(serde_json::to_value(r.status)?.as_str().unwrap_or_default().to_string())
}

/// Stores a new diffusion.
pub fn insert(conn: &Connection, r: &DiffusionRecord, now: DateTime<Utc>) -> Result<(), HubError> {
    conn.prepare_cached(
        "INSERT INTO diffusions(id, source, status, envelope, report, history, delivered, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        r.id.to_string(),
        r.envelope.source.as_str(),
        status_name(r)?,
        serde_json::to_string(&r.envelope)?,
        serde_json::to_string(&r.report)?,
        serde_json::to_string(&r.status_history)?,
        serde_json::to_string(&r.delivered_to)?,
        ts(now)
    ])?;
    Ok(())
}

/// Whether an envelope id is already a diffusion.
pub fn exists(conn: &Connection, id: Uuid) -> Result<bool, HubError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM diffusions WHERE id = ?1")?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A diffusion by id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<DiffusionRecord>, HubError> {
    let row = conn
        .prepare_cached("SELECT status, envelope, report, history, delivered FROM diffusions WHERE id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    row.map(|(status, envelope, report, history, delivered)| {
        Ok(DiffusionRecord {
            id,
            status: from_json(&format!("\"{status}\""))?,
            status_history: from_json(&history)?,
            report: from_json(&report)?,
            delivered_to: from_json(&delivered)?,
            envelope: from_json(&envelope)?,
        })
    })
    .transpose()
}
