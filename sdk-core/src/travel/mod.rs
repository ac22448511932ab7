//! Travel documents and vehicles: reading what an officer scans or types
//! before a check against SLTD or SMV.
//!
//! - [`parse_mrz`] / [`parse_mrz_lines`]: machine-readable zones of
//!   passports, identity cards and visas (ICAO Doc 9303: TD1, TD2, TD3,
//!   MRV-A, MRV-B), every check digit verified and reported, strict or
//!   lenient about OCR errors; [`Mrz::to_document_check`] turns the result
//!   into a [`DocumentCheck`](crate::model::query::DocumentCheck);
//! - [`check_vin`]: vehicle identification numbers (ISO 3779), check digit
//!   and manufacturer's region;
//! - [`check_digit()`]: the Doc 9303 7-3-1 check digit (and the
//!   [`check_digit`](mod@check_digit) module, over bytes).
//!
//! The rules (what is an error and what a warning, the OCR repair table of
//! lenient mode, how two-digit years are resolved) are in [`mrz`] and
//! [`vin`]; everything is re-exported here.
//!
//! Check digits never make a document unreadable: a document under check
//! may be forged or mis-registered, so a digit that does not verify is a
//! warning naming the field. Errors are kept for input that is not a zone
//! or a VIN at all.
//!
//! ```
//! use chrono::NaiveDate;
//! use ncblink::travel::{check_vin, parse_mrz, ParseOptions};
//!
//! let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
//! let zone = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6";
//! let mrz = parse_mrz(zone, &ParseOptions::strict(today)).unwrap();
//! assert_eq!(mrz.to_document_check().number, "D23145890");
//! assert!(check_vin("1M8GDM9AXKP042788").unwrap().check_digit_valid);
//! ```

pub mod check_digit;
pub mod mrz;
pub mod vin;

pub use check_digit::check_digit;
pub use mrz::{
    CheckDigitResult, Mrz, MrzError, MrzErrorCode, MrzField, MrzFormat, MrzWarning, MrzWarningCode, ParseMode,
    ParseOptions, parse_mrz, parse_mrz_lines,
};
pub use vin::{
    VinError, VinErrorCode, VinRegion, VinReport, VinWarning, VinWarningCode, check_digit_mandatory, check_vin,
    vin_check_digit,
};
