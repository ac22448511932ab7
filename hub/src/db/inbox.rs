//! Inboxes: each NCB's ordered log of what it received, numbered without
//! gaps, with the position up to which the NCB acknowledged; and the hit
//! notifications, coalesced per record, checking NCB and window.

use chrono::{DateTime, Utc};
use ncblink::model::NcbCode;
use ncblink::wire::{HitNotification, InboxItem, InboxItemKind, Notification};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{from_json, parse_ts, ts};
use crate::error::HubError;

fn kind_name(kind: InboxItemKind) -> &'static str {
    match kind {
        InboxItemKind::Envelope => "envelope",
        InboxItemKind::HitNotification => "hit_notification",
        InboxItemKind::NoticeStatus => "notice_status",
    }
}

/// Appends an item to `ncb`'s inbox; `payload` is the JSON of the envelope
/// or of the notification. Returns the item's seq.
pub fn deliver(
    conn: &Connection,
    ncb: NcbCode,
    kind: InboxItemKind,
    id: Uuid,
    payload: &str,
    at: DateTime<Utc>,
) -> Result<u64, HubError> {
    let seq: i64 = conn
        .prepare_cached("UPDATE ncbs SET next_seq = next_seq + 1 WHERE code = ?1 RETURNING next_seq - 1")?
        .query_row([ncb.as_str()], |r| r.get(0))?;
    conn.prepare_cached("INSERT INTO inbox(ncb, seq, id, received_at, kind, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![
            ncb.as_str(),
            seq,
            id.to_string(),
            ts(at),
            kind_name(kind),
            payload
        ])?;
    Ok(seq as u64)
}

/// Up to `limit` items of `ncb`'s inbox after `after_seq`.
pub fn page(conn: &Connection, ncb: NcbCode, after_seq: i64, limit: u32) -> Result<Vec<InboxItem>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, id, received_at, kind, payload FROM inbox WHERE ncb = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
    )?;
    let mut rows = stmt.query(params![ncb.as_str(), after_seq, limit])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let id: String = r.get(1)?;
        let received_at: String = r.get(2)?;
        let kind: String = r.get(3)?;
        let payload: String = r.get(4)?;
        let id = Uuid::parse_str(&id).map_err(|e| HubError::Corrupt(format!("inbox id: {e}")))?;
        let (kind, envelope, notification) = match kind.as_str() {
            "envelope" => (InboxItemKind::Envelope, Some(from_json(&payload)?), None),
            "hit_notification" => (InboxItemKind::HitNotification, None, Some(from_json(&payload)?)),
            "notice_status" => (InboxItemKind::NoticeStatus, None, Some(from_json(&payload)?)),
            other => return Err(HubError::Corrupt(format!("inbox kind `{other}`"))),
        };
        out.push(InboxItem {
            seq: seq as u64,
            id,
            received_at: parse_ts(&received_at)?,
            kind,
            envelope,
            notification,
        });
    }
    Ok(out)
}

/// `(acked_seq, last_seq)` of `ncb`'s inbox.
pub fn position(conn: &Connection, ncb: NcbCode) -> Result<(i64, i64), HubError> {
    Ok(conn
        .prepare_cached("SELECT acked_seq, next_seq - 1 FROM ncbs WHERE code = ?1")?
        .query_row([ncb.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Moves the acknowledged position forward to `up_to` (never back).
/// Returns the new position.
pub fn ack(conn: &Connection, ncb: NcbCode, up_to: i64) -> Result<i64, HubError> {
    Ok(conn
        .prepare_cached("UPDATE ncbs SET acked_seq = max(acked_seq, ?2) WHERE code = ?1 RETURNING acked_seq")?
        .query_row(params![ncb.as_str(), up_to], |r| r.get(0))?)
}

/// Tells `owner` that `hits` checks of `n.checked_by` hit `n.record_id`:
/// a new notification when none of that record and checker is open within
/// `window`, else the open one's count grows (its item is rewritten in
/// place, so the inbox does not grow). Returns the seq of a new item.
pub fn notify_hit(
    conn: &Connection,
    owner: NcbCode,
    mut n: HitNotification,
    hits: u32,
    window: chrono::Duration,
) -> Result<Option<u64>, HubError> {
    let now = n.checked_at;
    let open: Option<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT opened_at, seq, count FROM hit_windows WHERE owner = ?1 AND record_id = ?2 AND checker = ?3",
        )?
        .query_row(params![owner.as_str(), n.record_id, n.checked_by.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((opened_at, seq, count)) = open
        && parse_ts(&opened_at)?
            .checked_add_signed(window)
            .is_none_or(|end| end > now)
    {
        let count = u32::try_from(count).unwrap_or(u32::MAX).saturating_add(hits);
        let payload: String = conn
            .prepare_cached("SELECT payload FROM inbox WHERE ncb = ?1 AND seq = ?2")?
            .query_row(params![owner.as_str(), seq], |r| r.get(0))?;
        if let Notification::Hit(mut first) = from_json::<Notification>(&payload)? {
            first.count = count;
            conn.prepare_cached("UPDATE inbox SET payload = ?3 WHERE ncb = ?1 AND seq = ?2")?
                .execute(params![
                    owner.as_str(),
                    seq,
                    serde_json::to_string(&Notification::Hit(first))?
                ])?;
        }
        conn.prepare_cached("UPDATE hit_windows SET count = ?4 WHERE owner = ?1 AND record_id = ?2 AND checker = ?3")?
            .execute(params![owner.as_str(), n.record_id, n.checked_by.as_str(), count])?;
        return Ok(None);
    }
    n.count = hits;
    let payload = serde_json::to_string(&Notification::Hit(n.clone()))?;
    let seq = deliver(
        conn,
        owner,
        InboxItemKind::HitNotification,
        Uuid::now_v7(),
        &payload,
        now,
    )?;
    conn.prepare_cached(
        "INSERT INTO hit_windows(owner, record_id, checker, opened_at, seq, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT DO UPDATE SET opened_at = excluded.opened_at, seq = excluded.seq, count = excluded.count",
    )?
    .execute(params![
        owner.as_str(),
        n.record_id,
        n.checked_by.as_str(),
        ts(now),
        seq as i64,
        hits
    ])?;
    Ok(Some(seq))
}

/// Forgets the hit windows opened before `cutoff` (they can no longer
/// take a hit).
pub fn close_hit_windows(conn: &Connection, cutoff: DateTime<Utc>) -> Result<usize, HubError> {
    Ok(conn
        .prepare_cached("DELETE FROM hit_windows WHERE opened_at < ?1")?
        .execute([ts(cutoff)])?)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use ncblink::model::query::Database;

    use super::*;
    use crate::config::DbLocation;
    use crate::db::Db;

    fn hit(at: DateTime<Utc>) -> HitNotification {
        HitNotification {
            checked_by: "US".parse().unwrap(),
            checked_at: at,
            count: 1,
            database: Database::Sltd,
            record_id: "sltd-1".into(),
            summary: "passport".into(),
            score: 1.0,
        }
    }

    #[test]
    fn hits_in_a_window_grow_one_item_and_a_new_window_opens_another() {
        let db = Db::open(&DbLocation::Memory, 1).unwrap();
        let fr: NcbCode = "FR".parse().unwrap();
        let hour = Duration::hours(1);
        let t0 = Utc::now();
        db.with_writer(|c| {
            crate::db::directory::ensure_ncb(c, fr, "France")?;
            assert_eq!(notify_hit(c, fr, hit(t0), 1, hour)?, Some(1));
            assert_eq!(notify_hit(c, fr, hit(t0 + Duration::minutes(59)), 2, hour)?, None);
            let items = page(c, fr, 0, 10)?;
            assert_eq!(items.len(), 1);
            let Some(Notification::Hit(n)) = &items[0].notification else {
                panic!("{:?}", items[0])
            };
            assert_eq!((n.count, n.checked_at), (3, t0));
            // An hour later: a new window, a new item.
            assert_eq!(notify_hit(c, fr, hit(t0 + hour), 1, hour)?, Some(2));
            // Housekeeping forgets windows opened before the cutoff only.
            assert_eq!(close_hit_windows(c, t0 + Duration::minutes(30))?, 0);
            assert_eq!(close_hit_windows(c, t0 + hour + Duration::seconds(1))?, 1);
            Ok(())
        })
        .unwrap();
    }
}
