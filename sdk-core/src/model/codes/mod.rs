//! Code lists: countries (ISO 3166-1 alpha-2 and ICAO 9303 alpha-3, never
//! mixed implicitly), languages (ISO 639-2 bibliographic, as INTERPOL
//! writes them), the four working languages, and INTERPOL's own lists
//! (sex, eye and hair colours, document and loss types).
//!
//! Every code has a label in Arabic, English, French and Spanish. Country
//! and language labels come from the iso-codes project (see [`tables`]);
//! the labels of INTERPOL's own lists are ours, in [`interpol`].
//!
//! ```
//! use ncblink::model::{CountryCode, IcaoCode, WorkingLanguage};
//! let de: CountryCode = "DE".parse().unwrap();
//! assert_eq!(de.to_icao().unwrap().as_str(), "D"); // ICAO writes Germany as D
//! let xxa: IcaoCode = "XXA".parse().unwrap();
//! assert!(xxa.is_known() && xxa.to_iso().is_none()); // stateless: no country
//! assert_eq!(de.label(WorkingLanguage::Fr), Some("Allemagne"));
//! ```

mod code;
pub mod interpol;
pub mod tables;

pub use code::{CodeFormatError, CountryCode, IcaoCode, LanguageCode};
pub use interpol::{DocumentType, EyeColour, HairColour, LossType, Sex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A label in each of INTERPOL's four working languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// Arabic.
    pub ar: &'static str,
    /// English.
    pub en: &'static str,
    /// French.
    pub fr: &'static str,
    /// Spanish.
    pub es: &'static str,
}

impl Labels {
    /// The label in one working language.
    pub fn get(&self, lang: WorkingLanguage) -> &'static str {
        match lang {
            WorkingLanguage::Ar => self.ar,
            WorkingLanguage::En => self.en,
            WorkingLanguage::Fr => self.fr,
            WorkingLanguage::Es => self.es,
        }
    }
}

/// One row of the country table.
#[derive(Debug)]
pub struct CountryEntry {
    /// ISO 3166-1 alpha-2 (`DE`).
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 (`DEU`).
    pub alpha3: &'static str,
    /// ISO 3166-1 numeric (`276`).
    pub numeric: &'static str,
    /// The ICAO Doc 9303 code, which differs from alpha-3 for Germany (`D`).
    pub icao: &'static str,
    /// The short name in the four working languages.
    pub labels: Labels,
}

/// Where ICAO Doc 9303 Part 3, section 5, lets a code that is not a
/// country stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IcaoUse {
    /// The issuing State or organisation field only (`XPO`, `EUE`, `XCE`…):
    /// an organisation issues documents but confers no nationality.
    Issuer,
    /// The holder's nationality field only (`XXA` stateless, `GBD`…): no
    /// authority issues documents under it (the United Kingdom issues as `GBR`).
    Nationality,
    /// Both (`UNK`, `RKS`).
    Both,
}

/// One ICAO Doc 9303 Part 3 code that is not a country (`XXA`, `XPO`, `EUE`…).
#[derive(Debug)]
pub struct IcaoSpecialEntry {
    /// The code.
    pub code: &'static str,
    /// Where it may stand: issuer, nationality or both.
    pub usage: IcaoUse,
    /// What it denotes, in the four working languages.
    pub labels: Labels,
}

/// One row of the language table.
#[derive(Debug)]
pub struct LanguageEntry {
    /// ISO 639-2/B, upper case, as INTERPOL writes it (`FRE`, `GER`).
    pub bibliographic: &'static str,
    /// ISO 639-2/T, upper case (`FRA`, `DEU`).
    pub terminology: &'static str,
    /// ISO 639-1 where one exists (`fr`), else empty.
    pub alpha2: &'static str,
    /// The name in the four working languages.
    pub labels: Labels,
}

/// INTERPOL's four working languages: requests, notices and reports may be
/// in any of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WorkingLanguage {
    /// Arabic.
    Ar,
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
}

impl WorkingLanguage {
    /// All four, in INTERPOL's alphabetical order.
    pub const ALL: [WorkingLanguage; 4] = [
        WorkingLanguage::Ar,
        WorkingLanguage::En,
        WorkingLanguage::Fr,
        WorkingLanguage::Es,
    ];

    /// The ISO 639-1 code (`ar`).
    pub fn code(self) -> &'static str {
        match self {
            WorkingLanguage::Ar => "ar",
            WorkingLanguage::En => "en",
            WorkingLanguage::Fr => "fr",
            WorkingLanguage::Es => "es",
        }
    }

    /// The ISO 639-2/B code INTERPOL uses for the same language (`ARA`).
    pub fn bibliographic(self) -> LanguageCode {
        self.bibliographic_str()
            .parse()
            .unwrap_or_else(|_| unreachable!("static three-letter code"))
    }

    /// [`bibliographic`](Self::bibliographic) as text.
    pub fn bibliographic_str(self) -> &'static str {
        match self {
            WorkingLanguage::Ar => "ARA",
            WorkingLanguage::En => "ENG",
            WorkingLanguage::Fr => "FRE",
            WorkingLanguage::Es => "SPA",
        }
    }

    /// Parses `ar`, `en`, `fr` or `es` (any case).
    pub fn from_code(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "ar" => Some(WorkingLanguage::Ar),
            "en" => Some(WorkingLanguage::En),
            "fr" => Some(WorkingLanguage::Fr),
            "es" => Some(WorkingLanguage::Es),
            _ => None,
        }
    }
}
