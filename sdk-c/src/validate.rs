//! `ncb_validate` and `ncb_validate_at`: a JSON document in, an
//! `ncb_report` out, with sdk-core's verdict unchanged.
//!
//! A document that cannot be read (bad JSON, invalid UTF-8, too deep, too
//! large, an unknown field) is not a failure of the call: the report holds
//! the violation (`JSON.SYNTAX`, `JSON.INVALID_UTF8`…) exactly as
//! `ncblink::validate::validate_json` gives it. Only bad arguments fail.

use std::ffi::c_char;

use chrono::{DateTime, Utc};
use ncblink::validate::{DocumentKind, Report, validate_json_at, validate_json_auto};

use crate::error::ncb_error;
use crate::ffi;
use crate::panic::status_boundary;
use crate::report::ncb_report;
use crate::status::ncb_status;

/// Validates `input` as of `now`. With no kind, the kind is detected as
/// `validate_json_auto` does; an undetectable document gets that
/// function's report (which has no time-dependent rule).
fn validate(input: &[u8], kind: Option<DocumentKind>, now: DateTime<Utc>) -> Report {
    match kind.or_else(|| DocumentKind::detect(input)) {
        Some(kind) => validate_json_at(kind, input, now),
        None => validate_json_auto(input),
    }
}

/// The shared body of both entry points.
///
/// # Safety
/// The contract of `ncb_validate_at`.
unsafe fn run(
    json: *const c_char,
    len: usize,
    kind: *const c_char,
    now: impl FnOnce() -> Option<DateTime<Utc>>,
    out: *mut *mut ncb_report,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let body = || {
        // SAFETY: `json` is NULL or `len` readable bytes (contract).
        let input = unsafe { ffi::bytes(json, len, "json") }?;
        // SAFETY: `kind` is NULL or NUL-terminated (contract).
        let kind = match unsafe { ffi::opt_str(kind, "kind") }? {
            None => None,
            Some(name) => Some(DocumentKind::from_name(name).ok_or_else(|| {
                ncb_error::new(
                    ncb_status::InvalidArgument,
                    format!("unknown document kind `{name}`: expected \"envelope\", \"check\", \"record\" or NULL"),
                )
            })?),
        };
        ffi::non_null(out, "out")?;
        let now = now().ok_or_else(|| ncb_error::new(ncb_status::InvalidArgument, "the time is out of range"))?;
        let report = validate(input, kind, now);
        tracing::debug!(
            kind = kind.map_or("detect", DocumentKind::as_str),
            bytes = input.len(),
            violations = report.violations.len(),
            ok = report.is_ok(),
            "validated a document"
        );
        // SAFETY: `out` checked non-NULL and writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(ncb_report::new(report))) };
        Ok(())
    };
    // SAFETY: `err` is NULL or writable (contract).
    unsafe { status_boundary(err, body) }
}

/// Validates a JSON document against the model and every rule of the RPD
/// and of the network, as of now.
///
/// - `json`, `len`: the document's bytes (UTF-8 JSON; need not be
///   NUL-terminated; `len` excludes any NUL). Invalid UTF-8, bad JSON, a
///   document over 16 MiB or nested too deeply are *violations in the
///   report* (`JSON.INVALID_UTF8`, `JSON.SYNTAX`, `DOCUMENT.TOO_LARGE`,
///   `JSON.TOO_DEEP`), not failures of the call.
/// - `kind`: `"envelope"`, `"check"` or `"record"`, or NULL to detect it
///   from the document's top-level keys.
/// - `out`: receives the report on success; free it with
///   `ncb_report_free`.
///
/// Returns `NCB_STATUS_OK` whenever a report was made, valid document or
/// not: the verdict is `ncb_report_is_ok`. Errors:
/// `NCB_STATUS_NULL_PARAMETER` (`json` or `out` NULL),
/// `NCB_STATUS_INVALID_UTF8` (`kind` not UTF-8),
/// `NCB_STATUS_INVALID_ARGUMENT` (unknown `kind`). Nothing is written to
/// `out` on failure.
///
/// Thread safety: may be called from any thread, concurrently.
///
/// # Safety
/// `json` is NULL or points to `len` readable bytes; `kind` is NULL or
/// NUL-terminated; `out` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_validate(
    json: *const c_char,
    len: usize,
    kind: *const c_char,
    out: *mut *mut ncb_report,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe { run(json, len, kind, || Some(Utc::now()), out, err) }
}

/// `ncb_validate` as of a given time, for reproducible results: dates in
/// the future, retention and review periods are judged against
/// `unix_seconds` (seconds since 1970-01-01T00:00:00Z) instead of the clock.
///
/// Errors: as `ncb_validate`, plus `NCB_STATUS_INVALID_ARGUMENT` when
/// `unix_seconds` is outside the representable dates.
///
/// Thread safety: may be called from any thread, concurrently.
///
/// # Safety
/// As `ncb_validate`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_validate_at(
    json: *const c_char,
    len: usize,
    kind: *const c_char,
    unix_seconds: i64,
    out: *mut *mut ncb_report,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe { run(json, len, kind, || DateTime::from_timestamp(unix_seconds, 0), out, err) }
}
