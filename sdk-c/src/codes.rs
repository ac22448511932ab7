//! Code-list look-ups for C: country, ICAO and language labels in the four
//! working languages, and the ISO 3166-1 alpha-2 ⇄ ICAO 9303 mapping. Also
//! `ncb_lang`, the working language every text-returning function takes.
//!
//! The strings returned are static: sdk-core's labels are `&'static str`
//! without a NUL, so each is copied once into a NUL-terminated string kept
//! for the life of the process ([`crate::ffi::static_cstr`]). The caller
//! never frees them and needs no buffer.

use std::ffi::c_char;

use ncblink::model::{CountryCode, IcaoCode, LanguageCode, WorkingLanguage};

use crate::error::ncb_error;
use crate::ffi;
use crate::panic::boundary;
use crate::status::ncb_status;

/// One of INTERPOL's four working languages, for labels and messages.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ncb_lang {
    /// Arabic.
    Ar = 0,
    /// English.
    En = 1,
    /// French.
    Fr = 2,
    /// Spanish.
    Es = 3,
}

/// An `ncb_lang` as received from C: any 32-bit value, checked before use.
/// cbindgen writes it as `ncb_lang`.
pub type ncb_lang_raw = u32;

impl From<ncb_lang> for WorkingLanguage {
    fn from(l: ncb_lang) -> Self {
        match l {
            ncb_lang::Ar => WorkingLanguage::Ar,
            ncb_lang::En => WorkingLanguage::En,
            ncb_lang::Fr => WorkingLanguage::Fr,
            ncb_lang::Es => WorkingLanguage::Es,
        }
    }
}

/// The working language of a raw `ncb_lang`, `None` for any other number.
pub fn working_language(raw: ncb_lang_raw) -> Option<WorkingLanguage> {
    Some(
        match raw {
            0 => ncb_lang::Ar,
            1 => ncb_lang::En,
            2 => ncb_lang::Fr,
            3 => ncb_lang::Es,
            _ => return None,
        }
        .into(),
    )
}

/// [`working_language`], failing with `NCB_STATUS_INVALID_ARGUMENT`.
pub fn try_working_language(raw: ncb_lang_raw) -> Result<WorkingLanguage, ncb_error> {
    working_language(raw).ok_or_else(|| {
        ncb_error::new(
            ncb_status::InvalidArgument,
            format!("{raw} is not an ncb_lang (0 Arabic, 1 English, 2 French, 3 Spanish)"),
        )
    })
}

/// Runs a look-up on a C string argument: NULL, invalid UTF-8 or a code
/// of the wrong form all give NULL, as does a code not on the list.
///
/// # Safety
/// `code` is NULL or a NUL-terminated string.
unsafe fn lookup(code: *const c_char, f: impl FnOnce(&str) -> Option<&'static str>) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        match unsafe { ffi::opt_str(code, "code") } {
            Ok(Some(s)) => f(s).map_or(std::ptr::null(), |label| ffi::static_cstr(label).as_ptr()),
            _ => std::ptr::null(),
        }
    })
}

/// The name of a country in a working language: `ncb_country_label("DE",
/// NCB_LANG_FR)` is "Allemagne".
///
/// `alpha2` is an ISO 3166-1 alpha-2 code in capitals. Returns NULL if
/// `alpha2` is NULL, not UTF-8, not an assigned code, or `lang` is not an
/// `ncb_lang`.
///
/// Ownership: the string is static (UTF-8, NUL-terminated); do not free it.
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `alpha2` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_country_label(alpha2: *const c_char, lang: ncb_lang_raw) -> *const c_char {
    let Some(lang) = working_language(lang) else {
        return std::ptr::null();
    };
    // SAFETY: forwarded contract.
    unsafe { lookup(alpha2, |s| s.parse::<CountryCode>().ok()?.label(lang)) }
}

/// The name of the state or organisation an ICAO 9303 code denotes, in a
/// working language: "D" is Germany, "XXA" a stateless person.
///
/// Returns NULL if `icao` is NULL, not UTF-8, not a code ICAO assigns, or
/// `lang` is not an `ncb_lang`.
///
/// Ownership: static string; do not free it. Thread safety: any thread.
///
/// # Safety
/// `icao` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_icao_label(icao: *const c_char, lang: ncb_lang_raw) -> *const c_char {
    let Some(lang) = working_language(lang) else {
        return std::ptr::null();
    };
    // SAFETY: forwarded contract.
    unsafe { lookup(icao, |s| s.parse::<IcaoCode>().ok()?.label(lang)) }
}

/// The name of a language in a working language: `ncb_language_label("GER",
/// NCB_LANG_ES)` is "alemán". `code` is ISO 639-2/B in capitals, as
/// INTERPOL writes languages.
///
/// Returns NULL if `code` is NULL, not UTF-8, not an ISO 639-2/B code, or
/// `lang` is not an `ncb_lang`.
///
/// Ownership: static string; do not free it. Thread safety: any thread.
///
/// # Safety
/// `code` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_language_label(code: *const c_char, lang: ncb_lang_raw) -> *const c_char {
    let Some(lang) = working_language(lang) else {
        return std::ptr::null();
    };
    // SAFETY: forwarded contract.
    unsafe { lookup(code, |s| s.parse::<LanguageCode>().ok()?.label(lang)) }
}

/// The ISO 3166-1 alpha-2 code of the state an ICAO 9303 code names: "D"
/// gives "DE", "FRA" gives "FR".
///
/// Returns NULL if `icao` is NULL, not UTF-8, unknown, or one of ICAO's
/// codes that is not a state ("XXA", "EUE"…): the two lists are never
/// mixed implicitly.
///
/// Ownership: static string; do not free it. Thread safety: any thread.
///
/// # Safety
/// `icao` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_icao_to_iso(icao: *const c_char) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { lookup(icao, |s| Some(s.parse::<IcaoCode>().ok()?.country()?.alpha2)) }
}

/// The ICAO 9303 code of a country given as ISO 3166-1 alpha-2: "DE" gives
/// "D", "FR" gives "FRA".
///
/// Returns NULL if `alpha2` is NULL, not UTF-8 or not an assigned code.
///
/// Ownership: static string; do not free it. Thread safety: any thread.
///
/// # Safety
/// `alpha2` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_iso_to_icao(alpha2: *const c_char) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { lookup(alpha2, |s| Some(s.parse::<CountryCode>().ok()?.entry()?.icao)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// Reads back a static string.
    fn text(p: *const c_char) -> Option<&'static str> {
        // SAFETY: every non-NULL pointer this module returns is a static C string.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap())
    }

    #[test]
    fn labels_and_mappings_come_from_the_core_tables() {
        // SAFETY: static NUL-terminated literals and NULL.
        unsafe {
            assert_eq!(
                text(ncb_country_label(c"DE".as_ptr(), ncb_lang::Fr as u32)),
                Some("Allemagne")
            );
            assert_eq!(text(ncb_iso_to_icao(c"DE".as_ptr())), Some("D"));
            assert_eq!(text(ncb_icao_to_iso(c"D".as_ptr())), Some("DE"));
            assert_eq!(text(ncb_icao_to_iso(c"XXA".as_ptr())), None);
            assert!(text(ncb_icao_label(c"XXA".as_ptr(), ncb_lang::En as u32)).is_some());
            assert!(text(ncb_language_label(c"GER".as_ptr(), ncb_lang::Ar as u32)).is_some());
            assert_eq!(text(ncb_country_label(c"ZZ".as_ptr(), 1)), None);
            assert_eq!(text(ncb_country_label(c"de".as_ptr(), 1)), None);
            assert_eq!(text(ncb_country_label(c"DE".as_ptr(), 4)), None);
            assert_eq!(text(ncb_country_label(std::ptr::null(), 1)), None);
            assert_eq!(text(ncb_country_label(c"\xc3".as_ptr(), 1)), None);
        }
    }
}
