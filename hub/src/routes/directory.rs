//! `GET /v1/directory`, `GET /v1/directory/{ncb}` and
//! `GET|POST /v1/directory/{ncb}/keys`: the NCBs and their signing keys
//! (JWKs with a lifecycle), against which signatures are verified, and
//! the NCB's own key changes: registration, retirement, revocation, each
//! signed by an active key of the NCB (in the sandbox a registration may
//! come with the token alone, so that a newcomer brings its own key).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use ncblink::model::NcbCode;
use ncblink::sign::{JwkSet, KeyStatus};
use ncblink::wire::{Directory, DirectoryEntry, KeyAction, KeyChange, problem_code as code};

use crate::auth::Caller;
use crate::db;
use crate::extract::{PathParam, SignedBody};
use crate::problem::ApiError;
use crate::review::verify_signed;
use crate::state::AppState;

/// Every NCB.
pub async fn list(State(state): State<AppState>) -> Result<Json<Directory>, ApiError> {
    let ncbs = state
        .db
        .read(|c| Ok::<_, ApiError>(db::directory::entries(c, None)?))
        .await?;
    Ok(Json(Directory { ncbs }))
}

/// One NCB.
pub async fn get(State(state): State<AppState>, PathParam(code): PathParam) -> Result<Json<DirectoryEntry>, ApiError> {
    let Ok(code) = code.parse::<NcbCode>() else {
        return Err(ApiError::not_found());
    };
    let mut found = state
        .db
        .read(move |c| Ok::<_, ApiError>(db::directory::entries(c, Some(code))?))
        .await?;
    found.pop().map(Json).ok_or_else(ApiError::not_found)
}

/// One NCB's keys as a JWK Set.
pub async fn keys(State(state): State<AppState>, PathParam(code): PathParam) -> Result<Json<JwkSet>, ApiError> {
    let ncb = code.parse::<NcbCode>().map_err(|_| ApiError::not_found())?;
    key_set(&state, ncb).await.map(Json)
}

async fn key_set(state: &AppState, ncb: NcbCode) -> Result<JwkSet, ApiError> {
    let mut found = state
        .db
        .read(move |c| Ok::<_, ApiError>(db::directory::entries(c, Some(ncb))?))
        .await?;
    found
        .pop()
        .map(|e| JwkSet { keys: e.keys })
        .ok_or_else(ApiError::not_found)
}

fn invalid(detail: String) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        code::INVALID_DOCUMENT,
        "The body is not a valid document",
    )
    .detail(detail)
}

/// A change to the caller's own keys.
pub async fn change(
    State(state): State<AppState>,
    Caller(caller): Caller,
    PathParam(path): PathParam,
    SignedBody(change, bytes): SignedBody<KeyChange>,
) -> Result<Json<JwkSet>, ApiError> {
    if path != caller.as_str() || change.ncb != caller {
        return Err(ApiError::new(StatusCode::FORBIDDEN, code::FORBIDDEN, "Forbidden")
            .detail(format!("{caller} may change its own keys only")));
    }
    match &change.signature {
        Some(sig) => verify_signed(&state, caller, change.created, &sig.kid, &bytes).await?,
        None if state.config.sandbox && change.action == KeyAction::Register => {}
        None => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code::SIGNATURE_REQUIRED,
                "Signature required",
            )
            .detail(format!("a key change must be signed by an active key of {caller}")));
        }
    }
    match change.action {
        KeyAction::Register => {
            let Some(mut jwk) = change.key else {
                return Err(invalid("/key: a registration carries the new key".into()));
            };
            jwk.verifying_key().map_err(|e| invalid(format!("/key: {e}")))?;
            if jwk.status.is_some_and(|s| s != KeyStatus::Active) || jwk.revoked_at.is_some() {
                return Err(invalid("/key/status: a new key is active".into()));
            }
            jwk.status = Some(KeyStatus::Active);
            let kid = jwk.kid.clone();
            let added = state
                .db
                .write(move |tx| Ok::<_, ApiError>(db::directory::add_key(tx, caller, &jwk)?))
                .await?;
            if !added {
                return Err(ApiError::new(StatusCode::CONFLICT, code::DUPLICATE_ID, "Key id taken")
                    .detail(format!("`{kid}` already names a key; a kid names one key, forever")));
            }
        }
        KeyAction::Retire | KeyAction::Revoke => {
            let Some(kid) = change.kid.clone() else {
                return Err(invalid("/kid: a retirement or revocation names the key".into()));
            };
            let (status, at) = if change.action == KeyAction::Revoke {
                (KeyStatus::Revoked, Some(change.created.min(Utc::now()).timestamp()))
            } else {
                (KeyStatus::Retired, None)
            };
            let k = kid.clone();
            let found = state
                .db
                .write(move |tx| Ok::<_, ApiError>(db::directory::set_key_status(tx, caller, &k, status, at)?))
                .await?;
            if !found {
                return Err(ApiError::not_found().detail(format!("{caller} has no key `{kid}`")));
            }
        }
    }
    key_set(&state, caller).await.map(Json)
}
