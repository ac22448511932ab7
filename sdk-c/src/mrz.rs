//! `ncb_mrz_parse`: a machine-readable zone (ICAO Doc 9303: TD1, TD2,
//! TD3, MRV-A, MRV-B) read by sdk-core's parser, strict or lenient about
//! OCR errors, into an `ncb_mrz` handle; and the document check it gives
//! (`ncb_mrz_to_document_check`), ready for `ncb_client_check_document`.

use std::ffi::{CString, c_char};

use chrono::Utc;
use ncblink::travel::{Mrz, ParseOptions, parse_mrz};

use crate::checks::{ncb_document_check, write_json};
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi::{self, cstring, static_cstr};
use crate::panic::{boundary, status_boundary};
use crate::status::ncb_status;

/// A parsed zone. Opaque; made by `ncb_mrz_parse`, freed by
/// `ncb_mrz_free`. Immutable: accessors may be called from several threads
/// at once.
pub struct ncb_mrz {
    mrz: Mrz,
    document_code: CString,
    document_number: CString,
    issuing_state: CString,
    primary_identifier: CString,
    secondary_identifier: CString,
    nationality: CString,
    date_of_birth: Option<CString>,
    expiry: Option<CString>,
    optional_data: CString,
    warning_messages: Vec<CString>,
    /// The check's strings, for `ncb_mrz_to_document_check`.
    check_number: CString,
}

impl ncb_mrz {
    fn new(mrz: Mrz) -> Self {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| cstring(d.format("%Y-%m-%d").to_string()));
        let check = mrz.to_document_check();
        ncb_mrz {
            document_code: cstring(mrz.document_code.as_str()),
            document_number: cstring(mrz.document_number.as_str()),
            issuing_state: cstring(mrz.issuing_state.as_str()),
            primary_identifier: cstring(mrz.primary_identifier.as_str()),
            secondary_identifier: cstring(mrz.secondary_identifier.as_str()),
            nationality: cstring(mrz.nationality.as_str()),
            date_of_birth: date(mrz.date_of_birth),
            expiry: date(mrz.expiry),
            optional_data: cstring(mrz.optional_data.as_str()),
            warning_messages: mrz.warnings.iter().map(|w| cstring(w.message.as_str())).collect(),
            check_number: cstring(check.number),
            mrz,
        }
    }
}

/// Parses a zone: `lines`/`len` is its text, lines separated by `\n` (or
/// `\r\n`), 2 lines of 44 or 36 characters or 3 of 30. With `lenient`,
/// white space around lines and blank lines are skipped, lower case is
/// upper-cased and the usual OCR confusions (`O`/`0`, `I`/`1`…) are
/// repaired where a field's type tells, each with an `MRZ.OCR_FIX`
/// warning. Two-digit years are read against today's date.
///
/// A check digit that does not verify is not a failure (the document under
/// check may be forged): see `ncb_mrz_check_digits_valid` and the warnings.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8` (`lines`
/// is not UTF-8), `NCB_STATUS_INVALID_ARGUMENT` (a length no buffer can
/// have), `NCB_STATUS_INVALID_DOCUMENT` (not a zone; `ncb_error_code` says
/// why: `MRZ.EMPTY`, `MRZ.LINE_COUNT`, `MRZ.LINE_LENGTH`, `MRZ.CHARSET`,
/// `MRZ.FIELD_CHARSET`, `MRZ.FORMAT`). Nothing is written on failure.
///
/// Ownership: free `*out` with `ncb_mrz_free`. Thread safety: any thread.
///
/// # Safety
/// `lines` is NULL or readable for `len` bytes; `out` and `err` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_parse(
    lines: *const c_char,
    len: usize,
    lenient: bool,
    out: *mut *mut ncb_mrz,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let bytes = unsafe { ffi::bytes(lines, len, "lines") }?;
        ffi::non_null(out, "out")?;
        let text = std::str::from_utf8(bytes)
            .map_err(|e| ncb_error::new(ncb_status::InvalidUtf8, format!("`lines` is not valid UTF-8: {e}")))?;
        let today = Utc::now().date_naive();
        let options = if lenient {
            ParseOptions::lenient(today)
        } else {
            ParseOptions::strict(today)
        };
        let mrz = parse_mrz(text, &options)
            .map_err(|e| ncb_error::new(ncb_status::InvalidDocument, e.to_string()).with_code(e.code.as_str()))?;
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(ncb_mrz::new(mrz))) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Borrows a zone for an accessor.
///
/// # Safety
/// `mrz` is NULL or live.
unsafe fn get<'a>(mrz: *const ncb_mrz) -> Option<&'a ncb_mrz> {
    // SAFETY: forwarded contract.
    unsafe { ffi::opt_ref(mrz) }
}

/// A string accessor: NULL for a NULL zone or an absent value.
///
/// # Safety
/// `mrz` is NULL or live.
unsafe fn text(mrz: *const ncb_mrz, f: impl FnOnce(&ncb_mrz) -> Option<&std::ffi::CStr>) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(mrz) }.and_then(f).map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The format: `"TD1"`, `"TD2"`, `"TD3"`, `"MRV-A"` or `"MRV-B"`; NULL if
/// `mrz` is NULL.
///
/// Ownership: static. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_format(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(static_cstr(m.mrz.format.name()))) }
}

/// The document type the document code maps to (`"passport"`,
/// `"identity_card"`, `"visa"`…, the codes of `ncb_document_check`); NULL
/// if `mrz` is NULL.
///
/// Ownership: static. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_document_type(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| m.mrz.document_type.known_code().map(static_cstr)) }
}

/// The document code as printed (`"P"`, `"I"`, `"AC"`). NULL if `mrz` is
/// NULL. Ownership: owned by the zone. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_document_code(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(&m.document_code)) }
}

/// The document number, trailing fillers removed, a TD1/TD2 overflow
/// appended. NULL if `mrz` is NULL. Ownership: owned by the zone. Thread
/// safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_document_number(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(&m.document_number)) }
}

/// The issuing state or organisation (ICAO code, `"FRA"`, `"D"`). NULL if
/// `mrz` is NULL. Ownership: owned by the zone. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_issuing_state(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(&m.issuing_state)) }
}

/// The primary identifier (family name), fillers read as spaces. NULL if
/// `mrz` is NULL. Ownership: owned by the zone. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_primary_identifier(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(&m.primary_identifier)) }
}

/// The secondary identifier (given names), empty when the zone has none.
/// NULL if `mrz` is NULL. Ownership: owned by the zone. Thread safety: any
/// thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_secondary_identifier(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(&m.secondary_identifier)) }
}

/// The nationality (ICAO code). NULL if `mrz` is NULL. Ownership: owned by
/// the zone. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_nationality(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(&m.nationality)) }
}

/// The date of birth, `"YYYY-MM-DD"`; NULL when unknown or not a date (see
/// the warnings) or if `mrz` is NULL. Ownership: owned by the zone. Thread
/// safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_date_of_birth(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| m.date_of_birth.as_deref()) }
}

/// The date of expiry, `"YYYY-MM-DD"`; NULL when unknown or not a date, or
/// if `mrz` is NULL. Ownership: owned by the zone. Thread safety: any
/// thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_expiry(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| m.expiry.as_deref()) }
}

/// The sex: `"F"`, `"M"`, or `"U"` (unspecified, `<` or `X` in the zone);
/// NULL for any other character (with `MRZ.SEX_INVALID`) or if `mrz` is
/// NULL. Ownership: static. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_sex(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| m.mrz.sex.and_then(|s| s.known_code()).map(static_cstr)) }
}

/// The optional data (TD3: the personal number), trailing fillers
/// removed. NULL if `mrz` is NULL. Ownership: owned by the zone. Thread
/// safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_optional_data(mrz: *const ncb_mrz) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| Some(&m.optional_data)) }
}

/// Whether every check digit of the zone verifies; false if `mrz` is NULL.
/// Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_check_digits_valid(mrz: *const ncb_mrz) -> bool {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(mrz) }.is_some_and(|m| m.mrz.check_digits_valid()))
}

/// The number of warnings (a check digit that does not verify, an OCR
/// repair, an unknown state, a date that is not one…); 0 if `mrz` is NULL.
/// Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_warning_count(mrz: *const ncb_mrz) -> usize {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(mrz) }.map_or(0, |m| m.mrz.warnings.len()))
}

/// The stable code of warning `index` (`"MRZ.CHECK_DIGIT"`,
/// `"MRZ.OCR_FIX"`…); NULL if `mrz` is NULL or `index` is out of range.
/// Ownership: static. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_warning_code(mrz: *const ncb_mrz, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| m.mrz.warnings.get(index).map(|w| static_cstr(w.code.as_str()))) }
}

/// The field warning `index` is about (`"date_of_birth"`,
/// `"document_number"`, `"composite"`…); NULL if `mrz` is NULL or `index`
/// is out of range. Ownership: static. Thread safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_warning_field(mrz: *const ncb_mrz, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe {
        text(mrz, |m| {
            m.mrz.warnings.get(index).map(|w| static_cstr(w.field.as_str()))
        })
    }
}

/// The English message of warning `index`; NULL if `mrz` is NULL or
/// `index` is out of range. Ownership: owned by the zone. Thread safety:
/// any thread.
///
/// # Safety
/// `mrz` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_warning_message(mrz: *const ncb_mrz, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { text(mrz, |m| m.warning_messages.get(index).map(CString::as_c_str)) }
}

/// The zone as JSON: every field, the warnings and each check digit
/// (`{"format":"td3","document_type":"passport",…,"warnings":[…],"check_digits":[…]}`).
///
/// Errors: `NCB_STATUS_NULL_PARAMETER` (`mrz` or `out`); `out_len` is
/// optional. Ownership: free `*out` with `ncb_string_free`. Thread safety:
/// any thread.
///
/// # Safety
/// `mrz` is NULL or live; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_to_json(
    mrz: *const ncb_mrz,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let m = unsafe { ffi::try_ref(mrz, "mrz") }?;
        ffi::non_null(out, "out")?;
        let json = errmap::to_json(&m.mrz)?;
        // SAFETY: `out` checked; both writable (contract).
        unsafe { write_json(out, out_len, json) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Fills `*out` with the SLTD check of this document: its number with
/// every filler removed, its issuing state and its type — ready for
/// `ncb_client_check_document`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`. Ownership: the strings `*out`
/// points to belong to the zone: valid until `ncb_mrz_free(mrz)`. Thread
/// safety: any thread.
///
/// # Safety
/// `mrz` is NULL or live; `out` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_to_document_check(
    mrz: *const ncb_mrz,
    out: *mut ncb_document_check,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let m = unsafe { ffi::try_ref(mrz, "mrz") }?;
        ffi::non_null(out, "out")?;
        let check = ncb_document_check {
            number: m.check_number.as_ptr(),
            issuing_state: m.issuing_state.as_ptr(),
            document_type: static_cstr(m.mrz.document_type.code()).as_ptr(),
        };
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, check) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Frees a zone. NULL is a no-op. Document checks filled from it are
/// invalid afterwards.
///
/// Thread safety: no other thread may be using `mrz`.
///
/// # Safety
/// `mrz` is NULL or a zone not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_mrz_free(mrz: *mut ncb_mrz) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(mrz) })
}
