//! Each NCB's inbox: read from a cursor, or from the first item not yet
//! acknowledged (so what was not acknowledged is delivered again), with
//! long polling; and acknowledgement.
//!
//! A long poll waits on the NCB's wake-up channel ([`crate::notify`]), not
//! by polling the database: it subscribes before reading, reads, and if
//! nothing is there waits for a change, the deadline or the hub's shutdown,
//! then reads once more.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ncblink::wire::{
    AckRequest, AckResponse, DEFAULT_PAGE_LIMIT, InboxPage, InboxQuery, MAX_PAGE_LIMIT, MAX_WAIT_SECONDS,
    problem_code as code,
};
use tokio::time::Instant;

use crate::auth::Caller;
use crate::authorship::Authored;
use crate::db;
use crate::extract::{AuthoredBody, QueryParams};
use crate::idempotency::Idem;
use crate::problem::ApiError;
use crate::state::AppState;

/// `GET /v1/inbox`.
pub async fn list(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    QueryParams(q): QueryParams<InboxQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE_LIMIT);
    if limit == 0 || limit > MAX_PAGE_LIMIT {
        return Err(ApiError::bad_parameter(format!("limit is 1 to {MAX_PAGE_LIMIT}")));
    }
    let wait = q.wait.unwrap_or(0);
    if wait > MAX_WAIT_SECONDS {
        return Err(ApiError::bad_parameter(format!(
            "wait is 0 to {MAX_WAIT_SECONDS} seconds"
        )));
    }
    // A hub may be configured to hold a poll for less than the contract allows.
    let wait = Duration::from_secs(wait).min(state.config.max_wait);
    let deadline = Instant::now() + wait;
    let scope = format!("inbox:{ncb}");
    let from = match &q.cursor {
        Some(c) => Some(state.cursors.open(&scope, c)?),
        None => None,
    };
    let mut wake = state.inboxes.subscribe(ncb);
    let mut shutdown = state.shutdown.subscribe();
    loop {
        let (after, items) = state
            .db
            .read(move |c| {
                let after = match from {
                    Some(a) => a,
                    None => db::inbox::position(c, ncb)?.0,
                };
                Ok::<_, ApiError>((after, db::inbox::page(c, ncb, after, limit)?))
            })
            .await?;
        if !items.is_empty() || Instant::now() >= deadline || *shutdown.borrow() {
            let last = items.last().map(|i| i.seq as i64).unwrap_or(after);
            return Ok(Json(InboxPage {
                items,
                next_cursor: state.cursors.seal(&scope, last),
            }));
        }
        tokio::select! {
            changed = wake.changed() => {
                if changed.is_err() {
                    tokio::time::sleep_until(deadline).await;
                }
            }
            _ = tokio::time::sleep_until(deadline) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// `POST /v1/inbox/ack`.
pub async fn ack(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    idem: Idem,
    AuthoredBody(body, bytes): AuthoredBody<AckRequest>,
) -> Result<Response, ApiError> {
    let up_to = i64::try_from(body.up_to_seq).unwrap_or(i64::MAX);
    let authored = Authored {
        bytes,
        action: "ack",
        required: state.config.require_signatures,
    };
    let (res, ()) = idem
        .write(&state.db, StatusCode::OK, move |tx| {
            authored.check(tx, ncb, &["inbox"])?;
            let (_, last) = db::inbox::position(tx, ncb)?;
            if up_to > last {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    code::ACK_BEYOND_END,
                    "Acknowledgement beyond the inbox",
                )
                .detail(format!("the last item of the inbox is {last}")));
            }
            let acked = db::inbox::ack(tx, ncb, up_to)?;
            Ok((
                AckResponse {
                    acked_seq: acked as u64,
                },
                (),
            ))
        })
        .await?;
    Ok(res)
}
