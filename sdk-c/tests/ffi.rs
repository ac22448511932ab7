//! The C API called from Rust, through the same `extern "C"` functions a C
//! program links: every shared vector gives through the FFI exactly the
//! report sdk-core gives (codes, pointers, severities, messages in the four
//! languages, JSON), and bad arguments get their documented status.
#![deny(clippy::undocumented_unsafe_blocks)]

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use ncblink::model::WorkingLanguage;
use ncblink::validate::{DocumentKind, Severity, validate_json_at};
use ncblink_c::codes::ncb_lang;
use ncblink_c::error::*;
use ncblink_c::ffi::ncb_string_free;
use ncblink_c::report::*;
use ncblink_c::status::{ncb_status, ncb_status_str};
use ncblink_c::validate::{ncb_validate, ncb_validate_at};

const LANGS: [(ncb_lang, WorkingLanguage); 4] = [
    (ncb_lang::Ar, WorkingLanguage::Ar),
    (ncb_lang::En, WorkingLanguage::En),
    (ncb_lang::Fr, WorkingLanguage::Fr),
    (ncb_lang::Es, WorkingLanguage::Es),
];

fn vectors_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// A C string the library returned, as Rust text.
///
/// # Safety
/// `p` is NULL or a live NUL-terminated string.
unsafe fn text<'a>(p: *const c_char) -> Option<&'a str> {
    // SAFETY: by the caller's contract.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().expect("UTF-8"))
}

/// Validates through the FFI; the report is the caller's to free.
fn validate_ffi(input: &[u8], kind: Option<&CStr>, now: i64) -> *mut ncb_report {
    let mut report = null_mut();
    let mut err = null_mut();
    // SAFETY: valid buffer and length, NUL-terminated kind, writable outputs.
    let status = unsafe {
        ncb_validate_at(
            input.as_ptr().cast(),
            input.len(),
            kind.map_or(null(), CStr::as_ptr),
            now,
            &mut report,
            &mut err,
        )
    };
    assert_eq!(status, ncb_status::Ok);
    assert!(err.is_null());
    report
}

#[test]
fn every_vector_gives_the_core_report_through_the_ffi() {
    let dir = vectors_dir();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let now: chrono::DateTime<chrono::Utc> = manifest["now"].as_str().unwrap().parse().unwrap();
    let vectors = manifest["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 40);
    for v in vectors {
        let file = v["file"].as_str().unwrap();
        let kind_name = v["kind"].as_str().unwrap();
        let input = std::fs::read(dir.join(file)).unwrap();
        let want = validate_json_at(DocumentKind::from_name(kind_name).unwrap(), &input, now);
        let kind = std::ffi::CString::new(kind_name).unwrap();
        let r = validate_ffi(&input, Some(&kind), now.timestamp());
        // SAFETY: `r` is a live report until freed at the end of the loop.
        unsafe {
            assert_eq!(ncb_report_is_ok(r), want.is_ok(), "{file}");
            assert_eq!(ncb_report_count(r), want.violations.len(), "{file}");
            for (i, w) in want.violations.iter().enumerate() {
                assert_eq!(text(ncb_report_code(r, i)), Some(w.code.as_ref()), "{file}");
                assert_eq!(text(ncb_report_pointer(r, i)), Some(w.pointer.as_str()), "{file}");
                let sev = match w.severity {
                    Severity::Error => ncb_severity::Error,
                    Severity::Warning => ncb_severity::Warning,
                };
                assert_eq!(ncb_report_severity(r, i), sev, "{file}");
                for (c, rust) in LANGS {
                    assert_eq!(
                        text(ncb_report_message(r, i, c as u32)),
                        Some(w.message(rust).as_str()),
                        "{file}"
                    );
                }
            }
            for (c, rust) in LANGS {
                let mut out = null_mut();
                let mut len = 0usize;
                assert_eq!(
                    ncb_report_to_json(r, c as u32, &mut out, &mut len, null_mut()),
                    ncb_status::Ok
                );
                let json = text(out).unwrap();
                assert_eq!(json.len(), len);
                assert_eq!(json, want.to_json(rust).to_string(), "{file}");
                ncb_string_free(out);
            }
            ncb_report_free(r);
        }
    }
}

#[test]
fn detection_and_the_clock_agree_with_the_core() {
    let input = std::fs::read(vectors_dir().join("valid/red-notice.json")).unwrap();
    let now = chrono::Utc::now();
    let r = validate_ffi(&input, None, now.timestamp());
    // SAFETY: live report, freed once.
    unsafe {
        assert!(ncb_report_is_ok(r));
        ncb_report_free(r);
    }
    // ncb_validate (the clock) on a document with a time-dependent rule.
    let input = std::fs::read(vectors_dir().join("invalid/RETENTION.EXPIRED.json")).unwrap();
    let mut r = null_mut();
    // SAFETY: valid buffer, writable output.
    unsafe {
        assert_eq!(
            ncb_validate(
                input.as_ptr().cast(),
                input.len(),
                c"envelope".as_ptr(),
                &mut r,
                null_mut()
            ),
            ncb_status::Ok
        );
        let want = ncblink::validate::validate_json(DocumentKind::Envelope, &input);
        assert_eq!(ncb_report_count(r), want.violations.len());
        ncb_report_free(r);
    }
}

#[test]
fn bad_arguments_get_their_status_and_leave_outputs_alone() {
    let doc = br#"{"vehicle_check": {}}"#;
    let sentinel = std::ptr::dangling_mut::<ncb_report>();
    let cases: [(&[u8], *const c_char, ncb_status); 4] = [
        (doc, c"\xff".as_ptr(), ncb_status::InvalidUtf8),
        (doc, c"notice".as_ptr(), ncb_status::InvalidArgument),
        (doc, c"".as_ptr(), ncb_status::InvalidArgument),
        (doc, c"Envelope".as_ptr(), ncb_status::InvalidArgument),
    ];
    for (input, kind, want) in cases {
        let mut out = sentinel;
        let mut err = null_mut();
        // SAFETY: valid pointers; `err` freed below.
        unsafe {
            let status = ncb_validate(input.as_ptr().cast(), input.len(), kind, &mut out, &mut err);
            assert_eq!(status, want);
            assert_eq!(out, sentinel, "no output on failure");
            assert_eq!(ncb_error_status(err), want);
            assert!(text(ncb_error_message(err)).is_some_and(|m| !m.is_empty()));
            assert!(ncb_error_code(err).is_null());
            ncb_error_free(err);
        }
    }
    // SAFETY: NULLs where the API allows or rejects them.
    unsafe {
        let mut out = sentinel;
        assert_eq!(
            ncb_validate(null(), 0, null(), &mut out, null_mut()),
            ncb_status::NullParameter
        );
        assert_eq!(
            ncb_validate(doc.as_ptr().cast(), doc.len(), null(), null_mut(), null_mut()),
            ncb_status::NullParameter
        );
        assert_eq!(
            ncb_validate_at(doc.as_ptr().cast(), doc.len(), null(), i64::MAX, &mut out, null_mut()),
            ncb_status::InvalidArgument
        );
        assert_eq!(out, sentinel);
        let mut json = null_mut();
        assert_eq!(
            ncb_report_to_json(null(), 0, &mut json, null_mut(), null_mut()),
            ncb_status::NullParameter
        );
        assert!(json.is_null());
        ncb_report_free(null_mut());
        ncb_error_free(null_mut());
        ncb_string_free(null_mut());
        assert_eq!(text(ncb_status_str(777)), Some("unknown status"));
        assert_eq!(text(ncb_status_str(0)), Some("success"));
    }
}

#[test]
fn accessors_out_of_range_and_undefined_languages() {
    let r = validate_ffi(br#"{"vehicle_check": {}}"#, Some(c"check"), 1_780_000_000);
    // SAFETY: live report, freed once.
    unsafe {
        assert_eq!(ncb_report_count(r), 1);
        assert_eq!(text(ncb_report_code(r, 0)), Some("CHECK.NO_CRITERIA"));
        for i in [1, 2, usize::MAX] {
            assert!(ncb_report_code(r, i).is_null());
            assert!(ncb_report_pointer(r, i).is_null());
            assert!(ncb_report_message(r, i, 1).is_null());
            assert_eq!(ncb_report_severity(r, i), ncb_severity::None);
        }
        assert!(ncb_report_message(r, 0, 4).is_null());
        assert!(ncb_report_message(r, 0, u32::MAX).is_null());
        let mut err = null_mut();
        let mut out = null_mut();
        assert_eq!(
            ncb_report_to_json(r, 9, &mut out, null_mut(), &mut err),
            ncb_status::InvalidArgument
        );
        assert!(out.is_null());
        ncb_error_free(err);
        // Messages are rendered once: the same pointer each time.
        assert_eq!(ncb_report_message(r, 0, 2), ncb_report_message(r, 0, 2));
        ncb_report_free(r);
    }
}
