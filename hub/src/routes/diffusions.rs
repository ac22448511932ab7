//! Diffusions: sent directly (validated, then delivered at once to the
//! recipients' inboxes) or through the General Secretariat's review (held;
//! the sandbox reviews at once and delivers or refuses).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use ncblink::model::envelope::{Dispatch, Recipients};
use ncblink::model::{Body, NcbCode};
use ncblink::wire::{DiffusionRecord, DiffusionStatus, DiffusionStatusChange, InboxItemKind, problem_code as code};

use super::notices::{Deliveries, ensure_new_id, wake};
use crate::access::{delivered_visible, recipients_of};
use crate::auth::Caller;
use crate::db;
use crate::extract::{EnvelopeBody, PathParam};
use crate::idempotency::Idem;
use crate::problem::ApiError;
use crate::review::{admit, review_accepts};
use crate::state::AppState;

/// 422 when a named recipient is not in the directory.
pub fn check_recipients(state: &AppState, recipients: &Recipients) -> Result<(), ApiError> {
    if let Recipients::Ncbs(list) = recipients
        && let Some(unknown) = list.iter().find(|n| !state.known_ncbs.contains(n))
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::UNKNOWN_RECIPIENT,
            "Unknown recipient",
        )
        .detail(format!("{unknown} is not an NCB of the directory")));
    }
    Ok(())
}

/// `POST /v1/diffusions`.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    idem: Idem,
    EnvelopeBody(envelope): EnvelopeBody,
) -> Result<Response, ApiError> {
    let report = admit(&state, caller, &envelope, "diffusion").await?;
    check_recipients(&state, &envelope.recipients)?;
    let dispatch = match &envelope.body {
        Body::Diffusion(d) => d.dispatch,
        _ => Dispatch::Direct,
    };
    // Nothing reviews a direct diffusion before it goes out: the
    // validation is its only gate.
    if dispatch == Dispatch::Direct && !review_accepts(&report) {
        return Err(ApiError::validation_failed(report));
    }
    let sandbox = state.config.sandbox;
    let mut all: Vec<NcbCode> = state.known_ncbs.iter().copied().collect();
    all.sort();
    let (res, deliveries) = idem
        .write(&state.db, StatusCode::CREATED, move |tx| {
            ensure_new_id(tx, envelope.source, envelope.id)?;
            let now = Utc::now();
            let mut rec = DiffusionRecord {
                id: envelope.id,
                status: DiffusionStatus::Held,
                status_history: Vec::new(),
                report,
                delivered_to: Vec::new(),
                envelope,
            };
            let deliver = match dispatch {
                Dispatch::Direct => true,
                // A dispatch of a later version is held, as the safe default.
                Dispatch::ViaGsReview | Dispatch::Unrecognised(_) => {
                    rec.status_history.push(DiffusionStatusChange {
                        status: DiffusionStatus::Held,
                        at: now,
                        note: Some("held for review".into()),
                    });
                    if sandbox && !review_accepts(&rec.report) {
                        rec.status = DiffusionStatus::Refused;
                        rec.status_history.push(DiffusionStatusChange {
                            status: DiffusionStatus::Refused,
                            at: now,
                            note: Some("refused after review".into()),
                        });
                    }
                    sandbox && rec.status == DiffusionStatus::Held
                }
            };
            let mut out = Deliveries::new();
            if deliver {
                let e = &rec.envelope;
                rec.delivered_to = recipients_of(all.iter().copied(), e.source, &e.recipients, &e.access);
                let payload = serde_json::to_string(&rec.envelope)?;
                for ncb in &rec.delivered_to {
                    let seq = db::inbox::deliver(tx, *ncb, InboxItemKind::Envelope, rec.id, &payload, now)?;
                    out.push((*ncb, seq));
                }
                rec.status = DiffusionStatus::Delivered;
                rec.status_history.push(DiffusionStatusChange {
                    status: DiffusionStatus::Delivered,
                    at: now,
                    note: None,
                });
            }
            db::diffusions::insert(tx, &rec, now)?;
            Ok((rec, out))
        })
        .await?;
    wake(&state, &deliveries);
    Ok(res)
}

/// `GET /v1/diffusions/{id}`: the source sees everything; a recipient sees
/// the diffusion once delivered to it, without the delivery list.
pub async fn get(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    PathParam(id): PathParam,
) -> Result<Json<DiffusionRecord>, ApiError> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ApiError::not_found())?;
    let found = state
        .db
        .read(move |c| Ok::<_, ApiError>(db::diffusions::get(c, id, ncb)?))
        .await?
        .into_iter()
        .find(|r| delivered_visible(ncb, r.envelope.source, &r.delivered_to));
    match found {
        Some(mut rec) if delivered_visible(ncb, rec.envelope.source, &rec.delivered_to) => {
            if rec.envelope.source != ncb {
                rec.delivered_to.clear();
            }
            Ok(Json(rec))
        }
        _ => Err(ApiError::not_found()),
    }
}
