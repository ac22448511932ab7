//! Errors as HTTP answers: RFC 9457 problem documents
//! (`application/problem+json`) with the stable codes of
//! [`ncblink::wire::problem_code`].

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ncblink::validate::Report;
use ncblink::wire::{PROBLEM_CONTENT_TYPE, Problem, problem_code as code};

use crate::error::HubError;

/// An error answer. Built with a status, a code and a title; `detail`,
/// `report` and `retry_after` added as the case needs.
#[derive(Debug)]
pub struct ApiError(Box<Problem>, bool);

/// Marks a response as a problem, so that [`fill_instance`] can name the
/// request path in it.
#[derive(Clone)]
struct ProblemMarker(Box<Problem>);

impl ApiError {
    /// A problem with this status, code and title.
    pub fn new(status: StatusCode, code: &str, title: &str) -> Self {
        ApiError(Box::new(Problem::new(code, status.as_u16(), title)), false)
    }

    /// Adds the explanation of this occurrence.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
        self
    }

    /// Adds a validation report.
    pub fn report(mut self, report: Report) -> Self {
        self.0.report = Some(report);
        self
    }

    /// Closes the connection after this answer (`Connection: close`).
    pub fn close(mut self) -> Self {
        self.1 = true;
        self
    }

    /// Adds the seconds after which a retry makes sense.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.0.retry_after = Some(seconds);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The problem document.
    pub fn problem(&self) -> &Problem {
        &self.0
    }

    /// 404: nothing there, or nothing the caller may see (the two are not
    /// told apart, so that existence does not leak).
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, code::NOT_FOUND, "Not found")
    }

    /// 401.
    pub fn unauthenticated(detail: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            code::UNAUTHENTICATED,
            "Authentication required",
        )
        .detail(detail)
    }

    /// 403 with the generic code.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code::FORBIDDEN, "Forbidden").detail(detail)
    }

    /// 400: a parameter is not understood.
    pub fn bad_parameter(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code::INVALID_PARAMETER, "Invalid parameter").detail(detail)
    }

    /// 409: the lifecycle forbids the transition.
    pub fn illegal_transition(from: &str, to: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            code::ILLEGAL_TRANSITION,
            "Illegal status transition",
        )
        .detail(format!("a notice in status {from} cannot become {to}"))
    }

    /// 422: the document breaks rules that block its submission.
    pub fn validation_failed(report: Report) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::VALIDATION_FAILED,
            "The document breaks validation rules",
        )
        .report(report)
    }

    fn body(problem: &Problem) -> Vec<u8> {
        // A Problem is plain data: serialising it cannot fail.
        serde_json::to_vec(problem).unwrap_or_default()
    }
}

impl From<HubError> for ApiError {
    fn from(e: HubError) -> Self {
        // The cause stays in the log; the client learns only that it may retry.
        tracing::error!(error = %e, "request failed inside the hub");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL, "Internal error")
            .detail("the hub failed to process the request; retry later")
            .retry_after(1)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        HubError::Db(e).into()
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        HubError::Json(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut res = (status, Self::body(&self.0)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE));
        if let Some(s) = self.0.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if self.1 {
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        res.extensions_mut().insert(ProblemMarker(self.0));
        res
    }
}

/// Middleware: names the request path as the `instance` of every problem
/// answered, whichever layer produced it.
pub async fn fill_instance(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    finalize(res, &path)
}

/// Writes `path` as the `instance` of a problem response; other responses
/// pass unchanged.
pub fn finalize(mut res: Response, path: &str) -> Response {
    if let Some(ProblemMarker(mut p)) = res.extensions_mut().remove::<ProblemMarker>() {
        p.instance = Some(path.to_string());
        let (mut parts, _) = res.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::from(ApiError::body(&p)));
    }
    res
}

/// The answer for a path no route has.
pub async fn route_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, code::NOT_FOUND, "No such resource").detail("no route has this path")
}

/// The answer for a known path with a method it does not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        code::METHOD_NOT_ALLOWED,
        "Method not allowed",
    )
}
