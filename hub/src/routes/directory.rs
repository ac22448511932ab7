//! `GET /v1/directory` and `GET /v1/directory/{ncb}`: the NCBs and their
//! signing keys, against which signatures are verified.

use axum::Json;
use axum::extract::State;
use ncblink::model::NcbCode;
use ncblink::wire::{Directory, DirectoryEntry};

use crate::db;
use crate::extract::PathParam;
use crate::problem::ApiError;
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
