//! Notices: request (`POST`), read, list and search, replace (`PUT`),
//! withdraw, suspend and resume. The lifecycle is the model's
//! (`NoticeStatus::can_become`); an illegal step is a 409.
//!
//! In sandbox mode a request is reviewed at once with the validation the
//! SDK runs (the General Secretariat's part): published with a notice id
//! and delivered to the NCBs it addresses, or refused with the report; the
//! source learns the outcome in its inbox too. Outside the sandbox it
//! stays submitted.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header::LINK;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Utc};
use ncblink::model::{Body, NcbCode, NoticeStatus};
use ncblink::names::{NAME_MATCH_THRESHOLD, best_score, dates_compatible, name_keys};
use ncblink::validate::Report;
use ncblink::wire::{
    DEFAULT_PAGE_LIMIT, InboxItemKind, MAX_NAME_BYTES, MAX_PAGE_LIMIT, NoticePage, NoticeQuery, NoticeRecord,
    NoticeStatusChange, NoticeStatusNotification, Notification, SuspendRequest, WithdrawRequest, problem_code as code,
};
use rusqlite::Connection;

use crate::access::{notice_visible, recipients_of};
use crate::auth::Caller;
use crate::authorship::Authored;
use crate::db::notices::{self as store, Filter, NoticeKey};
use crate::db::{self, diffusions, messages};
use crate::extract::{AuthoredBody, EnvelopeBody, NoMembers, PathParam, QueryParams};
use crate::idempotency::Idem;
use crate::problem::ApiError;
use crate::review::{admit, review_accepts};
use crate::state::AppState;

/// Items delivered by a write, to wake their NCBs once it is committed.
pub type Deliveries = Vec<(NcbCode, u64)>;

/// Wakes the long polls of the NCBs that received items.
pub fn wake(state: &AppState, deliveries: &Deliveries) {
    for (ncb, seq) in deliveries {
        state.inboxes.notify(*ncb, *seq);
    }
}

fn duplicate(id: uuid::Uuid) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code::DUPLICATE_ID, "Duplicate id")
        .detail(format!("a document with id {id} was already sent"))
}

/// 409 when the source already sent a notice, diffusion or message with
/// this envelope id. Another NCB's ids are another namespace: they neither
/// collide nor answer differently from an unknown id.
pub fn ensure_new_id(conn: &Connection, source: NcbCode, id: uuid::Uuid) -> Result<(), ApiError> {
    if store::exists(conn, source, id)? || diffusions::exists(conn, source, id)? || messages::exists(conn, source, id)?
    {
        return Err(duplicate(id));
    }
    Ok(())
}

fn push(rec: &mut NoticeRecord, status: NoticeStatus, at: DateTime<Utc>, note: Option<String>) {
    rec.status = status;
    rec.status_history.push(NoticeStatusChange { status, at, note });
}

fn codes_of(report: &Report) -> String {
    report.errors().map(|v| v.code.as_ref()).collect::<Vec<_>>().join(", ")
}

/// The sandbox review of a submitted notice: publish or refuse, deliver,
/// tell the source.
fn review(
    conn: &Connection,
    rec: &mut NoticeRecord,
    now: DateTime<Utc>,
    all: &[NcbCode],
    out: &mut Deliveries,
) -> Result<(), ApiError> {
    let source = rec.envelope.source;
    if review_accepts(&rec.report) {
        rec.notice_id = Some(store::next_notice_id(conn, now.year() as u16)?);
        push(rec, NoticeStatus::Published, now, Some("published after review".into()));
        let payload = serde_json::to_string(&rec.envelope)?;
        for ncb in recipients_of(
            all.iter().copied(),
            source,
            &rec.envelope.recipients,
            &rec.envelope.access,
        ) {
            let seq = db::inbox::deliver(conn, ncb, InboxItemKind::Envelope, rec.id, &payload, now)?;
            out.push((ncb, seq));
        }
    } else {
        let note = format!("refused after review: {}", codes_of(&rec.report));
        push(rec, NoticeStatus::Refused, now, Some(note));
    }
    let last = rec.status_history.last().and_then(|c| c.note.clone());
    let n = Notification::NoticeStatus(NoticeStatusNotification {
        notice: rec.id,
        notice_id: rec.notice_id,
        status: rec.status,
        at: now,
        note: last,
        report: Some(rec.report.clone()),
    });
    let seq = db::inbox::deliver(
        conn,
        source,
        InboxItemKind::NoticeStatus,
        uuid::Uuid::now_v7(),
        &serde_json::to_string(&n)?,
        now,
    )?;
    out.push((source, seq));
    Ok(())
}

fn all_ncbs(state: &AppState) -> Vec<NcbCode> {
    let mut v: Vec<NcbCode> = state.known_ncbs.iter().copied().collect();
    v.sort();
    v
}

/// `POST /v1/notices`.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    idem: Idem,
    EnvelopeBody(envelope): EnvelopeBody,
) -> Result<Response, ApiError> {
    let report = admit(&state, caller, &envelope, "notice").await?;
    let sandbox = state.config.sandbox;
    let all = all_ncbs(&state);
    let (res, deliveries) = idem
        .write(&state.db, StatusCode::CREATED, move |tx| {
            ensure_new_id(tx, envelope.source, envelope.id)?;
            let now = Utc::now();
            let mut rec = NoticeRecord {
                id: envelope.id,
                notice_id: None,
                status: NoticeStatus::Submitted,
                status_history: vec![NoticeStatusChange {
                    status: NoticeStatus::Submitted,
                    at: now,
                    note: None,
                }],
                report,
                suspended_until: None,
                envelope,
            };
            let mut out = Deliveries::new();
            if sandbox {
                review(tx, &mut rec, now, &all, &mut out)?;
            }
            store::insert(tx, &rec, now)?;
            Ok((rec, out))
        })
        .await?;
    wake(&state, &deliveries);
    Ok(res)
}

fn key_of(id: &str) -> Result<NoticeKey, ApiError> {
    NoticeKey::parse(id).ok_or_else(ApiError::not_found)
}

fn visible(rec: &NoticeRecord, ncb: NcbCode) -> bool {
    let e = &rec.envelope;
    notice_visible(ncb, e.source, rec.status, &e.recipients, &e.access)
}

/// `GET /v1/notices/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    PathParam(id): PathParam,
) -> Result<Json<NoticeRecord>, ApiError> {
    let key = key_of(&id)?;
    let found = state
        .db
        .read(move |c| Ok::<_, ApiError>(store::get(c, key, ncb)?))
        .await?;
    match found {
        Some((_, rec)) if visible(&rec, ncb) => Ok(Json(rec)),
        _ => Err(ApiError::not_found()),
    }
}

/// Loads a notice for a change by its source, applies `change` and stores
/// it with the answer, in one transaction: 404 when the caller may not see
/// it, 403 when it may but is not the source, or when the request's
/// authorship (`authored`, for a status change) does not hold for this
/// notice ([`Authored::check`]; the notice goes by the path's `id`, its
/// envelope id and its notice id).
async fn change<F>(
    state: &AppState,
    ncb: NcbCode,
    idem: Idem,
    (id, key): (String, NoticeKey),
    authored: Option<Authored>,
    change: F,
) -> Result<Response, ApiError>
where
    F: FnOnce(&Connection, &mut NoticeRecord, DateTime<Utc>, &mut Deliveries) -> Result<(), ApiError> + Send + 'static,
{
    let (res, deliveries) = idem
        .write(&state.db, StatusCode::OK, move |tx| {
            let Some((seq, mut rec)) = store::get(tx, key, ncb)? else {
                return Err(ApiError::not_found());
            };
            if !visible(&rec, ncb) {
                return Err(ApiError::not_found());
            }
            if rec.envelope.source != ncb {
                return Err(ApiError::forbidden("only the notice's source may change it"));
            }
            if let Some(a) = &authored {
                let envelope_id = rec.id.to_string();
                let notice_id = rec.notice_id.map(|n| n.to_string()).unwrap_or_default();
                let url_form = notice_id.replace('/', "-");
                a.check(tx, ncb, &[&id, &envelope_id, &notice_id, &url_form])?;
            }
            let now = Utc::now();
            let mut out = Deliveries::new();
            change(tx, &mut rec, now, &mut out)?;
            store::update(tx, seq, &rec, now)?;
            Ok((rec, out))
        })
        .await?;
    wake(state, &deliveries);
    Ok(res)
}

fn step(rec: &mut NoticeRecord, to: NoticeStatus, at: DateTime<Utc>, note: Option<String>) -> Result<(), ApiError> {
    if !rec.status.can_become(to) {
        return Err(ApiError::illegal_transition(rec.status.as_str(), to.as_str()));
    }
    push(rec, to, at, note);
    Ok(())
}

/// `PUT /v1/notices/{id}`: a request under review (submitted or
/// information requested) is replaced and reviewed again; a published or
/// suspended notice is updated only if the new version passes the review
/// at once (the hub keeps one version); any other status is a 409.
pub async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    idem: Idem,
    PathParam(id): PathParam,
    EnvelopeBody(envelope): EnvelopeBody,
) -> Result<Response, ApiError> {
    let key = key_of(&id)?;
    let report = admit(&state, caller, &envelope, "notice").await?;
    let sandbox = state.config.sandbox;
    let all = all_ncbs(&state);
    change(&state, caller.0, idem, (id, key), None, move |tx, rec, now, out| {
        if envelope.id != rec.id {
            return Err(wrong("the replacement must keep the envelope id of the notice"));
        }
        let (new, held) = (envelope.version.unwrap_or(1), rec.envelope.version.unwrap_or(1));
        if new <= held {
            return Err(
                ApiError::new(StatusCode::CONFLICT, code::VERSION_NOT_NEWER, "Version not newer").detail(format!(
                    "the replacement has version {new}; the hub holds version {held}: send version {} or later",
                    held.saturating_add(1)
                )),
            );
        }
        let same_type = match (&envelope.body, &rec.envelope.body) {
            (Body::Notice(a), Body::Notice(b)) => a.notice_type() == b.notice_type(),
            _ => false,
        };
        if !same_type {
            return Err(wrong("the replacement must keep the notice type"));
        }
        match rec.status {
            NoticeStatus::Submitted | NoticeStatus::InformationRequested => {
                if rec.status == NoticeStatus::InformationRequested {
                    step(rec, NoticeStatus::Submitted, now, Some("information provided".into()))?;
                } else {
                    rec.status_history.push(NoticeStatusChange {
                        status: NoticeStatus::Submitted,
                        at: now,
                        note: Some("replaced by the source".into()),
                    });
                }
                rec.envelope = envelope;
                rec.report = report;
                if sandbox {
                    review(tx, rec, now, &all, out)?;
                }
                Ok(())
            }
            NoticeStatus::Published | NoticeStatus::Suspended => {
                if !review_accepts(&report) {
                    return Err(ApiError::validation_failed(report)
                        .detail("a published notice is updated only by a version that passes the review"));
                }
                let status = rec.status;
                rec.status_history.push(NoticeStatusChange {
                    status,
                    at: now,
                    note: Some("updated by the source".into()),
                });
                rec.envelope = envelope;
                rec.report = report;
                Ok(())
            }
            other => Err(ApiError::illegal_transition(
                other.as_str(),
                NoticeStatus::Submitted.as_str(),
            )),
        }
    })
    .await
}

fn authored(state: &AppState, bytes: axum::body::Bytes, action: &'static str) -> Authored {
    Authored {
        bytes,
        action,
        required: state.config.require_signatures,
    }
}

fn wrong(detail: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code::WRONG_DOCUMENT, "Wrong document").detail(detail)
}

/// `POST /v1/notices/{id}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    idem: Idem,
    PathParam(id): PathParam,
    AuthoredBody(body, bytes): AuthoredBody<WithdrawRequest>,
) -> Result<Response, ApiError> {
    let key = key_of(&id)?;
    let authored = authored(&state, bytes, "withdraw");
    change(&state, ncb, idem, (id, key), Some(authored), move |_, rec, now, _| {
        step(rec, NoticeStatus::Withdrawn, now, Some(body.reason))?;
        rec.suspended_until = None;
        Ok(())
    })
    .await
}

/// `POST /v1/notices/{id}/suspend`: at most six months ahead (422 beyond).
pub async fn suspend(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    idem: Idem,
    PathParam(id): PathParam,
    AuthoredBody(body, bytes): AuthoredBody<SuspendRequest>,
) -> Result<Response, ApiError> {
    let key = key_of(&id)?;
    if !body.is_allowed_at(Utc::now()) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::SUSPENSION_TOO_LONG,
            "Suspension out of range",
        )
        .detail(format!(
            "a suspension ends in the future and at most {} months ahead (RPD Art 81)",
            ncblink::wire::MAX_SUSPENSION_MONTHS
        )));
    }
    let authored = authored(&state, bytes, "suspend");
    change(&state, ncb, idem, (id, key), Some(authored), move |_, rec, now, _| {
        let note = Some(
            body.reason
                .unwrap_or_else(|| format!("suspended until {}", body.until.to_rfc3339())),
        );
        step(rec, NoticeStatus::Suspended, now, note)?;
        rec.suspended_until = Some(body.until);
        Ok(())
    })
    .await
}

/// `POST /v1/notices/{id}/resume`.
pub async fn resume(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    idem: Idem,
    PathParam(id): PathParam,
    AuthoredBody(NoMembers {}, bytes): AuthoredBody<NoMembers>,
) -> Result<Response, ApiError> {
    let key = key_of(&id)?;
    let authored = authored(&state, bytes, "resume");
    change(&state, ncb, idem, (id, key), Some(authored), move |_, rec, now, _| {
        if rec.status != NoticeStatus::Suspended {
            return Err(ApiError::illegal_transition(rec.status.as_str(), "published (resume)"));
        }
        step(
            rec,
            NoticeStatus::Published,
            now,
            Some("suspension ended by the source".into()),
        )?;
        rec.suspended_until = None;
        Ok(())
    })
    .await
}

/// Rows read per query while filling a page.
const SCAN_BATCH: u32 = 256;

/// The `Link` header of a page (RFC 8288): the same query with the next
/// cursor.
fn next_link(raw_query: Option<&str>, cursor: &str) -> Option<HeaderValue> {
    let mut params: Vec<&str> = raw_query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("cursor="))
        .collect();
    let c = format!("cursor={cursor}");
    params.push(&c);
    HeaderValue::from_str(&format!("</v1/notices?{}>; rel=\"next\"", params.join("&"))).ok()
}

/// `GET /v1/notices`: oldest first; with `name`, the items whose subject
/// has a name scoring at least [`NAME_MATCH_THRESHOLD`], each with its score.
/// A page that has a next one also says so in a `Link` header.
pub async fn list(
    State(state): State<AppState>,
    Caller(ncb): Caller,
    RawQuery(raw): RawQuery,
    QueryParams(q): QueryParams<NoticeQuery>,
) -> Result<Response, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE_LIMIT);
    if limit == 0 || limit > MAX_PAGE_LIMIT {
        return Err(ApiError::bad_parameter(format!("limit is 1 to {MAX_PAGE_LIMIT}")));
    }
    if let Some(n) = &q.name
        && n.len() > MAX_NAME_BYTES
    {
        return Err(ApiError::bad_parameter(format!(
            "name is {} bytes; at most {MAX_NAME_BYTES}",
            n.len()
        )));
    }
    let scope = format!("notices:{ncb}");
    let after = match &q.cursor {
        Some(c) => state.cursors.open(&scope, c)?,
        None => 0,
    };
    let filter = Filter {
        notice_type: q.notice_type,
        status: q.status,
        source: q.source,
        nationality: q.nationality.map(|c| c.as_str().to_string()),
        rows: None,
    };
    let wanted = q.name.as_deref().map(name_keys);
    let dob = q.date_of_birth;
    let (items, more) = state
        .db
        .read(move |c| {
            let mut after = after;
            let mut items = Vec::new();
            let terms = wanted.as_deref().map(store::terms_of);
            'scan: while let Some((last, rows)) = store::scan_named(c, after, &filter, terms.as_deref(), SCAN_BATCH)? {
                after = last;
                for mut row in rows {
                    let s = &row.summary;
                    if !notice_visible(ncb, s.source, s.status, &row.recipients, &row.access) {
                        continue;
                    }
                    if let Some(d) = &dob
                        && !s.date_of_birth.is_some_and(|x| dates_compatible(d, &x))
                    {
                        continue;
                    }
                    if let Some(w) = &wanted {
                        let best = best_score(w, &row.name_keys);
                        if best < NAME_MATCH_THRESHOLD {
                            continue;
                        }
                        row.summary.score = Some(best);
                    }
                    items.push((row.seq, row.summary));
                    if items.len() > limit as usize {
                        break 'scan;
                    }
                }
            }
            let more = items.len() > limit as usize;
            items.truncate(limit as usize);
            Ok::<_, ApiError>((items, more))
        })
        .await?;
    let next_cursor = if more {
        items.last().map(|(seq, _)| state.cursors.seal(&scope, *seq))
    } else {
        None
    };
    let link = next_cursor.as_deref().and_then(|c| next_link(raw.as_deref(), c));
    let mut res = Json(NoticePage {
        items: items.into_iter().map(|(_, s)| s).collect(),
        next_cursor,
    })
    .into_response();
    if let Some(l) = link {
        res.headers_mut().insert(LINK, l);
    }
    Ok(res)
}
