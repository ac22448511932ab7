//! Database checks, one or a batch of up to 1,000: travel documents
//! against SLTD (normalised number and issuing state, and type when
//! given), vehicles against SMV (VIN, engine number or plate), firearms
//! against iARMS (serial number, and make when given), persons against the
//! published notices the checking NCB may see (INTERPOL id, or a tolerant
//! name with what corroborates it, found through the name index; each hit
//! says what matched).
//!
//! A hit puts a notification in the owning NCB's inbox: who checked, which
//! record, when; one per record, checking NCB and window, with a count. Checks need no `Idempotency-Key`: they are queries, and
//! the only thing they write is that notification.
//!
//! The document check is the hot path (20,000 a second is the target): a
//! no-hit answer, by far the most common, is decided by the in-memory
//! index ([`crate::index`]) without touching the database.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use ncblink::model::query::{
    Check, CheckOutcome, CheckResult, Database, DocumentCheck, FirearmCheck, Hit, MatchEvidence, PersonCheck, Record,
    VehicleCheck,
};
use ncblink::model::{NcbCode, NoticeStatus};
use ncblink::names::person::{PersonFacts, person_match};
use ncblink::names::{identifier_key, name_keys};
use ncblink::validate::{Report, Severity, Violation, validate};
use ncblink::wire::{
    BatchResults, DocumentCheckBatch, FirearmCheckBatch, HitNotification, MAX_BATCH_ITEMS, MAX_NAME_BYTES,
    PersonCheckBatch, VehicleCheckBatch, problem_code as code,
};

use super::notices::{Deliveries, wake};
use crate::access::notice_visible;
use crate::auth::Caller;
use crate::db;
use crate::db::notices::{Filter, NoticeKey};
use crate::db::records::Found;
use crate::extract::JsonBody;
use crate::problem::ApiError;
use crate::state::AppState;

/// Validates checks with the SDK's rules; the report's pointers are those
/// of the request body (`/number`, or `/items/3/number` in a batch).
fn validate_checks(checks: &[Check], batch: bool) -> Result<(), ApiError> {
    let mut all = Report::default();
    for (i, c) in checks.iter().enumerate() {
        let report = validate(c);
        for mut v in report.violations {
            // The rules see `{"document_check": {...}}`; the body is the inner object.
            let inner = v
                .pointer
                .splitn(3, '/')
                .nth(2)
                .map(|p| format!("/{p}"))
                .unwrap_or_default();
            v.pointer = if batch { format!("/items/{i}{inner}") } else { inner };
            all.violations.push(v);
        }
        if let Check::PersonCheck(p) = c {
            long_names(p, if batch { format!("/items/{i}") } else { String::new() }, &mut all);
        }
    }
    if all.is_ok() {
        Ok(())
    } else {
        Err(ApiError::validation_failed(all))
    }
}

/// A person's names are scored against every candidate's: over
/// [`MAX_NAME_BYTES`] they are refused before any work (this limit replaces
/// the SDK's looser one for any text, which may have named the field).
fn long_names(p: &PersonCheck, at: String, report: &mut Report) {
    for (field, value) in [("family_name", &p.family_name), ("forenames", &p.forenames)] {
        let pointer = format!("{at}/{field}");
        if let Some(v) = value
            && v.len() > MAX_NAME_BYTES
        {
            report
                .violations
                .retain(|x| !(x.pointer == pointer && x.code == "FIELD.TOO_LONG"));
            report.violations.push(Violation {
                code: "FIELD.TOO_LONG".into(),
                pointer,
                severity: Severity::Error,
                args: vec![v.len().to_string(), MAX_NAME_BYTES.to_string()],
            });
        }
    }
}

fn check_batch_size(n: usize) -> Result<(), ApiError> {
    if n > MAX_BATCH_ITEMS {
        return Err(
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, code::BATCH_TOO_LARGE, "Batch too large").detail(format!(
                "a batch holds at most {MAX_BATCH_ITEMS} checks; this one has {n}"
            )),
        );
    }
    Ok(())
}

fn result_of(mut hits: Vec<Hit>) -> CheckResult {
    hits.sort_by(|a, b| b.score.total_cmp(&a.score));
    CheckResult {
        extra: Default::default(),
        outcome: if hits.is_empty() {
            CheckOutcome::NoHit
        } else {
            CheckOutcome::Hit
        },
        hits,
    }
}

fn no_hit() -> CheckResult {
    CheckResult {
        extra: Default::default(),
        outcome: CheckOutcome::NoHit,
        hits: Vec::new(),
    }
}

fn code_name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn hit_of(found: Found) -> Hit {
    let summary = match &found.record {
        Record::TravelDocument(d) => format!(
            "{} {} issued by {}: {}",
            d.document_type.code(),
            d.number,
            d.issuing_state,
            d.loss_type.code()
        ),
        Record::Vehicle(v) => {
            let what = [v.make.as_deref(), v.model.as_deref(), v.colour.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let id = v
                .vin
                .as_deref()
                .map(|x| format!("VIN {x}"))
                .or_else(|| v.plate.as_ref().map(|p| format!("plate {} {}", p.country, p.number)))
                .or_else(|| v.engine_number.as_deref().map(|e| format!("engine {e}")))
                .unwrap_or_default();
            format!("stolen vehicle {what} {id}")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
        Record::Firearm(f) => format!(
            "{} {} serial {}: {}",
            f.make,
            f.model.as_deref().unwrap_or(""),
            f.serial_number,
            code_name(f.status)
        )
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" "),
    };
    Hit {
        extra: Default::default(),
        record_id: found.id.to_string(),
        database: found.id.database,
        owner: found.owner,
        summary,
        score: 1.0,
        matched_on: Vec::new(),
    }
}

/// Tells each hit record's owner who checked it: one notification per
/// record, checking NCB and window, with the count of its hits
/// ([`db::inbox::notify_hit`]), so a batch of identical checks adds one
/// item to the owner's inbox.
async fn notify_hits(state: &AppState, checker: NcbCode, results: &[CheckResult]) -> Result<(), ApiError> {
    // Hits on one record counted first, kept in the order first seen.
    let mut hits: Vec<(Hit, u32)> = Vec::new();
    let mut seen: HashMap<(NcbCode, &str), usize> = HashMap::new();
    for h in results.iter().flat_map(|r| r.hits.iter()) {
        match seen.get(&(h.owner, h.record_id.as_str())) {
            Some(&i) => hits[i].1 = hits[i].1.saturating_add(1),
            None => {
                seen.insert((h.owner, h.record_id.as_str()), hits.len());
                hits.push((h.clone(), 1));
            }
        }
    }
    if hits.is_empty() {
        return Ok(());
    }
    let window = chrono::Duration::from_std(state.config.hit_window).unwrap_or(chrono::Duration::MAX);
    let deliveries = state
        .db
        .write(move |tx| {
            let now = Utc::now();
            let mut out = Deliveries::new();
            for (h, count) in hits {
                let n = HitNotification {
                    checked_by: checker,
                    checked_at: now,
                    count,
                    database: h.database,
                    record_id: h.record_id,
                    summary: h.summary,
                    score: h.score,
                };
                if let Some(seq) = db::inbox::notify_hit(tx, h.owner, n, count, window)? {
                    out.push((h.owner, seq));
                }
            }
            Ok::<_, ApiError>(out)
        })
        .await?;
    wake(state, &deliveries);
    Ok(())
}

async fn run_documents(
    state: &AppState,
    ncb: NcbCode,
    items: Vec<DocumentCheck>,
) -> Result<Vec<CheckResult>, ApiError> {
    let mut results: Vec<CheckResult> = Vec::with_capacity(items.len());
    let mut maybe: Vec<(usize, String, String, Option<String>)> = Vec::new();
    for (i, c) in items.iter().enumerate() {
        results.push(no_hit());
        let key = identifier_key(&c.number);
        let state_code = c.issuing_state.as_str();
        if state.documents.may_contain(&key, state_code) {
            maybe.push((
                i,
                key,
                state_code.to_string(),
                c.document_type.as_ref().map(|t| t.code().to_string()),
            ));
        }
    }
    if maybe.is_empty() {
        return Ok(results);
    }
    let found = state
        .db
        .read(move |c| {
            let mut out = Vec::new();
            for (i, key, st, ty) in maybe {
                out.push((i, db::records::find_documents(c, &key, &st, ty.as_deref())?));
            }
            Ok::<_, ApiError>(out)
        })
        .await?;
    for (i, f) in found {
        results[i] = result_of(f.into_iter().map(hit_of).collect());
    }
    notify_hits(state, ncb, &results).await?;
    Ok(results)
}

async fn run_vehicles(state: &AppState, ncb: NcbCode, items: Vec<VehicleCheck>) -> Result<Vec<CheckResult>, ApiError> {
    let found = state
        .db
        .read(move |c| {
            let mut out = Vec::with_capacity(items.len());
            for v in &items {
                let vin = v.vin.as_deref().map(identifier_key);
                let engine = v.engine_number.as_deref().map(identifier_key);
                let plate = v
                    .plate
                    .as_ref()
                    .map(|p| (p.country.as_str().to_string(), identifier_key(&p.number)));
                let f = db::records::find_vehicles(
                    c,
                    vin.as_deref(),
                    engine.as_deref(),
                    plate.as_ref().map(|(c, n)| (c.as_str(), n.as_str())),
                )?;
                out.push(result_of(f.into_iter().map(hit_of).collect()));
            }
            Ok::<_, ApiError>(out)
        })
        .await?;
    notify_hits(state, ncb, &found).await?;
    Ok(found)
}

async fn run_firearms(state: &AppState, ncb: NcbCode, items: Vec<FirearmCheck>) -> Result<Vec<CheckResult>, ApiError> {
    let found = state
        .db
        .read(move |c| {
            let mut out = Vec::with_capacity(items.len());
            for f in &items {
                let make = f.make.as_deref().map(identifier_key);
                let hits = db::records::find_firearms(c, &identifier_key(&f.serial_number), make.as_deref())?;
                out.push(result_of(hits.into_iter().map(hit_of).collect()));
            }
            Ok::<_, ApiError>(out)
        })
        .await?;
    notify_hits(state, ncb, &found).await?;
    Ok(found)
}

/// Rows read per query while reading a name's candidates.
const SCAN_BATCH: u32 = 512;

/// The one-line summary of a notice in a hit.
fn hit_for(row: &db::notices::ListRow, score: f64, matched_on: Vec<MatchEvidence>) -> Hit {
    let s = &row.summary;
    let id = s.notice_id.map(|n| n.url_form()).unwrap_or_else(|| s.id.to_string());
    let mut summary = format!("{} notice", code_name(s.notice_type));
    if let Some(n) = s.notice_id {
        summary.push_str(&format!(" {n}"));
    }
    if let Some(name) = &s.name {
        summary.push_str(&format!(": {name}"));
    }
    if let Some(d) = s.date_of_birth {
        summary.push_str(&format!(" (born {d})"));
    }
    Hit {
        extra: Default::default(),
        record_id: id,
        database: Database::Nominal,
        owner: s.source,
        summary,
        score,
        matched_on,
    }
}

/// Persons against the published notices this NCB may see: by INTERPOL
/// id, and by name through the name index, a hit when
/// [`person_match`] says the name and what corroborates it are enough.
async fn run_persons(state: &AppState, ncb: NcbCode, items: Vec<PersonCheck>) -> Result<Vec<CheckResult>, ApiError> {
    let results = state
        .db
        .read(move |c| {
            let filter = Filter {
                status: Some(NoticeStatus::Published),
                ..Filter::default()
            };
            let visible = |r: &db::notices::ListRow| {
                let s = &r.summary;
                notice_visible(ncb, s.source, s.status, &r.recipients, &r.access)
            };
            let mut out = Vec::with_capacity(items.len());
            for p in &items {
                let mut hits = Vec::new();
                let mut by_id = None;
                if let Some(want) = p.interpol_id
                    && let Some((seq, _)) = db::notices::get(c, NoticeKey::Interpol(want), ncb)?
                    && let Some(row) = db::notices::scan(
                        c,
                        seq - 1,
                        &Filter {
                            rows: Some(vec![seq]),
                            ..filter.clone()
                        },
                        1,
                    )?
                    .into_iter()
                    .find(|r| visible(r))
                {
                    hits.push(hit_for(&row, 1.0, vec![MatchEvidence::InterpolId]));
                    by_id = Some(seq);
                }
                let name = [p.family_name.as_deref(), p.forenames.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let keys = name_keys(&name);
                let documents: Vec<String> = p.document_number.as_deref().map(identifier_key).into_iter().collect();
                let query = PersonFacts {
                    keys: &keys,
                    date_of_birth: p.date_of_birth.as_ref(),
                    nationalities: &p.nationalities,
                    documents: &documents,
                };
                let terms = db::notices::terms_of(&keys);
                let mut after = 0;
                while !keys.is_empty()
                    && let Some((last, rows)) = db::notices::scan_named(c, after, &filter, Some(&terms), SCAN_BATCH)?
                {
                    after = last;
                    for row in rows.iter().filter(|r| Some(r.seq) != by_id && visible(r)) {
                        let candidate = PersonFacts {
                            keys: &row.name_keys,
                            date_of_birth: row.summary.date_of_birth.as_ref(),
                            nationalities: &row.summary.nationalities,
                            documents: &row.documents,
                        };
                        if let Some(m) = person_match(&query, &candidate) {
                            hits.push(hit_for(row, m.score, m.evidence));
                        }
                    }
                }
                out.push(result_of(hits));
            }
            Ok::<_, ApiError>(out)
        })
        .await?;
    notify_hits(state, ncb, &results).await?;
    Ok(results)
}

fn unwrap_checks<T>(checks: Vec<Check>, f: impl Fn(Check) -> Option<T>) -> Result<Vec<T>, ApiError> {
    checks
        .into_iter()
        .map(|c| f(c).ok_or_else(|| crate::error::HubError::Task("check kind changed".into()).into()))
        .collect()
}

macro_rules! check_routes {
    ($single:ident, $batch:ident, $item:ty, $batch_ty:ty, $variant:ident, $run:ident) => {
        /// One check.
        pub async fn $single(
            State(state): State<AppState>,
            Caller(ncb): Caller,
            JsonBody(item): JsonBody<$item>,
        ) -> Result<Json<CheckResult>, ApiError> {
            let checks = vec![Check::$variant(item)];
            validate_checks(&checks, false)?;
            let items = unwrap_checks(checks, |c| match c {
                Check::$variant(x) => Some(x),
                _ => None,
            })?;
            let mut results = $run(&state, ncb, items).await?;
            Ok(Json(results.pop().unwrap_or_else(no_hit)))
        }

        /// A batch of checks, answered in order.
        pub async fn $batch(
            State(state): State<AppState>,
            Caller(ncb): Caller,
            JsonBody(batch): JsonBody<$batch_ty>,
        ) -> Result<Json<BatchResults>, ApiError> {
            check_batch_size(batch.items.len())?;
            let checks: Vec<Check> = batch.items.into_iter().map(Check::$variant).collect();
            validate_checks(&checks, true)?;
            let items = unwrap_checks(checks, |c| match c {
                Check::$variant(x) => Some(x),
                _ => None,
            })?;
            Ok(Json(BatchResults {
                results: $run(&state, ncb, items).await?,
            }))
        }
    };
}

check_routes!(
    document,
    document_batch,
    DocumentCheck,
    DocumentCheckBatch,
    DocumentCheck,
    run_documents
);
check_routes!(
    vehicle,
    vehicle_batch,
    VehicleCheck,
    VehicleCheckBatch,
    VehicleCheck,
    run_vehicles
);
check_routes!(
    person,
    person_batch,
    PersonCheck,
    PersonCheckBatch,
    PersonCheck,
    run_persons
);
check_routes!(
    firearm,
    firearm_batch,
    FirearmCheck,
    FirearmCheckBatch,
    FirearmCheck,
    run_firearms
);
