//! Bounds on each request, whatever its route: the URI and header sizes
//! ([`ncblink::wire::MAX_URI_BYTES`], [`ncblink::wire::MAX_HEADER_BYTES`],
//! answered 414 and 431 with problem documents) and a deadline on the
//! whole request (503 `DEADLINE_EXCEEDED`).
//!
//! The deadline answers the client; work already handed to the database
//! finishes on its own (a write runs to its end and keeps its answer for
//! the retry, see [`crate::idempotency`]). What bounds that work is the
//! limit on each input: body size, batch size, page size, name length.
//!
//! hyper refuses a request line over 64 KiB or a head over its buffer
//! before any of this runs, with its own bodiless 414 and 431.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use ncblink::wire::{MAX_HEADER_BYTES, MAX_URI_BYTES, problem_code as code};

use crate::problem::ApiError;
use crate::state::AppState;

/// Middleware on every request.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, ApiError> {
    let uri = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri > MAX_URI_BYTES {
        return Err(
            ApiError::new(StatusCode::URI_TOO_LONG, code::URI_TOO_LONG, "URI too long").detail(format!(
                "the path and query are {uri} bytes; the limit is {MAX_URI_BYTES}"
            )),
        );
    }
    let headers: usize = req.headers().iter().map(|(n, v)| n.as_str().len() + v.len()).sum();
    if headers > MAX_HEADER_BYTES {
        return Err(ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            code::HEADERS_TOO_LARGE,
            "Request headers too large",
        )
        .detail(format!(
            "the headers are {headers} bytes; the limit is {MAX_HEADER_BYTES}"
        )));
    }
    let deadline = state.config.request_deadline;
    match tokio::time::timeout(deadline, next.run(req)).await {
        Ok(res) => Ok(res),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            code::DEADLINE_EXCEEDED,
            "Deadline exceeded",
        )
        .detail(format!(
            "the request did not finish within {} s; retry later or ask for less",
            deadline.as_secs()
        ))
        .retry_after(1)),
    }
}
