//! Country and language tables.
//! Placeholder: `cargo xtask codelists` writes the real table.
use super::{CountryEntry, IcaoSpecialEntry, LanguageEntry};
/// Countries, sorted by alpha-2.
pub static COUNTRIES: &[CountryEntry] = &[];
/// ICAO specials.
pub static ICAO_SPECIALS: &[IcaoSpecialEntry] = &[];
/// Languages, sorted by bibliographic code.
pub static LANGUAGES: &[LanguageEntry] = &[];
