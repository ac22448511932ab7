//! Request extractors that answer with problem documents: a JSON body read
//! with the size limit and parsed by `ncblink::json` (so an unknown field
//! is named by its JSON Pointer), query strings and path segments.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use ncblink::model::Envelope;
use ncblink::sign::SignedEnvelope;
use ncblink::validate::report_of_parse_error;
use ncblink::wire::problem_code as code;
use serde::de::DeserializeOwned;

use crate::problem::ApiError;
use crate::state::AppState;

/// A JSON body parsed strictly into `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        require_json(req.headers())?;
        let bytes = read_body(req.into_body(), req_limit(state), state.config.body_timeout).await?;
        parse(&bytes).map(JsonBody)
    }
}

/// An envelope body, kept as the bytes received (signatures are verified
/// over them, and they are stored and served unchanged).
pub struct EnvelopeBody(pub SignedEnvelope);

impl FromRequest<AppState> for EnvelopeBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        require_json(req.headers())?;
        let bytes = read_body(req.into_body(), req_limit(state), state.config.body_timeout).await?;
        // Parsed once as the model, for the error that names the field.
        parse::<Envelope>(&bytes)?;
        SignedEnvelope::from_json(&bytes).map(EnvelopeBody).map_err(|e| {
            ApiError::new(StatusCode::BAD_REQUEST, code::MALFORMED_JSON, "Malformed JSON").detail(e.message)
        })
    }
}

/// A JSON body parsed strictly into `T`, with the bytes received (for a
/// signature over them).
pub struct SignedBody<T>(pub T, pub Bytes);

impl<T: DeserializeOwned> FromRequest<AppState> for SignedBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        require_json(req.headers())?;
        let bytes = read_body(req.into_body(), req_limit(state), state.config.body_timeout).await?;
        parse(&bytes).map(|v| SignedBody(v, bytes))
    }
}

/// The body of a request that changes state: read as `T` once its
/// `authorship` and `signature` members are set aside, with the bytes
/// received, for [`crate::authorship::Authored::check`]. No body at all
/// reads as `{}` (resume, delete).
pub struct AuthoredBody<T>(pub T, pub Bytes);

/// A body with no member of its own (`{}`, or `authorship` and
/// `signature` alone). A later version's members are read past, as a
/// tolerant receiver does: they have no meaning here, and a signature
/// still covers them in the bytes received.
#[derive(serde::Deserialize)]
pub struct NoMembers {}

/// Refuses a query parameter that `known` does not list, naming it: an
/// ignored filter would widen the answer without the caller knowing.
pub fn refuse_unknown_params(raw: Option<&str>, known: &[&str]) -> Result<(), ApiError> {
    let unknown = raw
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split('=').next().unwrap_or(pair))
        .find(|name| !known.contains(name));
    match unknown {
        Some(name) => Err(ApiError::bad_parameter(format!(
            "unknown query parameter `{name}`: this route takes {}",
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

impl<T: DeserializeOwned> FromRequest<AppState> for AuthoredBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let declared = req.headers().contains_key(CONTENT_TYPE);
        if declared {
            require_json(req.headers())?;
        }
        let bytes = read_body(req.into_body(), req_limit(state), state.config.body_timeout).await?;
        if bytes.is_empty() {
            return parse(b"{}").map(|v| AuthoredBody(v, bytes));
        }
        if !declared {
            require_json(&HeaderMap::new())?;
        }
        // Parsed as the type first, for the error that names the field,
        // unless the only unknown members are the signed request's own.
        let malformed =
            |e: String| ApiError::new(StatusCode::BAD_REQUEST, code::MALFORMED_JSON, "Malformed JSON").detail(e);
        let (rest, _) = match ncblink::sign::split_request(&bytes) {
            Ok(split) => split,
            Err(e) => {
                parse::<T>(&bytes)?;
                return Err(malformed(e.to_string()));
            }
        };
        let rest = serde_json::to_vec(&rest).map_err(|e| malformed(e.to_string()))?;
        parse(&rest).map(|v| AuthoredBody(v, bytes))
    }
}

fn req_limit(state: &AppState) -> usize {
    state.config.body_limit
}

/// 415 unless the body is declared JSON (`application/json` or a
/// `+json` type).
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let ok = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .is_some_and(|m| m == "application/json" || (m.starts_with("application/") && m.ends_with("+json")));
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
        )
        .detail("send the body as application/json"))
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        code::PAYLOAD_TOO_LARGE,
        "Payload too large",
    )
    .detail(format!("the body is over the limit of {limit} bytes"))
}

/// Reads a body of at most `limit` bytes, or answers 413; 408 when it has
/// not arrived within `timeout` (the connection is then closed, so that a
/// client trickling bytes cannot hold it).
pub async fn read_body(body: Body, limit: usize, timeout: Duration) -> Result<Bytes, ApiError> {
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, limit)).await {
        Ok(read) => read.map_err(|_| too_large(limit)),
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            code::REQUEST_TIMEOUT,
            "Request body too slow",
        )
        .detail(format!("the body did not arrive within {} s", timeout.as_secs()))
        .close()),
    }
}

/// 413 at once when the declared length is over the limit.
pub fn check_declared_length(headers: &HeaderMap, limit: usize) -> Result<(), ApiError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => Err(too_large(limit)),
        _ => Ok(()),
    }
}

/// Parses JSON into `T`: a syntax error is a 400, a document that does not
/// fit the type a 422 naming the field, both with a report.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    ncblink::json::parse::<T>(bytes).map_err(|e| {
        let report = report_of_parse_error(&e);
        match e.code {
            "JSON.SYNTAX" | "JSON.TOO_DEEP" | "JSON.INVALID_UTF8" => {
                ApiError::new(StatusCode::BAD_REQUEST, code::MALFORMED_JSON, "Malformed JSON")
                    .detail(e.message.clone())
                    .report(report)
            }
            "DOCUMENT.TOO_LARGE" => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::PAYLOAD_TOO_LARGE,
                "Payload too large",
            )
            .detail(e.message.clone()),
            _ => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code::INVALID_DOCUMENT,
                "The body is not a valid document",
            )
            .detail(format!(
                "{}: {}",
                if e.pointer.is_empty() { "/" } else { &e.pointer },
                e.message
            ))
            .report(report),
        }
    })
}

/// A query string parsed into `T`; an unknown or bad parameter is a 400.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| QueryParams(q.0))
            .map_err(|e| ApiError::bad_parameter(e.body_text()))
    }
}

/// The single path parameter of a route, as text.
pub struct PathParam(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathParam {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|p| PathParam(p.0))
            .map_err(|e| ApiError::bad_parameter(e.body_text()))
    }
}
