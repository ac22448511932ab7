//! `ncb_report`: the result of a validation, read through accessors.
//!
//! Codes and pointers are converted to C strings when the report is made
//! (a valid document has none, so the common case allocates nothing);
//! messages are rendered on first request, once per language, and kept, so
//! that the `const char *` a caller holds stays valid until
//! `ncb_report_free`.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use ncblink::model::WorkingLanguage;
use ncblink::validate::{Report, Severity};

use crate::codes::{ncb_lang_raw, try_working_language, working_language};
use crate::error::ncb_error;
use crate::ffi::{self, cstring};
use crate::panic::{boundary, status_boundary};
use crate::status::ncb_status;

/// How serious a violation is.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ncb_severity {
    /// No such violation: the report is NULL or the index is out of range.
    None = 0,
    /// The document may be sent, but a reviewer will ask about it.
    Warning = 1,
    /// The document must not be sent as it is.
    Error = 2,
}

/// The result of validating one document: its violations, each with a
/// stable code, a JSON Pointer, a severity and a message in the four
/// working languages. Opaque; made by `ncb_validate`, freed with
/// `ncb_report_free`.
///
/// Thread safety: a report never changes once made (messages are rendered
/// on first use behind a once-only lock), so every accessor may be called
/// from several threads at once. Free it once, when no thread uses it.
pub struct ncb_report {
    report: Report,
    codes: Vec<CString>,
    pointers: Vec<CString>,
    /// Indexed by `ncb_lang`.
    messages: [OnceLock<Vec<CString>>; 4],
}

impl ncb_report {
    /// Wraps a core report.
    pub fn new(report: Report) -> Self {
        ncb_report {
            codes: report.violations.iter().map(|v| cstring(v.code.as_ref())).collect(),
            pointers: report.violations.iter().map(|v| cstring(v.pointer.as_str())).collect(),
            report,
            messages: Default::default(),
        }
    }

    /// The core report.
    pub fn report(&self) -> &Report {
        &self.report
    }

    fn messages(&self, lang: WorkingLanguage) -> &[CString] {
        let slot = &self.messages[lang as usize];
        slot.get_or_init(|| {
            self.report
                .violations
                .iter()
                .map(|v| cstring(v.message(lang)))
                .collect()
        })
    }
}

/// Borrows a report for an accessor.
///
/// # Safety
/// `r` is NULL or a report from this library not yet freed.
unsafe fn get<'a>(r: *const ncb_report) -> Option<&'a ncb_report> {
    // SAFETY: forwarded contract.
    unsafe { ffi::opt_ref(r) }
}

/// Whether the document may be sent: no violation of severity error
/// (warnings allowed). False if `report` is NULL.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `report` is NULL or a report from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_is_ok(report: *const ncb_report) -> bool {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(report) }.is_some_and(|r| r.report.is_ok()))
}

/// The number of violations (errors and warnings), in the order the rules
/// found them; 0 if `report` is NULL.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `report` is NULL or a report from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_count(report: *const ncb_report) -> usize {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(report) }.map_or(0, |r| r.report.violations.len()))
}

/// The stable code of violation `index` (`RPD83.PENALTY_THRESHOLD`,
/// `FIELD.UNKNOWN_MEMBER`…), never renamed, suitable for `strcmp`. NULL if
/// `report` is NULL or `index >= ncb_report_count(report)`.
///
/// Ownership: owned by the report; valid until `ncb_report_free(report)`.
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `report` is NULL or a report from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_code(report: *const ncb_report, index: usize) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(report) }
            .and_then(|r| r.codes.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The JSON Pointer (RFC 6901) of the field violation `index` is about
/// (`/body/notice/red/subject/sex`); the empty string for the whole
/// document. NULL if `report` is NULL or `index` is out of range.
///
/// Ownership: owned by the report; valid until `ncb_report_free(report)`.
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `report` is NULL or a report from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_pointer(report: *const ncb_report, index: usize) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(report) }
            .and_then(|r| r.pointers.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The severity of violation `index`; `NCB_SEVERITY_NONE` if `report` is
/// NULL or `index` is out of range.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `report` is NULL or a report from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_severity(report: *const ncb_report, index: usize) -> ncb_severity {
    boundary(|| {
        // SAFETY: forwarded contract.
        match unsafe { get(report) }.and_then(|r| r.report.violations.get(index)) {
            Some(v) if v.severity == Severity::Error => ncb_severity::Error,
            Some(_) => ncb_severity::Warning,
            None => ncb_severity::None,
        }
    })
}

/// The message of violation `index` in a working language, with the values
/// it quotes ("FR is not an ISO 3166-1 country code"). NULL if `report` is
/// NULL, `index` is out of range or `lang` is not an `ncb_lang`.
///
/// Messages are rendered on the first call for a language and kept.
///
/// Ownership: owned by the report; valid until `ncb_report_free(report)`.
/// Thread safety: may be called from any thread, also concurrently.
///
/// # Safety
/// `report` is NULL or a report from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_message(
    report: *const ncb_report,
    index: usize,
    lang: ncb_lang_raw,
) -> *const c_char {
    boundary(|| {
        let Some(lang) = working_language(lang) else {
            return std::ptr::null();
        };
        // SAFETY: forwarded contract.
        unsafe { get(report) }
            .and_then(|r| r.messages(lang).get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The report as JSON with every message in `lang`:
/// `{"ok":false,"violations":[{"code":…,"pointer":…,"severity":"error","message":…}]}`
/// (the Rust `Report::to_json`, which `ncblink validate --json` prints with
/// the file name added).
///
/// On success `*out` receives a new NUL-terminated UTF-8 string and, when
/// `out_len` is not NULL, `*out_len` its length in bytes without the NUL.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER` (`report` or `out` NULL),
/// `NCB_STATUS_INVALID_ARGUMENT` (`lang`). Nothing is written on failure.
///
/// Ownership: free `*out` with `ncb_string_free` (not `free`). Thread
/// safety: may be called from any thread.
///
/// # Safety
/// `report` is NULL or a live report; `out`, `out_len` and `err` are NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_to_json(
    report: *const ncb_report,
    lang: ncb_lang_raw,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let r = unsafe { ffi::try_ref(report, "report") }?;
        let lang = try_working_language(lang)?;
        ffi::non_null(out, "out")?;
        let json = r.report.to_json(lang).to_string();
        let len = json.len();
        // serde_json escapes U+0000, so nothing is replaced here.
        let c = cstring(json);
        // SAFETY: `out` checked non-NULL; `out_len` written only if non-NULL;
        // both writable by the caller's contract.
        unsafe {
            ffi::write_out(out, c.into_raw());
            if !out_len.is_null() {
                ffi::write_out(out_len, len);
            }
        }
        Ok(())
    };
    // SAFETY: `err` is NULL or writable by the caller's contract.
    unsafe { status_boundary(err, run) }
}

/// Frees a report and every string its accessors returned. NULL is a no-op.
///
/// Thread safety: no other thread may be using `report`.
///
/// # Safety
/// `report` is NULL or a report from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_report_free(report: *mut ncb_report) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(report) })
}
