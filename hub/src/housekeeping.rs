//! Work done on a timer: a suspension whose end date passed is lifted
//! (the notice is published again, RPD Art 81, and its source told in its
//! inbox), answered idempotency keys older than 24 hours are forgotten, and
//! so are the hit windows that closed; the tokens are read again, so that
//! the operator's `ncblink-hub tokens …` apply to a running hub.

use chrono::{DateTime, Utc};
use ncblink::model::NoticeStatus;
use ncblink::wire::{InboxItemKind, NoticeStatusChange, NoticeStatusNotification, Notification};

use crate::db;
use crate::error::HubError;
use crate::routes::notices::{Deliveries, wake};
use crate::state::AppState;

/// How long an answered idempotency key is kept.
pub const IDEMPOTENCY_RETENTION_HOURS: i64 = 24;

/// One round: returns the number of suspensions lifted.
pub async fn run_once(state: &AppState, now: DateTime<Utc>) -> Result<usize, HubError> {
    let hit_window = chrono::Duration::from_std(state.config.hit_window).unwrap_or(chrono::Duration::MAX);
    let deliveries = state
        .db
        .write(move |tx| {
            let mut out = Deliveries::new();
            for row in db::notices::suspensions_ended(tx, now)? {
                let Some((seq, mut rec)) = db::notices::get_row(tx, row)? else {
                    continue;
                };
                if !rec.status.can_become(NoticeStatus::Published) {
                    continue;
                }
                let note = Some("suspension ended".to_string());
                rec.status = NoticeStatus::Published;
                rec.status_history.push(NoticeStatusChange {
                    status: NoticeStatus::Published,
                    at: now,
                    note: note.clone(),
                });
                rec.suspended_until = None;
                db::notices::update(tx, seq, &rec, now)?;
                let n = Notification::NoticeStatus(NoticeStatusNotification {
                    notice: rec.id,
                    notice_id: rec.notice_id,
                    status: rec.status,
                    at: now,
                    note,
                    report: None,
                });
                let source = rec.envelope.source;
                let s = db::inbox::deliver(
                    tx,
                    source,
                    InboxItemKind::NoticeStatus,
                    uuid::Uuid::now_v7(),
                    &serde_json::to_string(&n)?,
                    now,
                )?;
                out.push((source, s));
            }
            db::idempotency::forget_answered(tx, now - chrono::Duration::hours(IDEMPOTENCY_RETENTION_HOURS))?;
            if let Some(cutoff) = now.checked_sub_signed(hit_window) {
                db::inbox::close_hit_windows(tx, cutoff)?;
            }
            Ok::<_, HubError>(out)
        })
        .await?;
    wake(state, &deliveries);
    let tokens = state.db.read(db::directory::tokens).await?;
    if let Ok(mut t) = state.tokens.write() {
        *t = tokens;
    }
    Ok(deliveries.len())
}

/// Runs [`run_once`] every `housekeeping_every` until the hub shuts down.
pub async fn run(state: AppState) {
    let mut shutdown = state.shutdown.subscribe();
    let mut tick = tokio::time::interval(state.config.housekeeping_every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        match run_once(&state, Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(lifted = n, "suspensions ended"),
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
    }
}
