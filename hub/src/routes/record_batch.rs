//! Records in bulk: `POST /v1/records/batch` registers, updates and removes
//! up to 1,000 records in one transaction, each item applied on its own
//! and answered in order; `GET /v1/records?mine=true` lists the caller's
//! records by change sequence, so that a client can tell what the hub
//! holds for it (the national sync of `ncblink::client::sync`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use ncblink::model::NcbCode;
use ncblink::model::query::{Database, Record, RecordKind};
use ncblink::names::identifier_key;
use ncblink::validate::validate;
use ncblink::wire::{
    MAX_BATCH_ITEMS, MAX_RECORD_PAGE_LIMIT, Problem, RecordAction, RecordBatch, RecordBatchResults, RecordItemResult,
    RecordOutcome, RecordQuery, problem_code as code,
};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::auth::Caller;
use crate::authorship::Authored;
use crate::db;
use crate::db::records::{RecordId, Seqs};
use crate::error::HubError;
use crate::extract::{QueryParams, SignedBody};
use crate::idempotency::Idem;
use crate::problem::ApiError;
use crate::state::AppState;

/// The batch's items as received, for the signatures over them.
#[derive(serde::Deserialize)]
struct RawItems<'a> {
    #[serde(borrow)]
    items: Vec<&'a RawValue>,
}

/// Items per page of the caller's records when the query names no limit.
const DEFAULT_RECORD_PAGE: u32 = 1000;

/// An item checked before the transaction: what to write, or why not.
enum Op {
    Register(Record),
    Update(Record),
    RemoveId(RecordId),
    RemoveKey(Record),
    Refused(Problem),
}

/// A change of the in-memory SLTD index, applied once the batch committed.
enum IndexChange {
    Add(String, String),
    Remove(String, String),
}

fn refused(status: StatusCode, code: &str, title: &str, detail: impl Into<String>) -> Op {
    let mut p = Problem::new(code, status.as_u16(), title);
    p.detail = Some(detail.into());
    Op::Refused(p)
}

/// The checks that need no database: shape, validation (the same rules
/// as one registration), the issuing state's exclusive right on SLTD.
fn check(ncb: NcbCode, n: usize, item: ncblink::wire::RecordBatchItem) -> Op {
    let record = match (item.action, item.record, item.id) {
        (RecordAction::Remove, None, Some(id)) => {
            return match RecordId::parse(&id) {
                Some(id) => Op::RemoveId(id),
                None => refused(
                    StatusCode::BAD_REQUEST,
                    code::INVALID_PARAMETER,
                    "Invalid record id",
                    format!("/items/{n}/id: `{id}` is not a record id (sltd-42)"),
                ),
            };
        }
        (RecordAction::Remove, Some(r), None) => return Op::RemoveKey(r),
        (RecordAction::Remove, _, _) => {
            return refused(
                StatusCode::BAD_REQUEST,
                code::INVALID_PARAMETER,
                "Remove needs an id or a record",
                format!("/items/{n}: a removal names the record by `id` or by `record` (its natural key), one of them"),
            );
        }
        (_, Some(r), None) => r,
        (action, _, _) => {
            return refused(
                StatusCode::BAD_REQUEST,
                code::INVALID_PARAMETER,
                "Record required",
                format!("/items/{n}: `{action:?}` needs a `record` and no `id`").to_lowercase(),
            );
        }
    };
    let report = validate(&record);
    if !report.is_ok() {
        let mut p = Problem::new(code::VALIDATION_FAILED, 422, "The document breaks validation rules");
        p.report = Some(report);
        return Op::Refused(p);
    }
    if let Err(why) = record.check_registrant(ncb) {
        return refused(
            StatusCode::FORBIDDEN,
            code::NOT_ISSUING_STATE,
            "Not the issuing state",
            why,
        );
    }
    match item.action {
        RecordAction::Update => Op::Update(record),
        _ => Op::Register(record),
    }
}

fn result(outcome: RecordOutcome, id: RecordId, seq: i64) -> RecordItemResult {
    RecordItemResult {
        outcome,
        id: Some(id.to_string()),
        seq: u64::try_from(seq).ok(),
        problem: None,
    }
}

fn refusal(p: Problem) -> RecordItemResult {
    RecordItemResult {
        outcome: RecordOutcome::Refused,
        id: None,
        seq: None,
        problem: Some(p),
    }
}

fn other_owner(record: &Record, owner: &str, id: RecordId) -> RecordItemResult {
    let mut p = Problem::new(code::RECORD_EXISTS, 409, "Record registered by another NCB");
    p.detail = Some(format!(
        "this {} is already registered by {owner} as {id}",
        record.kind().as_str()
    ));
    refusal(p)
}

fn doc_key(record: &Record) -> Option<(String, String)> {
    match record {
        Record::TravelDocument(d) => Some((identifier_key(&d.number), d.issuing_state.as_str().to_string())),
        _ => None,
    }
}

/// Applies one checked item inside the batch's transaction.
fn apply(
    tx: &Connection,
    ncb: NcbCode,
    op: Op,
    seqs: &mut Seqs,
    index: &mut Vec<IndexChange>,
) -> Result<RecordItemResult, HubError> {
    let now = Utc::now();
    Ok(match op {
        Op::Refused(p) => refusal(p),
        Op::Register(record) => {
            let database = record.database();
            match db::records::find(tx, &record)? {
                Some(held) => {
                    let id = RecordId {
                        database,
                        row: held.row,
                    };
                    if held.owner == ncb.as_str() {
                        result(RecordOutcome::Exists, id, held.seq)
                    } else {
                        other_owner(&record, &held.owner, id)
                    }
                }
                None => {
                    let seq = seqs.next(tx, database)?;
                    let json = serde_json::to_string(&record)?;
                    let row = db::records::insert_row(tx, ncb, &record, &json, now, seq)?;
                    if let Some((k, s)) = doc_key(&record) {
                        index.push(IndexChange::Add(k, s));
                    }
                    result(RecordOutcome::Created, RecordId { database, row }, seq)
                }
            }
        }
        Op::Update(record) => {
            let database = record.database();
            match db::records::find(tx, &record)? {
                None => {
                    let mut p = Problem::new(code::NOT_FOUND, 404, "Not found");
                    p.detail = Some(format!(
                        "no {} with this natural key to update: register it",
                        record.kind().as_str()
                    ));
                    refusal(p)
                }
                Some(held) => {
                    let id = RecordId {
                        database,
                        row: held.row,
                    };
                    if held.owner != ncb.as_str() {
                        other_owner(&record, &held.owner, id)
                    } else if db::from_json::<Record>(&held.json)? == record {
                        result(RecordOutcome::Unchanged, id, held.seq)
                    } else {
                        let seq = seqs.next(tx, database)?;
                        let json = serde_json::to_string(&record)?;
                        db::records::update_row(tx, held.row, &record, &json, seq)?;
                        result(RecordOutcome::Updated, id, seq)
                    }
                }
            }
        }
        Op::RemoveKey(record) => match db::records::find(tx, &record)? {
            None => absent(),
            Some(held) => remove(
                tx,
                ncb,
                RecordId {
                    database: record.database(),
                    row: held.row,
                },
                index,
            )?,
        },
        Op::RemoveId(id) => remove(tx, ncb, id, index)?,
    })
}

fn absent() -> RecordItemResult {
    RecordItemResult {
        outcome: RecordOutcome::Absent,
        id: None,
        seq: None,
        problem: None,
    }
}

fn remove(
    tx: &Connection,
    ncb: NcbCode,
    id: RecordId,
    index: &mut Vec<IndexChange>,
) -> Result<RecordItemResult, HubError> {
    let Some(view) = db::records::get(tx, id)? else {
        return Ok(absent());
    };
    if view.owner != ncb {
        let mut p = Problem::new(code::FORBIDDEN, 403, "Forbidden");
        p.detail = Some(format!("only the registering NCB ({}) may remove {id}", view.owner));
        return Ok(refusal(p));
    }
    if let Some((k, s)) = doc_key(&view.record) {
        index.push(IndexChange::Remove(k, s));
    }
    db::records::delete(tx, id)?;
    Ok(RecordItemResult {
        outcome: RecordOutcome::Removed,
        id: Some(id.to_string()),
        seq: None,
        problem: None,
    })
}

/// `POST /v1/records/batch`: every item checked, then all applied in one
/// transaction (a refused item writes nothing and leaves the others); the
/// answer lists one result per item, in order, and is what a retry with
/// the same `Idempotency-Key` gets back.
pub async fn batch(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    idem: Idem,
    SignedBody(batch, bytes): SignedBody<RecordBatch>,
) -> Result<Response, ApiError> {
    let n = batch.items.len();
    if n > MAX_BATCH_ITEMS {
        return Err(
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, code::BATCH_TOO_LARGE, "Batch too large").detail(format!(
                "a batch holds at most {MAX_BATCH_ITEMS} records; this one has {n}"
            )),
        );
    }
    // Each item's bytes as received: a signed item is verified over them.
    let raw: RawItems = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, code::MALFORMED_JSON, "Malformed JSON").detail(e.to_string())
    })?;
    let required = state.config.require_signatures;
    let ops: Vec<(Op, Option<(Authored, String)>)> = batch
        .items
        .into_iter()
        .zip(raw.items)
        .enumerate()
        .map(|(i, (item, raw))| {
            // Unsigned items on a hub that does not require signatures
            // skip the directory: the batch stays as fast as before.
            let authored = (required || item.signature.is_some()).then(|| {
                let (action, target) = item.authorship_target();
                let authored = Authored {
                    bytes: axum::body::Bytes::copy_from_slice(raw.get().as_bytes()),
                    action,
                    required,
                };
                (authored, target.to_string())
            });
            (check(ncb, i, item), authored)
        })
        .collect();
    let (res, index) = idem
        .write(&state.db, StatusCode::OK, move |tx| {
            let mut seqs = Seqs::default();
            let mut index = Vec::new();
            let mut results = Vec::with_capacity(ops.len());
            for (op, authored) in ops {
                // The item's authorship, checked (and its signature spent)
                // only if the item is otherwise applicable.
                let refused_authorship = match (&op, authored) {
                    (Op::Refused(_), _) | (_, None) => None,
                    (_, Some((a, target))) => a.check(tx, ncb, &[target.as_str()]).err(),
                };
                results.push(match refused_authorship {
                    Some(e) => refusal(e.problem().clone()),
                    None => apply(tx, ncb, op, &mut seqs, &mut index)?,
                });
            }
            seqs.save(tx)?;
            Ok((RecordBatchResults { results }, index))
        })
        .await?;
    for change in index {
        match change {
            IndexChange::Add(k, s) => state.documents.add(&k, &s),
            IndexChange::Remove(k, s) => state.documents.remove(&k, &s),
        }
    }
    Ok(res)
}

fn database_of(kind: RecordKind) -> Database {
    match kind {
        RecordKind::TravelDocument => Database::Sltd,
        RecordKind::Vehicle => Database::Smv,
        RecordKind::Firearm => Database::Iarms,
    }
}

/// `GET /v1/records?mine=true&kind=…`: the caller's records of one kind by
/// increasing change sequence number; a record updated while the list is
/// read comes again later, none is missed.
pub async fn list_mine(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
    QueryParams(q): QueryParams<RecordQuery>,
) -> Result<Json<RawPage>, ApiError> {
    crate::extract::refuse_unknown_params(raw.as_deref(), &RecordQuery::PARAMETERS)?;
    if q.mine != Some(true) {
        return Err(ApiError::bad_parameter(
            "mine: only the caller's own records are listed (mine=true)",
        ));
    }
    let Some(kind) = q.kind else {
        return Err(ApiError::bad_parameter("kind: travel_document, vehicle or firearm"));
    };
    let limit = q.limit.unwrap_or(DEFAULT_RECORD_PAGE);
    if limit == 0 || limit > MAX_RECORD_PAGE_LIMIT {
        return Err(ApiError::bad_parameter(format!(
            "limit is 1 to {MAX_RECORD_PAGE_LIMIT}"
        )));
    }
    let scope = format!("records:{ncb}:{}", kind.as_str());
    let after = match &q.cursor {
        Some(c) => state.cursors.open(&scope, c)?,
        None => 0,
    };
    let rows = state
        .db
        .read(move |c| Ok::<_, ApiError>(db::records::list_mine(c, ncb, database_of(kind), after, limit)?))
        .await?;
    let next_cursor = if rows.len() == limit as usize {
        rows.last().map(|r| state.cursors.seal(&scope, r.seq))
    } else {
        None
    };
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        items.push(RawEntry {
            id: r.id.to_string(),
            seq: u64::try_from(r.seq).unwrap_or(0),
            registered_at: r.registered_at,
            record: RawValue::from_string(r.json).map_err(HubError::from)?,
        });
    }
    Ok(Json(RawPage { items, next_cursor }))
}

/// A [`ncblink::wire::RecordEntry`] whose record is the JSON the hub
/// stored, written out as it is.
#[derive(Serialize)]
pub struct RawEntry {
    id: String,
    seq: u64,
    registered_at: chrono::DateTime<Utc>,
    record: Box<RawValue>,
}

/// A [`ncblink::wire::RecordPage`] of [`RawEntry`]s: the same document
/// (the OpenAPI document describes it as that type).
#[derive(Serialize)]
pub struct RawPage {
    items: Vec<RawEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}
