//! `ncb_status`: the one numbered result of every fallible C function, and
//! `ncb_status_str`.
//!
//! The numbers are API: a value is never renumbered or reused (a retired
//! one stays here as a comment). They are grouped by range so that a caller
//! can branch on a class: 1xx the caller's arguments, 2xx the transport,
//! 3xx the hub's answer, 4xx the document, 9xx the library itself.

use std::ffi::c_char;

use crate::panic::boundary_or;

const UNKNOWN: &str = "unknown status\0";

/// The result of a fallible libncblink function.
///
/// Values are stable and never reused; new ones are only ever added. Ranges:
/// 0 success; 1xx bad arguments; 2xx transport (network client); 3xx the
/// hub's answer (network client); 4xx the document; 9xx the library itself.
/// `ncb_status_str` names each one.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ncb_status {
    /// Success.
    Ok = 0,

    /// A required pointer argument was NULL.
    NullParameter = 100,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 101,
    /// An argument had a value outside its domain (an unknown document kind,
    /// an enum value that does not exist, a time out of range).
    InvalidArgument = 102,
    /// A caller-provided buffer was too small; nothing was written.
    BufferTooSmall = 103,

    /// Network client: the connection broke or the answer could not be read
    /// (I/O, a malformed HTTP answer).
    Transport = 200,
    /// Network client: the request did not complete within its timeout.
    Timeout = 201,
    /// Network client: no connection to the hub could be established.
    Connect = 202,
    /// Network client: the request was cancelled by the caller.
    Cancelled = 203,
    /// Network client: the hub's name did not resolve (DNS).
    Dns = 204,
    /// Network client: the TLS handshake failed (a CA the client does not
    /// trust, a wrong name, a refused client certificate).
    Tls = 205,

    /// The hub refused the credentials (HTTP 401).
    Unauthorized = 300,
    /// The hub does not allow this NCB to do this (HTTP 403).
    Forbidden = 301,
    /// The hub does not know the resource (HTTP 404).
    NotFound = 302,
    /// The request conflicts with the resource's state (HTTP 409), for
    /// instance an idempotency key reused with another body.
    Conflict = 303,
    /// Too many requests (HTTP 429); `ncb_error_retry_after_ms` says when to
    /// retry.
    RateLimited = 304,
    /// Any other problem the hub reported (RFC 9457 problem details, HTTP
    /// 4xx or 5xx); see `ncb_error_http_status` and `ncb_error_problem_type`.
    HubProblem = 305,

    /// The document is not well-formed JSON (where a call needs a document
    /// it can read; validation reports this inside its report instead).
    InvalidJson = 400,
    /// The document breaks validation rules (where a call refuses invalid
    /// documents, for instance before sending); `ncb_error_code` names the
    /// first rule.
    InvalidDocument = 401,
    /// A signature is missing, malformed or does not verify.
    Signature = 402,
    /// A signature names a key (`kid`) that is not the sender's in the
    /// hub's directory, even after the directory was fetched again.
    SignatureKeyUnknown = 403,

    /// A bug in libncblink: a panic was caught at the boundary. The library
    /// remains usable; please report it.
    Panic = 900,
    /// Network client: the client was created before `fork()` and cannot be
    /// used in the child; create a new one after forking.
    Forked = 901,
    /// An unexpected internal failure (for instance the log subscriber could
    /// not be installed).
    Internal = 902,
    /// Network client: the local state file (the outbox and inbox position
    /// of `ncb_config_set_outbox_path`) could not be opened, read or
    /// written: a full disk, a permission, a file another program locked.
    Storage = 903,
}

impl ncb_status {
    /// Every status, in numeric order. (A function, not an associated
    /// constant, which cbindgen would export as a macro.)
    pub fn all() -> [ncb_status; 25] {
        [
            ncb_status::Ok,
            ncb_status::NullParameter,
            ncb_status::InvalidUtf8,
            ncb_status::InvalidArgument,
            ncb_status::BufferTooSmall,
            ncb_status::Transport,
            ncb_status::Timeout,
            ncb_status::Connect,
            ncb_status::Cancelled,
            ncb_status::Dns,
            ncb_status::Tls,
            ncb_status::Unauthorized,
            ncb_status::Forbidden,
            ncb_status::NotFound,
            ncb_status::Conflict,
            ncb_status::RateLimited,
            ncb_status::HubProblem,
            ncb_status::InvalidJson,
            ncb_status::InvalidDocument,
            ncb_status::Signature,
            ncb_status::SignatureKeyUnknown,
            ncb_status::Panic,
            ncb_status::Forked,
            ncb_status::Internal,
            ncb_status::Storage,
        ]
    }

    /// The status with this number, if there is one.
    pub fn from_u32(n: u32) -> Option<ncb_status> {
        use ncb_status::*;
        Some(match n {
            0 => Ok,
            100 => NullParameter,
            101 => InvalidUtf8,
            102 => InvalidArgument,
            103 => BufferTooSmall,
            200 => Transport,
            201 => Timeout,
            202 => Connect,
            203 => Cancelled,
            204 => Dns,
            205 => Tls,
            300 => Unauthorized,
            301 => Forbidden,
            302 => NotFound,
            303 => Conflict,
            304 => RateLimited,
            305 => HubProblem,
            400 => InvalidJson,
            401 => InvalidDocument,
            402 => Signature,
            403 => SignatureKeyUnknown,
            900 => Panic,
            901 => Forked,
            902 => Internal,
            903 => Storage,
            _ => return None,
        })
    }

    /// A short English description, NUL-terminated for C.
    pub fn description(self) -> &'static str {
        use ncb_status::*;
        match self {
            Ok => "success\0",
            NullParameter => "a required pointer argument was NULL\0",
            InvalidUtf8 => "a string argument was not valid UTF-8\0",
            InvalidArgument => "an argument had an invalid value\0",
            BufferTooSmall => "the buffer is too small\0",
            Transport => "transport error\0",
            Timeout => "the request timed out\0",
            Connect => "could not connect to the hub\0",
            Cancelled => "the request was cancelled\0",
            Dns => "the hub's name did not resolve\0",
            Tls => "the TLS handshake with the hub failed\0",
            Unauthorized => "unauthorized (HTTP 401)\0",
            Forbidden => "forbidden (HTTP 403)\0",
            NotFound => "not found (HTTP 404)\0",
            Conflict => "conflict (HTTP 409)\0",
            RateLimited => "rate limited (HTTP 429)\0",
            HubProblem => "the hub reported a problem\0",
            InvalidJson => "the document is not valid JSON\0",
            InvalidDocument => "the document breaks validation rules\0",
            Signature => "signature missing or invalid\0",
            SignatureKeyUnknown => "the signing key is not the sender's in the directory\0",
            Panic => "internal error in libncblink (panic)\0",
            Forked => "the client cannot be used after fork()\0",
            Internal => "internal error in libncblink\0",
            Storage => "the client's local state file could not be used\0",
        }
    }
}

/// An `ncb_status` as received from C: any 32-bit value, checked before use
/// (a Rust enum holding an undefined value would be undefined behaviour).
/// cbindgen writes it as `ncb_status`, the typedef of the enum.
pub type ncb_status_raw = u32;

/// The description of a status: a static, NUL-terminated English string
/// ("success", "a required pointer argument was NULL"…), or
/// "unknown status" for a number that is not an `ncb_status`.
///
/// Ownership: the string is static; do not free it. Thread safety: may be
/// called from any thread. Never fails and never returns NULL.
#[unsafe(no_mangle)]
pub extern "C" fn ncb_status_str(status: ncb_status_raw) -> *const c_char {
    boundary_or(UNKNOWN.as_ptr().cast(), || {
        ncb_status::from_u32(status)
            .map(ncb_status::description)
            .unwrap_or(UNKNOWN)
            .as_ptr()
            .cast()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_every_status_has_a_description() {
        let mut seen = std::collections::HashSet::new();
        for s in ncb_status::all() {
            assert_eq!(ncb_status::from_u32(s as u32), Some(s));
            assert!(seen.insert(s as u32), "{s:?} numbered twice");
            let d = s.description();
            assert!(d.ends_with('\0') && !d[..d.len() - 1].contains('\0'), "{s:?}");
        }
        // Every number from_u32 accepts is in ALL.
        let accepted = (0..1000).filter(|n| ncb_status::from_u32(*n).is_some()).count();
        assert_eq!(accepted, ncb_status::all().len());
    }

    #[test]
    fn ranges_group_the_classes() {
        for s in ncb_status::all() {
            let n = s as u32;
            assert!(n == 0 || (100..1000).contains(&n), "{s:?}");
        }
        assert_eq!(ncb_status::Transport as u32 / 100, 2);
        assert_eq!(ncb_status::HubProblem as u32 / 100, 3);
        assert_eq!(ncb_status::InvalidDocument as u32 / 100, 4);
        assert_eq!(ncb_status::Panic as u32 / 100, 9);
    }
}
