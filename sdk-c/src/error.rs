//! `ncb_error`: the detail behind a failed call's `ncb_status` — a message,
//! a stable code, and for the network client the HTTP status, the
//! Retry-After delay and the RFC 9457 problem type.
//!
//! Every fallible function takes an optional `ncb_error **err` last. On
//! failure, when `err` is not NULL, `*err` receives a new error that the
//! caller frees with `ncb_error_free`; on success `*err` is left unchanged.
//! The struct is opaque, so fields (a request id…) can be added without
//! breaking the ABI. A document refused for its content carries its
//! validation report (`ncb_error_report`).
//!
//! Besides, as sqlite and libcurl do, each thread keeps the error of its
//! last fallible call (`ncb_last_error`, NULL after a success), so a
//! caller may pass NULL for `err` and still read why a call failed.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use ncblink::validate::Report;

use crate::ffi::{self, cstring};
use crate::panic::{boundary, boundary_or};
use crate::report::ncb_report;
use crate::status::ncb_status;

/// The detail of a failure. Opaque: read it with the `ncb_error_*`
/// accessors, free it with `ncb_error_free`.
///
/// Thread safety: immutable; the accessors may be called from several
/// threads at once. Free it once, when no thread uses it any more.
pub struct ncb_error {
    status: ncb_status,
    message: CString,
    code: Option<CString>,
    http_status: u16,
    retry_after_ms: i64,
    problem_type: Option<CString>,
    report: Option<Box<ncb_report>>,
}

impl ncb_error {
    /// An error with a status and an English message.
    pub fn new(status: ncb_status, message: impl Into<String>) -> Self {
        ncb_error {
            status,
            message: cstring(message),
            code: None,
            http_status: 0,
            retry_after_ms: -1,
            problem_type: None,
            report: None,
        }
    }

    /// With the validation report of a refused document.
    pub fn with_report(mut self, report: Report) -> Self {
        self.report = Some(Box::new(ncb_report::new(report)));
        self
    }

    /// With a stable code (`FIELD.TYPE`, or a hub problem code).
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(cstring(code));
        self
    }

    /// With the HTTP status of the hub's answer.
    pub fn with_http_status(mut self, http_status: u16) -> Self {
        self.http_status = http_status;
        self
    }

    /// With the delay the hub asked for (Retry-After), in milliseconds.
    pub fn with_retry_after_ms(mut self, ms: u64) -> Self {
        self.retry_after_ms = i64::try_from(ms).unwrap_or(i64::MAX);
        self
    }

    /// With the RFC 9457 problem type URI.
    pub fn with_problem_type(mut self, problem_type: &str) -> Self {
        self.problem_type = Some(cstring(problem_type));
        self
    }

    /// A copy (for the thread's last error).
    fn duplicate(&self) -> ncb_error {
        ncb_error {
            status: self.status,
            message: self.message.clone(),
            code: self.code.clone(),
            http_status: self.http_status,
            retry_after_ms: self.retry_after_ms,
            problem_type: self.problem_type.clone(),
            report: self
                .report
                .as_ref()
                .map(|r| Box::new(ncb_report::new(r.report().clone()))),
        }
    }

    /// With another status (a refusal that is better told apart).
    pub fn with_status(mut self, status: ncb_status) -> Self {
        self.status = status;
        self
    }

    /// The status.
    pub fn status(&self) -> ncb_status {
        self.status
    }

    /// The message.
    pub fn message(&self) -> &str {
        self.message.to_str().unwrap_or_default()
    }

    /// The stable code, if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_ref().and_then(|c| c.to_str().ok())
    }

    /// The HTTP status (0 when none).
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// The validation report, if any.
    pub fn report(&self) -> Option<&ncb_report> {
        self.report.as_deref()
    }
}

impl std::fmt::Debug for ncb_error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.status, self.message())
    }
}

/// Hands `e` to the caller through `err` (when not NULL) and returns its
/// status.
///
/// # Safety
/// `err` is NULL or points to a writable `ncb_error *` (the header's
/// contract for every `err` parameter).
pub unsafe fn store(err: *mut *mut ncb_error, e: ncb_error) -> ncb_status {
    let status = e.status;
    LAST.with(|last| *last.borrow_mut() = Some(Box::new(e.duplicate())));
    if !err.is_null() {
        // SAFETY: non-NULL and writable by the caller's contract.
        unsafe { ffi::write_out(err, ffi::into_raw(e)) };
    }
    status
}

thread_local! {
    /// The error of this thread's last fallible call.
    static LAST: RefCell<Option<Box<ncb_error>>> = const { RefCell::new(None) };
}

/// Forgets this thread's last error: a fallible call succeeded.
pub fn clear_last() {
    // During thread teardown the slot may be gone: nothing to clear then.
    let _ = LAST.try_with(|last| last.borrow_mut().take());
}

/// The error of the last fallible call made on this thread (any function
/// that returns an `ncb_status`), or NULL when that call succeeded or none
/// was made. Read it with the `ncb_error_*` accessors; do not free it.
///
/// It lets a caller pass NULL for `err` and still say why a call failed:
///
/// ```c
/// ncb_report *report = NULL;
/// if (ncb_validate(NULL, 0, NULL, &report, NULL) != NCB_STATUS_OK) {
///     const ncb_error *e = ncb_last_error();
///     if (e == NULL || ncb_error_status(e) != NCB_STATUS_NULL_PARAMETER) return 1;
/// }
/// ```
///
/// Ownership: owned by the thread; valid until its next fallible
/// libncblink call (or its end). Thread safety: each thread sees its own.
#[unsafe(no_mangle)]
pub extern "C" fn ncb_last_error() -> *const ncb_error {
    boundary_or(std::ptr::null(), || {
        LAST.try_with(|last| {
            last.borrow()
                .as_deref()
                .map_or(std::ptr::null(), |e| e as *const ncb_error)
        })
        .unwrap_or(std::ptr::null())
    })
}

/// Borrows an error for an accessor.
///
/// # Safety
/// `e` is NULL or an error from this library not yet freed.
unsafe fn get<'a>(e: *const ncb_error) -> Option<&'a ncb_error> {
    // SAFETY: forwarded contract.
    unsafe { ffi::opt_ref(e) }
}

/// The message: English, UTF-8, NUL-terminated. NULL if `error` is NULL.
///
/// Ownership: owned by the error; valid until `ncb_error_free(error)`.
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_message(error: *const ncb_error) -> *const c_char {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(error) }.map_or(std::ptr::null(), |e| e.message.as_ptr()))
}

/// The status the failed call returned; `NCB_STATUS_NULL_PARAMETER` if
/// `error` is NULL.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_status(error: *const ncb_error) -> ncb_status {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(error) }.map_or(ncb_status::NullParameter, |e| e.status))
}

/// The HTTP status of the hub's answer behind the error (401, 429, 503…);
/// 0 if there was none (the error did not come from an HTTP answer) or if
/// `error` is NULL.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_http_status(error: *const ncb_error) -> u16 {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(error) }.map_or(0, |e| e.http_status))
}

/// How long the hub asked the caller to wait before retrying (its
/// Retry-After), in milliseconds; -1 if it did not say or if `error` is
/// NULL.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_retry_after_ms(error: *const ncb_error) -> i64 {
    // SAFETY: forwarded contract.
    boundary_or(-1, || unsafe { get(error) }.map_or(-1, |e| e.retry_after_ms))
}

/// The RFC 9457 problem type URI the hub sent; NULL if none or if `error`
/// is NULL.
///
/// Ownership: owned by the error; valid until `ncb_error_free(error)`.
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_problem_type(error: *const ncb_error) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(error) }
            .and_then(|e| e.problem_type.as_ref())
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The stable code of the failure (`FIELD.TYPE`, a hub problem code),
/// never renamed, suitable for `strcmp`; NULL if the failure has none (an
/// argument error) or if `error` is NULL.
///
/// Ownership: owned by the error; valid until `ncb_error_free(error)`.
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_code(error: *const ncb_error) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(error) }
            .and_then(|e| e.code.as_ref())
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The validation report behind the error, when a document was refused for
/// its content (`NCB_STATUS_INVALID_DOCUMENT`, and `NCB_STATUS_INVALID_JSON`
/// for a document that could not be read): every violation with its code,
/// JSON Pointer and messages, read with the `ncb_report_*` accessors. NULL
/// for any other error or if `error` is NULL.
///
/// Ownership: borrowed from the error; valid until `ncb_error_free(error)`.
/// Do not pass it to `ncb_report_free`. Thread safety: may be called from
/// any thread.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_report(error: *const ncb_error) -> *const ncb_report {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(error) }
            .and_then(|e| e.report.as_deref())
            .map_or(std::ptr::null(), |r| r as *const ncb_report)
    })
}

/// Frees an error. NULL is a no-op.
///
/// Ownership: `error` must come from this library (through an `err`
/// parameter) and is invalid afterwards, as are the strings its accessors
/// returned. Thread safety: no other thread may be using `error`.
///
/// # Safety
/// `error` is NULL or an error from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_error_free(error: *mut ncb_error) {
    boundary(|| {
        // SAFETY: the caller passes NULL or an error made by `store`.
        unsafe { ffi::free_box(error) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn accessors_read_every_field_and_tolerate_null() {
        let e = ncb_error::new(ncb_status::RateLimited, "slow down")
            .with_http_status(429)
            .with_retry_after_ms(1500)
            .with_problem_type("https://hub.invalid/problems/rate-limited")
            .with_code("HUB.RATE_LIMITED");
        let mut out: *mut ncb_error = std::ptr::null_mut();
        // SAFETY: `out` is a writable local.
        assert_eq!(unsafe { store(&mut out, e) }, ncb_status::RateLimited);
        // SAFETY: `out` holds a live error until freed below; the strings
        // are NUL-terminated and owned by it.
        unsafe {
            assert_eq!(CStr::from_ptr(ncb_error_message(out)).to_str().unwrap(), "slow down");
            assert_eq!(ncb_error_status(out), ncb_status::RateLimited);
            assert_eq!(ncb_error_http_status(out), 429);
            assert_eq!(ncb_error_retry_after_ms(out), 1500);
            assert_eq!(
                CStr::from_ptr(ncb_error_code(out)).to_str().unwrap(),
                "HUB.RATE_LIMITED"
            );
            assert!(
                CStr::from_ptr(ncb_error_problem_type(out))
                    .to_str()
                    .unwrap()
                    .ends_with("rate-limited")
            );
            ncb_error_free(out);
            ncb_error_free(std::ptr::null_mut());
        }
        let null = std::ptr::null();
        // SAFETY: NULL is allowed everywhere.
        unsafe {
            assert!(ncb_error_message(null).is_null());
            assert_eq!(ncb_error_status(null), ncb_status::NullParameter);
            assert_eq!(ncb_error_http_status(null), 0);
            assert_eq!(ncb_error_retry_after_ms(null), -1);
            assert!(ncb_error_code(null).is_null() && ncb_error_problem_type(null).is_null());
        }
    }
}
