//! `ncb_vin_check`: a vehicle identification number (ISO 3779) read by
//! sdk-core — its form, check digit and manufacturer's region — before a
//! check against SMV.

use std::ffi::{CString, c_char};

use ncblink::travel::{VinRegion, VinReport, check_vin};

use crate::checks::write_json;
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi::{self, cstring, static_cstr};
use crate::panic::{boundary, boundary_or, status_boundary};
use crate::status::ncb_status;

/// What a VIN tells. Opaque; made by `ncb_vin_check`, freed by
/// `ncb_vin_report_free`. Immutable: accessors may be called from several
/// threads at once.
pub struct ncb_vin_report {
    report: VinReport,
    vin: CString,
    wmi: CString,
    warning_messages: Vec<CString>,
}

fn region_name(r: VinRegion) -> &'static str {
    match r {
        VinRegion::Africa => "africa",
        VinRegion::Asia => "asia",
        VinRegion::Europe => "europe",
        VinRegion::NorthAmerica => "north_america",
        VinRegion::Oceania => "oceania",
        VinRegion::SouthAmerica => "south_america",
        VinRegion::Undetermined => "undetermined",
    }
}

/// Reads a VIN: `vin`/`len` is its text (white space around it ignored;
/// lower case read in capitals with a `VIN.LOWERCASE` warning). A check
/// digit that does not verify is a warning, not a failure: the digit is
/// mandatory in North America only.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`,
/// `NCB_STATUS_INVALID_ARGUMENT` (a length no buffer can have),
/// `NCB_STATUS_INVALID_DOCUMENT` (not a VIN; `ncb_error_code` says why:
/// `VIN.LENGTH`, `VIN.FORBIDDEN_LETTER`, `VIN.CHARSET`). Nothing is written
/// on failure.
///
/// Ownership: free `*out` with `ncb_vin_report_free`. Thread safety: any
/// thread.
///
/// # Safety
/// `vin` is NULL or readable for `len` bytes; `out` and `err` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_check(
    vin: *const c_char,
    len: usize,
    out: *mut *mut ncb_vin_report,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let bytes = unsafe { ffi::bytes(vin, len, "vin") }?;
        ffi::non_null(out, "out")?;
        let text = std::str::from_utf8(bytes)
            .map_err(|e| ncb_error::new(ncb_status::InvalidUtf8, format!("`vin` is not valid UTF-8: {e}")))?;
        let report = check_vin(text)
            .map_err(|e| ncb_error::new(ncb_status::InvalidDocument, e.to_string()).with_code(e.code.as_str()))?;
        let r = ncb_vin_report {
            vin: cstring(report.vin.as_str()),
            wmi: cstring(report.wmi.as_str()),
            warning_messages: report.warnings.iter().map(|w| cstring(w.message.as_str())).collect(),
            report,
        };
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(r)) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Borrows a report for an accessor.
///
/// # Safety
/// `r` is NULL or live.
unsafe fn get<'a>(r: *const ncb_vin_report) -> Option<&'a ncb_vin_report> {
    // SAFETY: forwarded contract.
    unsafe { ffi::opt_ref(r) }
}

/// A string accessor: NULL for a NULL report or an absent value.
///
/// # Safety
/// `r` is NULL or live.
unsafe fn text(r: *const ncb_vin_report, f: impl FnOnce(&ncb_vin_report) -> Option<&std::ffi::CStr>) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(r) }.and_then(f).map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The VIN, upper case, trimmed. NULL if `report` is NULL. Ownership:
/// owned by the report. Thread safety: any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_vin(report: *const ncb_vin_report) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(report, |r| Some(&r.vin)) }
}

/// The world manufacturer identifier (positions 1–3). NULL if `report` is
/// NULL. Ownership: owned by the report. Thread safety: any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_wmi(report: *const ncb_vin_report) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(report, |r| Some(&r.wmi)) }
}

/// The manufacturer's region from position 1: `"africa"`, `"asia"`,
/// `"europe"`, `"north_america"`, `"oceania"`, `"south_america"` or
/// `"undetermined"`. NULL if `report` is NULL. Ownership: static. Thread
/// safety: any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_region(report: *const ncb_vin_report) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(report, |r| Some(static_cstr(region_name(r.report.region)))) }
}

/// Whether the check digit (position 9) verifies; false if `report` is
/// NULL. Thread safety: any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_check_digit_valid(report: *const ncb_vin_report) -> bool {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(report) }.is_some_and(|r| r.report.check_digit_valid))
}

/// The check digit computed from the other 16 characters (`'0'`–`'9'` or
/// `'X'`); 0 if `report` is NULL. Thread safety: any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_check_digit_expected(report: *const ncb_vin_report) -> c_char {
    boundary_or(0, || {
        // SAFETY: forwarded contract. The digit is ASCII.
        unsafe { get(report) }.map_or(0, |r| r.report.check_digit_expected as u8 as c_char)
    })
}

/// The number of warnings (`VIN.CHECK_DIGIT`, `VIN.CHECK_DIGIT_MANDATORY`,
/// `VIN.MODEL_YEAR`, `VIN.LOWERCASE`); 0 if
/// `report` is NULL. Thread safety: any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_warning_count(report: *const ncb_vin_report) -> usize {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(report) }.map_or(0, |r| r.report.warnings.len()))
}

/// The stable code of warning `index`; NULL if `report` is NULL or `index`
/// is out of range. Ownership: static. Thread safety: any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_warning_code(report: *const ncb_vin_report, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe {
        text(report, |r| {
            r.report.warnings.get(index).map(|w| static_cstr(w.code.as_str()))
        })
    }
}

/// The English message of warning `index`; NULL if `report` is NULL or
/// `index` is out of range. Ownership: owned by the report. Thread safety:
/// any thread.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_warning_message(report: *const ncb_vin_report, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(report, |r| r.warning_messages.get(index).map(CString::as_c_str)) }
}

/// The report as JSON
/// (`{"vin":…,"wmi":…,"region":"europe","check_digit_valid":true,…,"warnings":[…]}`).
/// As `ncb_mrz_to_json`.
///
/// # Safety
/// `report` is NULL or live; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_to_json(
    report: *const ncb_vin_report,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let r = unsafe { ffi::try_ref(report, "report") }?;
        ffi::non_null(out, "out")?;
        let json = errmap::to_json(&r.report)?;
        // SAFETY: `out` checked; both writable (contract).
        unsafe { write_json(out, out_len, json) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Frees a VIN report. NULL is a no-op.
///
/// Thread safety: no other thread may be using `report`.
///
/// # Safety
/// `report` is NULL or a report not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_vin_report_free(report: *mut ncb_vin_report) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(report) })
}
