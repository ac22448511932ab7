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
    /// The hub could not be reached, or the connection broke; `kind` says
    /// at which step.
    #[error("transport error ({}): {message}", kind.as_str())]
    Transport {
        /// The step that failed.
        kind: TransportKind,
        /// What the network stack said (never a credential).
        message: String,
    },
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

/// The step of reaching the hub that failed, for [`Error::Transport`]: kept
/// as data when the error is made, so no caller reads it from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// The hub's name did not resolve.
    Dns,
    /// No connection: refused, unreachable, reset while connecting.
    Connect,
    /// The TLS handshake failed: an unknown CA (a network that re-signs
    /// TLS), a wrong name, a refused client certificate.
    Tls,
    /// The connection broke, or what came back was not HTTP.
    Io,
}

impl TransportKind {
    /// `dns`, `connect`, `tls`, `io`.
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::Dns => "dns",
            TransportKind::Connect => "connect",
            TransportKind::Tls => "tls",
            TransportKind::Io => "io",
        }
    }
}

/// The one classification of errors that every face maps (C's
/// `ncb_status`, Python's exception classes), each once: what a caller
/// handles differently. Finer than [`ErrorKind`]: the step of a transport
/// failure, and a hub's refusal of a signature counted as a signature
/// error. `tests/errors/classes.json` lists each class with its C status
/// and Python exception; both faces' tests read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// The document breaks rules: [`Error::InvalidInput`].
    InvalidInput,
    /// HTTP 401.
    Unauthorized,
    /// HTTP 403.
    Forbidden,
    /// HTTP 404.
    NotFound,
    /// HTTP 409.
    Conflict,
    /// HTTP 429 (or 503 with Retry-After) after the retries.
    RateLimited,
    /// No answer in time.
    Timeout,
    /// The hub's name did not resolve.
    Dns,
    /// No connection to the hub.
    Connect,
    /// The TLS handshake failed.
    Tls,
    /// The connection broke, or the answer was not HTTP.
    Transport,
    /// Any other answer of the hub.
    Hub,
    /// A signature could not be made or does not verify, here or at the hub.
    Signature,
    /// The signature's key is not the sender's in the directory.
    SignatureKeyUnknown,
    /// The client's configuration is wrong.
    Config,
    /// The local outbox or inbox state failed.
    Storage,
}

impl ErrorClass {
    /// Every class.
    pub const ALL: [ErrorClass; 16] = [
        ErrorClass::InvalidInput,
        ErrorClass::Unauthorized,
        ErrorClass::Forbidden,
        ErrorClass::NotFound,
        ErrorClass::Conflict,
        ErrorClass::RateLimited,
        ErrorClass::Timeout,
        ErrorClass::Dns,
        ErrorClass::Connect,
        ErrorClass::Tls,
        ErrorClass::Transport,
        ErrorClass::Hub,
        ErrorClass::Signature,
        ErrorClass::SignatureKeyUnknown,
        ErrorClass::Config,
        ErrorClass::Storage,
    ];

    /// The class's name in `tests/errors/classes.json` (`signature_key_unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::InvalidInput => "invalid_input",
            ErrorClass::Unauthorized => "unauthorized",
            ErrorClass::Forbidden => "forbidden",
            ErrorClass::NotFound => "not_found",
            ErrorClass::Conflict => "conflict",
            ErrorClass::RateLimited => "rate_limited",
            ErrorClass::Timeout => "timeout",
            ErrorClass::Dns => "dns",
            ErrorClass::Connect => "connect",
            ErrorClass::Tls => "tls",
            ErrorClass::Transport => "transport",
            ErrorClass::Hub => "hub",
            ErrorClass::Signature => "signature",
            ErrorClass::SignatureKeyUnknown => "signature_key_unknown",
            ErrorClass::Config => "config",
            ErrorClass::Storage => "storage",
        }
    }
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
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Hub(_) => ErrorKind::Hub,
            Error::Signature(_) => ErrorKind::Signature,
            Error::SignatureKeyUnknown(_) => ErrorKind::SignatureKeyUnknown,
            Error::Config(_) => ErrorKind::Config,
            Error::Storage(_) => ErrorKind::Storage,
        }
    }

    /// The class every face maps: the kind, with a transport failure's step
    /// and a hub's signature refusal (`SIGNATURE_*`) told apart.
    ///
    /// ```
    /// use ncblink::{Error, ErrorClass, TransportKind};
    /// use ncblink::wire::Problem;
    /// let refused = Error::Hub(Box::new(Problem::new("SIGNATURE_INVALID", 422, "Bad signature")));
    /// assert_eq!(refused.class(), ErrorClass::Signature);
    /// let dns = Error::Transport { kind: TransportKind::Dns, message: "no such host".into() };
    /// assert_eq!(dns.class(), ErrorClass::Dns);
    /// ```
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::InvalidInput(_) => ErrorClass::InvalidInput,
            #[cfg(feature = "client")]
            Error::InvalidFile(_) => ErrorClass::InvalidInput,
            Error::Unauthorized(_) => ErrorClass::Unauthorized,
            Error::Forbidden(_) => ErrorClass::Forbidden,
            Error::NotFound(_) => ErrorClass::NotFound,
            Error::Conflict(_) => ErrorClass::Conflict,
            Error::RateLimited { .. } => ErrorClass::RateLimited,
            Error::Timeout(_) => ErrorClass::Timeout,
            Error::Transport { kind, .. } => match kind {
                TransportKind::Dns => ErrorClass::Dns,
                TransportKind::Connect => ErrorClass::Connect,
                TransportKind::Tls => ErrorClass::Tls,
                TransportKind::Io => ErrorClass::Transport,
            },
            // The hub refusing a signature is a signature failure like one
            // found locally: a caller handles both the same way.
            Error::Hub(p) if p.code == crate::wire::problem_code::SIGNATURE_KEY_UNKNOWN => {
                ErrorClass::SignatureKeyUnknown
            }
            Error::Hub(p) if p.code.starts_with("SIGNATURE_") => ErrorClass::Signature,
            Error::Hub(_) => ErrorClass::Hub,
            Error::Signature(_) => ErrorClass::Signature,
            Error::SignatureKeyUnknown(_) => ErrorClass::SignatureKeyUnknown,
            Error::Config(_) => ErrorClass::Config,
            Error::Storage(_) => ErrorClass::Storage,
        }
    }

    /// The step that failed, for a transport error.
    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self {
            Error::Transport { kind, .. } => Some(*kind),
            _ => None,
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
            Error::Timeout(_) | Error::Transport { .. } | Error::RateLimited { .. } => true,
            Error::Hub(p) => p.status >= 500,
            Error::Conflict(p) => p.code == crate::wire::problem_code::IDEMPOTENCY_KEY_IN_FLIGHT,
            _ => false,
        }
    }
}
