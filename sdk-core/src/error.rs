//! `ncblink::Error`: the one error of the SDK's operations, whose kinds a
//! caller can match (and the C and Python bindings map one to one).

use std::time::Duration;

use crate::validate::Report;
use crate::wire::Problem;

/// What went wrong.
///
/// ```
/// use ncblink::{Error, ErrorKind};
/// let e = Error::Timeout("request to the hub".into());
/// assert_eq!(e.kind(), ErrorKind::Timeout);
/// assert!(e.is_retryable());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document breaks rules (locally, or as the hub answered): the
    /// report names each.
    #[error("invalid document: {0}")]
    InvalidInput(Box<Report>),
    /// A file of records (a national list to sync) has lines that cannot
    /// be sent; each error names its line. Its kind is
    /// [`ErrorKind::InvalidInput`].
    #[cfg(feature = "client")]
    #[error("invalid file: {0}")]
    InvalidFile(Box<crate::client::sync::FileErrors>),
    /// No credentials, or the hub does not know them (401).
    #[error("unauthorized: {0}")]
    Unauthorized(Box<Problem>),
    /// Authenticated, but not allowed (403).
    #[error("forbidden: {0}")]
    Forbidden(Box<Problem>),
    /// Nothing there, or nothing this NCB may see (404).
    #[error("not found: {0}")]
    NotFound(Box<Problem>),
    /// A conflict: an illegal lifecycle transition, a duplicate, a write
    /// still in flight (409).
    #[error("conflict: {0}")]
    Conflict(Box<Problem>),
    /// Too many requests (429, or 503 with Retry-After) after the retries.
    #[error("rate limited by the hub (retry after {retry_after:?})")]
    RateLimited {
        /// How long the hub asked to wait.
        retry_after: Option<Duration>,
        /// The hub's problem document, when it sent one.
        problem: Option<Box<Problem>>,
    },
    /// The hub did not answer in time.
    #[error("timed out: {0}")]
    Timeout(String),
    /// The hub could not be reached, or the connection broke.
    #[error("transport error: {0}")]
    Transport(String),
    /// Any other answer of the hub, as its problem document (400, 413,
    /// 415, 422 without a report, 5xx…), or an answer that is not the
    /// expected JSON.
    #[error("hub problem: {0}")]
    Hub(Box<Problem>),
    /// A signature could not be made, or what arrived does not verify.
    #[error("signature error: {0}")]
    Signature(String),
    /// A signature names a key (`kid`) that is not its sender's in the
    /// directory, even after fetching the directory again.
    #[error("signature error: key `{0}` is not a key of the sender in the directory")]
    SignatureKeyUnknown(String),
    /// The client's configuration is wrong (URL, certificate, key…).
    #[error("configuration error: {0}")]
    Config(String),
    /// The local outbox or inbox state (SQLite) failed.
    #[error("local storage error: {0}")]
    Storage(String),
}

/// The kinds of [`Error`], without their data: what the bindings map to
/// statuses and exception classes. Kinds are added in minor versions: a
/// `match` needs a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::InvalidInput`], or a file of records with invalid lines
    /// (`Error::InvalidFile`).
    InvalidInput,
    /// [`Error::Unauthorized`].
    Unauthorized,
    /// [`Error::Forbidden`].
    Forbidden,
    /// [`Error::NotFound`].
    NotFound,
    /// [`Error::Conflict`].
    Conflict,
    /// [`Error::RateLimited`].
    RateLimited,
    /// [`Error::Timeout`].
    Timeout,
    /// [`Error::Transport`].
    Transport,
    /// [`Error::Hub`].
    Hub,
    /// [`Error::Signature`].
    Signature,
    /// [`Error::SignatureKeyUnknown`].
    SignatureKeyUnknown,
    /// [`Error::Config`].
    Config,
    /// [`Error::Storage`].
    Storage,
}

impl Error {
    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            #[cfg(feature = "client")]
            Error::InvalidFile(_) => ErrorKind::InvalidInput,
            Error::Unauthorized(_) => ErrorKind::Unauthorized,
            Error::Forbidden(_) => ErrorKind::Forbidden,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Timeout(_) => ErrorKind::Timeout,
            Error::Transport(_) => ErrorKind::Transport,
            Error::Hub(_) => ErrorKind::Hub,
            Error::Signature(_) => ErrorKind::Signature,
            Error::SignatureKeyUnknown(_) => ErrorKind::SignatureKeyUnknown,
            Error::Config(_) => ErrorKind::Config,
            Error::Storage(_) => ErrorKind::Storage,
        }
    }

    /// The hub's problem document, when the error came from an answer.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Error::Unauthorized(p) | Error::Forbidden(p) | Error::NotFound(p) | Error::Conflict(p) | Error::Hub(p) => {
                Some(p)
            }
            Error::RateLimited { problem, .. } => problem.as_deref(),
            _ => None,
        }
    }

    /// The validation report, for invalid input.
    pub fn report(&self) -> Option<&Report> {
        match self {
            Error::InvalidInput(r) => Some(r),
            _ => None,
        }
    }

    /// The HTTP status of the hub's answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.problem().map(|p| p.status)
    }

    /// How long the hub asked to wait before retrying.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => self.problem().and_then(|p| p.retry_after).map(Duration::from_secs),
        }
    }

    /// Whether trying again later may succeed (the outbox keeps such writes).
    ///
    /// A 409 `IDEMPOTENCY_KEY_IN_FLIGHT` is one: the hub is still applying
    /// an earlier send of the same write, whose answer a later send gets.
    ///
    /// ```
    /// use ncblink::Error;
    /// use ncblink::wire::{Problem, problem_code};
    /// let busy = Problem::new(problem_code::IDEMPOTENCY_KEY_IN_FLIGHT, 409, "In flight");
    /// assert!(Error::Conflict(Box::new(busy)).is_retryable());
    /// let refused = Problem::new(problem_code::ILLEGAL_TRANSITION, 409, "No");
    /// assert!(!Error::Conflict(Box::new(refused)).is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout(_) | Error::Transport(_) | Error::RateLimited { .. } => true,
            Error::Hub(p) => p.status >= 500,
            Error::Conflict(p) => p.code == crate::wire::problem_code::IDEMPOTENCY_KEY_IN_FLIGHT,
            _ => false,
        }
    }
}
