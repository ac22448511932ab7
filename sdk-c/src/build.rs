//! Building what C sends: `ncb_build_envelope` turns the business fields
//! of a notice, diffusion or message (a draft, as JSON) into its complete,
//! validated envelope by sdk-core's `build` module; `ncb_timestamp_now`
//! gives the RFC 3339 time a C program needs for its own documents (the
//! UUIDv7 is `ncb_new_message_id`).

use std::ffi::c_char;

use chrono::{SecondsFormat, Utc};

use crate::error::ncb_error;
use crate::ffi;
use crate::panic::status_boundary;
use crate::status::ncb_status;

/// The bytes `ncb_timestamp_now` writes, with the terminating NUL.
pub const NCB_TIMESTAMP_SIZE: usize = 25;

/// Builds the envelope of a notice, diffusion or message from its business
/// fields, and validates it.
///
/// - `draft`, `len`: a JSON object (UTF-8; `len` excludes any NUL) with
///   `source` (the sending NCB, `"FR"`) and `body` (`{"notice": {…}}`,
///   `{"diffusion": {…}}` or `{"message": {…}}`), and optionally
///   `recipients` (`["DE"]`; absent: every NCB, which a message may not
///   use), `purpose`, `language`, `classification`, `national_marking`,
///   `legal_basis`, `handling`, `access`, `expires`, `correlation_id`,
///   `in_reply_to`. The rest is filled in: a UUIDv7 `id`,
///   `schema_version`, `created` (now), for a notice `expires` (the
///   longest retention the rules allow) and `review_due` (as late as they
///   allow), the purpose of the notice type, the language of the main text.
/// - `out`: receives the envelope's JSON, to free with `ncb_string_free`.
///
/// Errors: `NCB_STATUS_INVALID_JSON` (not JSON), `NCB_STATUS_INVALID_DOCUMENT`
/// (an unknown, missing or mistyped member, or an envelope that breaks a
/// rule): `ncb_error_report` lists each violation with its JSON Pointer and
/// `ncb_error_code` gives the first; `NCB_STATUS_NULL_PARAMETER`. Nothing
/// is written to `out` on failure.
///
/// ```c
/// const char *draft = "{\"source\":\"FR\",\"recipients\":[\"DE\"],\"body\":{\"message\":"
///     "{\"title\":\"Demande\",\"text\":{\"language\":\"FRE\",\"text\":\"Bonjour\"}}}}";
/// char *envelope = NULL;
/// if (ncb_build_envelope(draft, strlen(draft), &envelope, NULL) != NCB_STATUS_OK) return 1;
/// if (strstr(envelope, "\"language\":\"fr\"") == NULL) return 1;
/// ncb_string_free(envelope);
/// ```
///
/// Thread safety: may be called from any thread, concurrently.
///
/// # Safety
/// `draft` is NULL or points to `len` readable bytes; `out` and `err` are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_build_envelope(
    draft: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let body = || {
        // SAFETY: `draft` is NULL or `len` readable bytes (contract).
        let input = unsafe { ffi::bytes(draft, len, "draft") }?;
        ffi::non_null(out, "out")?;
        let envelope = ncblink::build::envelope_json(input).map_err(|report| {
            let status = match report.violations.first() {
                Some(v) if v.code.starts_with("JSON.") || v.code.starts_with("DOCUMENT.") => ncb_status::InvalidJson,
                _ => ncb_status::InvalidDocument,
            };
            crate::errmap::from_core(ncblink::Error::InvalidInput(report)).with_status(status)
        })?;
        let json = crate::errmap::to_json(&envelope)?;
        // SAFETY: `out` checked non-NULL and writable (contract).
        unsafe { ffi::write_out(out, ffi::cstring(json).into_raw()) };
        Ok(())
    };
    // SAFETY: `err` is NULL or writable (contract).
    unsafe { status_boundary(err, body) }
}

/// Writes the current UTC time in RFC 3339 with milliseconds
/// (`2026-12-01T19:43:52.123Z`, 24 characters and a NUL) into `buf`,
/// which holds `size` bytes: the form of `created` and `expires`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_BUFFER_TOO_SMALL`
/// (`size` under `NCB_TIMESTAMP_SIZE`; nothing written).
///
/// ```c
/// char now[NCB_TIMESTAMP_SIZE];
/// if (ncb_timestamp_now(now, sizeof now, NULL) != NCB_STATUS_OK || now[23] != 'Z') return 1;
/// ```
///
/// Thread safety: may be called from any thread, concurrently.
///
/// # Safety
/// `buf` is NULL or `size` writable bytes; `err` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_timestamp_now(buf: *mut c_char, size: usize, err: *mut *mut ncb_error) -> ncb_status {
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, || write_text(buf, size, &now)) }
}

/// Copies `text` and a NUL into `buf` when it fits.
///
/// # Safety
/// `buf` is NULL or `size` writable bytes.
unsafe fn write_text(buf: *mut c_char, size: usize, text: &str) -> Result<(), ncb_error> {
    ffi::non_null(buf, "buf")?;
    if size <= text.len() {
        return Err(ncb_error::new(
            ncb_status::BufferTooSmall,
            format!("buf: {size} bytes, {} needed", text.len() + 1),
        ));
    }
    // SAFETY: `buf` is non-NULL with `size` > `text.len()` writable bytes
    // (contract), and a fresh Rust string does not overlap it.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr().cast::<c_char>(), buf, text.len());
        buf.add(text.len()).write(0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_draft_names_the_rule_and_a_misspelt_member_its_pointer() {
        let mut out = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        let draft = br#"{"source":"FR","body":{"message":{"title":"t","text":{"language":"FRE","text":"x"}}}}"#;
        // SAFETY: valid buffers and out-parameters.
        let status = unsafe { ncb_build_envelope(draft.as_ptr().cast(), draft.len(), &mut out, &mut err) };
        assert_eq!(status, ncb_status::InvalidDocument);
        assert!(out.is_null());
        // SAFETY: set by the failed call.
        let e = unsafe { &*err };
        assert_eq!(e.code(), Some("ENVELOPE.MESSAGE_TO_ALL"));
        // SAFETY: made by the library.
        unsafe { crate::error::ncb_error_free(err) };
    }

    #[test]
    fn times_fit_their_sizes_exactly() {
        let mut short = [0 as c_char; NCB_TIMESTAMP_SIZE - 1];
        // SAFETY: a buffer of the size given.
        let status = unsafe { ncb_timestamp_now(short.as_mut_ptr(), short.len(), std::ptr::null_mut()) };
        assert_eq!(status, ncb_status::BufferTooSmall);
        let mut now = [0 as c_char; NCB_TIMESTAMP_SIZE];
        // SAFETY: a buffer of the size given.
        let status = unsafe { ncb_timestamp_now(now.as_mut_ptr(), now.len(), std::ptr::null_mut()) };
        assert_eq!(status, ncb_status::Ok);
    }
}
