//! Direct messages between NCBs (RPD Art 22(6)): validated, delivered at
//! once to each recipient's inbox, visible to the sender and recipients
//! only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use ncblink::model::NcbCode;
use ncblink::wire::{InboxItemKind, MessageRecord};

use super::diffusions::check_recipients;
use super::notices::{Deliveries, ensure_new_id, wake};
use crate::access::{delivered_visible, recipients_of};
use crate::auth::Caller;
use crate::db;
use crate::extract::{EnvelopeBody, PathParam};
use crate::idempotency::Idem;
use crate::problem::ApiError;
use crate::review::{admit, review_accepts};
use crate::state::AppState;

/// `POST /v1/messages`.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    idem: Idem,
    EnvelopeBody(envelope): EnvelopeBody,
) -> Result<Response, ApiError> {
    let report = admit(&state, caller, &envelope, "message").await?;
    // Messages are not reviewed: any error stops them.
    if !review_accepts(&report) {
        return Err(ApiError::validation_failed(report));
    }
    check_recipients(&state, &envelope.recipients)?;
    let mut all: Vec<NcbCode> = state.known_ncbs.iter().copied().collect();
    all.sort();
    let (res, deliveries) = idem
        .write(&state.db, StatusCode::CREATED, move |tx| {
            ensure_new_id(tx, envelope.source, envelope.id)?;
            let now = Utc::now();
            let delivered_to = recipients_of(all, envelope.source, &envelope.recipients, &envelope.access);
            let payload = serde_json::to_string(&envelope)?;
            let mut out = Deliveries::new();
            for ncb in &delivered_to {
                let seq = db::inbox::deliver(tx, *ncb, InboxItemKind::Envelope, envelope.id, &payload, now)?;
                out.push((*ncb, seq));
            }
            let rec = MessageRecord {
                id: envelope.id,
                sent_at: now,
                delivered_to,
                envelope,
            };
            db::messages::insert(tx, &rec)?;
            Ok((rec, out))
        })
        .await?;
    wake(&state, &deliveries);
    Ok(res)
}

/// `GET /v1/messages/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    PathParam(id): PathParam,
) -> Result<Json<MessageRecord>, ApiError> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ApiError::not_found())?;
    let found = state
        .db
        .read(move |c| Ok::<_, ApiError>(db::messages::get(c, id, ncb)?))
        .await?
        .into_iter()
        .find(|r| delivered_visible(ncb, r.envelope.source, &r.delivered_to));
    match found {
        Some(rec) if delivered_visible(ncb, rec.envelope.source, &rec.delivered_to) => Ok(Json(rec)),
        _ => Err(ApiError::not_found()),
    }
}
