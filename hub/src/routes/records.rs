//! Database records: register (SLTD, SMV, iARMS), read in full (the second
//! step of a check), delete. Records are the network's shared databases:
//! every NCB may read them; only the registering NCB deletes one, and only
//! the issuing state's NCB registers a travel document (domain.md 2.4).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use ncblink::model::query::{Record, RecordView};
use ncblink::names::identifier_key;
use ncblink::validate::validate;
use ncblink::wire::problem_code as code;

use crate::auth::Caller;
use crate::authorship::Authored;
use crate::db;
use crate::db::records::{RecordId, Stored};
use crate::extract::{AuthoredBody, NoMembers, PathParam};
use crate::idempotency::Idem;
use crate::problem::ApiError;
use crate::state::AppState;

/// `POST /v1/records`: `201` with the record stored now; `200` with the
/// stored one when this NCB registered the same record before (its
/// natural key, [`db::records::natural_key`]); `409` when another NCB did.
pub async fn create(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    idem: Idem,
    AuthoredBody(record, bytes): AuthoredBody<Record>,
) -> Result<Response, ApiError> {
    let report = validate(&record);
    if !report.is_ok() {
        return Err(ApiError::validation_failed(report));
    }
    if let Err(why) = record.check_registrant(ncb) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, code::NOT_ISSUING_STATE, "Not the issuing state").detail(why));
    }
    let doc_key = match &record {
        Record::TravelDocument(d) => Some((identifier_key(&d.number), d.issuing_state.as_str().to_string())),
        _ => None,
    };
    let authored = Authored {
        bytes,
        action: "register_record",
        required: state.config.require_signatures,
    };
    let (res, created) = idem
        .write_status(&state.db, move |tx| {
            authored.check(tx, ncb, &["records"])?;
            match db::records::insert(tx, ncb, &record, Utc::now())? {
                Stored::Created(view) => Ok((StatusCode::CREATED, view, true)),
                Stored::Exists(view) if view.owner == ncb => Ok((StatusCode::OK, view, false)),
                Stored::Exists(view) => Err(ApiError::new(
                    StatusCode::CONFLICT,
                    code::RECORD_EXISTS,
                    "Record registered by another NCB",
                )
                .detail(format!(
                    "this {} is already registered by {} as {}",
                    kind_of(&view.record),
                    view.owner,
                    view.id
                ))),
            }
        })
        .await?;
    if created && let Some((k, s)) = doc_key {
        state.documents.add(&k, &s);
    }
    Ok(res)
}

fn kind_of(record: &Record) -> &'static str {
    match record {
        Record::TravelDocument(_) => "travel document (number, issuing state and type)",
        Record::Vehicle(_) => "vehicle (VIN, else plate and country, else engine number)",
        Record::Firearm(_) => "firearm (make, model and serial number)",
    }
}

fn id_of(id: &str) -> Result<RecordId, ApiError> {
    RecordId::parse(id).ok_or_else(ApiError::not_found)
}

/// `GET /v1/records/{id}`.
pub async fn get(State(state): State<AppState>, PathParam(id): PathParam) -> Result<Json<RecordView>, ApiError> {
    let id = id_of(&id)?;
    state
        .db
        .read(move |c| Ok::<_, ApiError>(db::records::get(c, id)?))
        .await?
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

/// `DELETE /v1/records/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    idem: Idem,
    PathParam(path): PathParam,
    AuthoredBody(NoMembers {}, bytes): AuthoredBody<NoMembers>,
) -> Result<Response, ApiError> {
    let id = id_of(&path)?;
    let authored = Authored {
        bytes,
        action: "remove_record",
        required: state.config.require_signatures,
    };
    let (res, removed_key) = idem
        .write_empty(&state.db, StatusCode::NO_CONTENT, move |tx| {
            let Some(view) = db::records::get(tx, id)? else {
                return Err(ApiError::not_found());
            };
            if view.owner != ncb {
                return Err(ApiError::forbidden(format!(
                    "only the registering NCB ({}) may delete this record",
                    view.owner
                )));
            }
            authored.check(tx, ncb, &[&path, &view.id.to_string()])?;
            let key = match view.record {
                Record::TravelDocument(_) => db::records::document_key(tx, id.row)?,
                _ => None,
            };
            db::records::delete(tx, id)?;
            Ok(key)
        })
        .await?;
    if let Some((k, s)) = removed_key {
        state.documents.remove(&k, &s);
    }
    Ok(res)
}
