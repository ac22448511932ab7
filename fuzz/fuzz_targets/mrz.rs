//! Machine-readable zones, strict and lenient.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use ncblink::travel::{ParseOptions, parse_mrz};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(today) = NaiveDate::from_ymd_opt(2026, 12, 1) else {
        return;
    };
    let _ = parse_mrz(text, &ParseOptions::strict(today));
    let _ = parse_mrz(text, &ParseOptions::lenient(today));
});
