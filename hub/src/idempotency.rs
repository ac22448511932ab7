//! `Idempotency-Key` on writes (draft-ietf-httpapi-idempotency-key-header,
//! standards.md 5): the key is stored per NCB with a SHA-256 fingerprint of
//! the request (method, path and body) and, once answered, the answer.
//!
//! - same key, same request, answered: the first answer is replayed, same
//!   status and body, with `Idempotent-Replayed: true`;
//! - same key, another request: 422 `IDEMPOTENCY_KEY_REUSED`;
//! - same key while the first is being processed: 409
//!   `IDEMPOTENCY_KEY_IN_FLIGHT`;
//! - no key: 400 `IDEMPOTENCY_KEY_MISSING`.
//!
//! Answers of 5xx are not kept (the key is released so that a retry runs).
//! A request runs to its end even if the client goes away, so its answer is
//! kept for the retry.
//!
//! A write handler stores its success answer in the transaction of the
//! write itself ([`Idem::write`]): the hub may die at any instant and a
//! retry still finds either nothing done (the pending key is dropped at
//! start-up and the retry runs) or the write with its answer (replayed).
//! Error answers change nothing, so the middleware stores them afterwards.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use ncblink::model::NcbCode;
use ncblink::wire::{IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LEN, problem_code as code};
use rusqlite::Transaction;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::db::Db;
use crate::db::idempotency::{self as store, Begin};
use crate::extract::{check_declared_length, read_body};
use crate::problem::{ApiError, finalize};
use crate::state::AppState;

/// The header a replayed answer carries.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// The idempotency key of the write being handled, for the handler to
/// store its answer with the write ([`Idem::write`]). The middleware puts
/// it in the request's extensions; a route without the middleware cannot
/// extract it.
#[derive(Clone, Debug)]
pub struct Idem {
    ncb: NcbCode,
    key: String,
}

/// Marks a response whose answer was stored with the write.
#[derive(Clone, Copy)]
struct Stored;

impl<S: Send + Sync> FromRequestParts<S> for Idem {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Idem>()
            .cloned()
            .ok_or_else(|| crate::error::HubError::Task("a write route without its idempotency layer".into()).into())
    }
}

impl Idem {
    /// Runs `f` in a write transaction that also stores the answer `status`
    /// with the JSON of the `T` it returns; `X` is handed back for what
    /// happens after the commit (waking inboxes). An error rolls back both.
    pub async fn write<T, X, F>(self, db: &Db, status: StatusCode, f: F) -> Result<(Response, X), ApiError>
    where
        T: Serialize + Send + 'static,
        X: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<(T, X), ApiError> + Send + 'static,
    {
        self.store(db, move |tx| {
            let (body, x) = f(tx)?;
            Ok((status, Some(serde_json::to_vec(&body)?), x))
        })
        .await
    }

    /// [`Idem::write`] where the write decides the status (`201` for a
    /// record stored now, `200` for one found already stored).
    pub async fn write_status<T, X, F>(self, db: &Db, f: F) -> Result<(Response, X), ApiError>
    where
        T: Serialize + Send + 'static,
        X: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<(StatusCode, T, X), ApiError> + Send + 'static,
    {
        self.store(db, move |tx| {
            let (status, body, x) = f(tx)?;
            Ok((status, Some(serde_json::to_vec(&body)?), x))
        })
        .await
    }

    /// [`Idem::write`] for an answer without a body (`204`).
    pub async fn write_empty<X, F>(self, db: &Db, status: StatusCode, f: F) -> Result<(Response, X), ApiError>
    where
        X: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<X, ApiError> + Send + 'static,
    {
        self.store(db, move |tx| Ok((status, None, f(tx)?))).await
    }

    async fn store<X, F>(self, db: &Db, f: F) -> Result<(Response, X), ApiError>
    where
        X: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<(StatusCode, Option<Vec<u8>>, X), ApiError> + Send + 'static,
    {
        let Idem { ncb, key } = self;
        let (status, body, x) = db
            .write(move |tx| {
                let (status, body, x) = f(tx)?;
                let ct = body.as_ref().map(|_| "application/json");
                let stored = store::finish(tx, ncb, &key, status.as_u16(), ct, body.as_deref().unwrap_or(&[]))?;
                if !stored {
                    // The pending key is gone (a restart dropped it while
                    // this request ran): without its answer the write
                    // must not happen either.
                    return Err(crate::error::HubError::Task("idempotency key no longer pending".into()).into());
                }
                Ok::<_, ApiError>((status, body, x))
            })
            .await?;
        let mut res = match body {
            Some(b) => {
                let mut r = (status, b).into_response();
                r.headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                r
            }
            None => status.into_response(),
        };
        res.extensions_mut().insert(Stored);
        Ok((res, x))
    }
}

/// Releases a pending key if the request is dropped before it is answered
/// (the client went away).
struct Release {
    state: AppState,
    ncb: NcbCode,
    key: Option<String>,
}

impl Release {
    fn disarm(&mut self) {
        self.key = None;
    }
}

impl Drop for Release {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else { return };
        let (db, ncb) = (self.state.db.clone(), self.ncb);
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                let r: Result<(), ApiError> = db.write(move |tx| Ok(store::abandon(tx, ncb, &key)?)).await;
                if r.is_err() {
                    tracing::warn!("could not release an abandoned idempotency key");
                }
            });
        }
    }
}

fn key_of(req: &Request) -> Result<String, ApiError> {
    let Some(v) = req.headers().get(IDEMPOTENCY_KEY_HEADER) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            code::IDEMPOTENCY_KEY_MISSING,
            "Idempotency-Key required",
        )
        .detail("every POST, PUT and DELETE needs an Idempotency-Key header (the envelope id is a good one)"));
    };
    let k = v.to_str().unwrap_or("");
    if k.is_empty() || k.len() > MAX_IDEMPOTENCY_KEY_LEN || !k.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            code::IDEMPOTENCY_KEY_INVALID,
            "Invalid Idempotency-Key",
        )
        .detail(format!("1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters")));
    }
    Ok(k.to_string())
}

/// Middleware on every write route but the checks.
pub async fn idempotent(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, ApiError> {
    let Some(Caller(ncb)) = req.extensions().get::<Caller>().copied() else {
        return Err(ApiError::unauthenticated("this route needs an authenticated NCB"));
    };
    let key = key_of(&req)?;
    let limit = state.config.body_limit;
    check_declared_length(req.headers(), limit)?;
    let (parts, body) = req.into_parts();
    let bytes = read_body(body, limit, state.config.body_timeout).await?;
    let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("").to_string();
    let mut h = Sha256::new();
    h.update(parts.method.as_str().as_bytes());
    h.update(b"\n");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(&bytes);
    let hash: Vec<u8> = h.finalize().to_vec();

    // The key's lookup, the write and the recording of its answer run in
    // their own task: a client that disconnects mid-request (a killed
    // process, a timeout) or the request's deadline must not cancel them
    // half-way, or a key would stay pending with nobody to finish it.
    let write = Write {
        ncb,
        key,
        hash,
        path,
        parts,
        bytes,
    };
    let task = tokio::spawn(run(state, write, next));
    match task.await {
        Ok(r) => r,
        Err(e) => Err(crate::error::HubError::Task(format!("write task: {e}")).into()),
    }
}

/// A write whose body was read: who sends it, with which key, and the
/// fingerprint of the request.
struct Write {
    ncb: NcbCode,
    key: String,
    hash: Vec<u8>,
    path: String,
    parts: Parts,
    bytes: axum::body::Bytes,
}

/// Looks the key up, runs the handler when it is new and records its
/// answer (unless the handler stored it with its write, [`Idem::write`]).
async fn run(state: AppState, w: Write, next: Next) -> Result<Response, ApiError> {
    let Write {
        ncb,
        key,
        hash,
        path,
        parts,
        bytes,
    } = w;
    let k = key.clone();
    let begin = state
        .db
        .write(move |tx| Ok::<_, ApiError>(store::begin(tx, ncb, &k, &hash, Utc::now())?))
        .await?;
    match begin {
        Begin::New => {}
        Begin::Replay {
            status,
            content_type,
            body,
        } => {
            let mut res = (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
            if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
                res.headers_mut().insert(CONTENT_TYPE, ct);
            } else {
                res.headers_mut().remove(CONTENT_TYPE);
            }
            res.headers_mut()
                .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
            return Ok(res);
        }
        Begin::InFlight => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                code::IDEMPOTENCY_KEY_IN_FLIGHT,
                "Request with this key in progress",
            )
            .detail("the first request with this Idempotency-Key is still being processed; retry later")
            .retry_after(1));
        }
        Begin::Mismatch => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code::IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key reused",
            )
            .detail("this Idempotency-Key was used with another request; use a new key"));
        }
    }

    let mut release = Release {
        state: state.clone(),
        ncb,
        key: Some(key.clone()),
    };
    let mut parts = parts;
    parts.extensions.insert(Idem { ncb, key: key.clone() });
    let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if res.extensions().get::<Stored>().is_some() {
        release.disarm();
        return Ok(res);
    }
    // Stored as the client will see it, `instance` included.
    let res = finalize(res, path.split('?').next().unwrap_or(""));
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => return Err(crate::error::HubError::Task(format!("response body: {e}")).into()),
    };
    let status = parts.status.as_u16();
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let stored = body.clone();
    let k = key.clone();
    let saved: Result<(), ApiError> = state
        .db
        .write(move |tx| {
            if status >= 500 {
                store::abandon(tx, ncb, &k)?;
            } else {
                store::finish(tx, ncb, &k, status, content_type.as_deref(), &stored)?;
            }
            Ok(())
        })
        .await;
    if saved.is_ok() {
        release.disarm();
    }
    Ok::<Response, ApiError>(Response::from_parts(parts, Body::from(body)))
}
