//! The code newtypes. Parsing checks the form (letters, length); whether a
//! code is on its list is a validation rule (`FIELD.COUNTRY_UNKNOWN`…), so
//! that one document reports all its unknown codes at once.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::tables::{COUNTRIES, ICAO_SPECIALS, LANGUAGES};
use super::{CountryEntry, IcaoSpecialEntry, IcaoUse, LanguageEntry, WorkingLanguage};
use crate::validate::fields;

/// Why a string is not a code of the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not {expected}")]
pub struct CodeFormatError {
    /// The offending value (at most 16 characters of it).
    pub value: String,
    /// What was expected.
    pub expected: &'static str,
}

macro_rules! letter_code {
    ($(#[$m:meta])* $name:ident, $tag:path, $min:literal, $max:literal, $expected:literal, $pattern:literal) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name { bytes: [u8; 3], len: u8 }

        impl $name {
            /// The code as text.
            pub fn as_str(&self) -> &str {
                // Only ASCII capitals are ever stored.
                std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
            }
        }

        impl FromStr for $name {
            type Err = CodeFormatError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let b = s.as_bytes();
                if b.len() < $min || b.len() > $max || !b.iter().all(u8::is_ascii_uppercase) {
                    return Err(CodeFormatError { value: s.chars().take(16).collect(), expected: $expected });
                }
                let mut bytes = [0u8; 3];
                bytes[..b.len()].copy_from_slice(b);
                Ok($name { bytes, len: b.len() as u8 })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                // A named newtype lets the validation walker find every code.
                s.serialize_newtype_struct($tag, self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = Cow::<str>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> { stringify!($name).into() }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "pattern": $pattern, "description": $expected })
            }
        }
    };
}

letter_code!(
    /// An ISO 3166-1 alpha-2 country code (`FR`), as the public notices API
    /// and NCB codes use.
    CountryCode, fields::COUNTRY, 2, 2, "an ISO 3166-1 alpha-2 country code (two capital letters)", "^[A-Z]{2}$"
);
letter_code!(
    /// An ICAO Doc 9303 code for a state or organisation (`FRA`, `D`,
    /// `XXA`), as machine-readable travel documents and SLTD use.
    IcaoCode, fields::ICAO, 1, 3, "an ICAO 9303 state code (one to three capital letters)", "^[A-Z]{1,3}$"
);
letter_code!(
    /// An ISO 639-2 bibliographic language code in capitals (`FRE`, `GER`,
    /// `ENG`), as INTERPOL writes languages.
    LanguageCode, fields::LANGUAGE, 3, 3, "an ISO 639-2/B language code (three capital letters)", "^[A-Z]{3}$"
);

impl CountryCode {
    /// The table row, when the code is an assigned ISO 3166-1 code.
    pub fn entry(&self) -> Option<&'static CountryEntry> {
        COUNTRIES
            .binary_search_by(|e| e.alpha2.cmp(self.as_str()))
            .ok()
            .map(|i| &COUNTRIES[i])
    }
    /// Whether the code is an assigned ISO 3166-1 code.
    pub fn is_known(&self) -> bool {
        self.entry().is_some()
    }
    /// The ICAO code of the same state (`DE` → `D`).
    pub fn to_icao(&self) -> Option<IcaoCode> {
        self.entry().and_then(|e| e.icao.parse().ok())
    }
    /// The country's name in a working language.
    pub fn label(&self, lang: WorkingLanguage) -> Option<&'static str> {
        self.entry().map(|e| e.labels.get(lang))
    }
}

impl IcaoCode {
    /// Whether the code names a state (`FRA`, `D`) rather than one of ICAO's
    /// specials (`XXA`, `EUE`…), and which.
    pub fn country(&self) -> Option<&'static CountryEntry> {
        // COUNTRIES is sorted by alpha-2; an index sorted by ICAO code keeps
        // this a binary search on the validation hot path.
        static BY_ICAO: std::sync::OnceLock<Vec<&'static CountryEntry>> = std::sync::OnceLock::new();
        let index = BY_ICAO.get_or_init(|| {
            let mut v: Vec<&'static CountryEntry> = COUNTRIES.iter().collect();
            v.sort_by_key(|e| e.icao);
            v
        });
        index
            .binary_search_by(|e| e.icao.cmp(self.as_str()))
            .ok()
            .map(|i| index[i])
    }
    /// The ISO alpha-2 code of the state, `None` for specials (`XXA`).
    pub fn to_iso(&self) -> Option<CountryCode> {
        self.country().and_then(|e| e.alpha2.parse().ok())
    }
    /// The special code's row (`XXA`, `XPO`…), `None` for a state or an
    /// unassigned code.
    pub fn special(&self) -> Option<&'static IcaoSpecialEntry> {
        ICAO_SPECIALS.iter().find(|s| s.code == self.as_str())
    }
    /// Whether ICAO assigns the code (a state or a special).
    pub fn is_known(&self) -> bool {
        self.country().is_some() || self.special().is_some()
    }
    /// Whether a document can be issued under the code: a state or an
    /// issuing organisation, not a nationality-only code such as `XXA`
    /// (stateless) or `GBD` (ICAO Doc 9303 Part 3, section 5).
    ///
    /// ```
    /// use ncblink::model::IcaoCode;
    /// let code = |s: &str| s.parse::<IcaoCode>().unwrap();
    /// assert!(code("D").is_issuer() && code("XCE").is_issuer());
    /// assert!(!code("XXA").is_issuer() && !code("GBD").is_issuer());
    /// assert!(code("XXA").is_nationality() && !code("XPO").is_nationality());
    /// ```
    pub fn is_issuer(&self) -> bool {
        self.country().is_some() || self.special().is_some_and(|s| s.usage != IcaoUse::Nationality)
    }
    /// Whether the code can stand as a holder's nationality: a state or a
    /// nationality code (`XXA`, `GBD`…), not an organisation (`XPO`).
    pub fn is_nationality(&self) -> bool {
        self.country().is_some() || self.special().is_some_and(|s| s.usage != IcaoUse::Issuer)
    }
    /// Whether the code is `UTO`, the fictitious State of Utopia that ICAO
    /// Doc 9303 uses on its specimen documents: not an assigned code.
    pub fn is_specimen(&self) -> bool {
        self.as_str() == "UTO"
    }
    /// The name of the state or of what the special code denotes.
    pub fn label(&self, lang: WorkingLanguage) -> Option<&'static str> {
        self.country()
            .map(|e| e.labels.get(lang))
            .or_else(|| self.special().map(|s| s.labels.get(lang)))
    }
}

impl LanguageCode {
    /// The table row, when the code is an ISO 639-2/B code.
    pub fn entry(&self) -> Option<&'static LanguageEntry> {
        LANGUAGES
            .binary_search_by(|e| e.bibliographic.cmp(self.as_str()))
            .ok()
            .map(|i| &LANGUAGES[i])
    }
    /// Whether the code is an ISO 639-2/B code.
    pub fn is_known(&self) -> bool {
        self.entry().is_some()
    }
    /// The language's name in a working language.
    pub fn label(&self, lang: WorkingLanguage) -> Option<&'static str> {
        self.entry().map(|e| e.labels.get(lang))
    }
    /// The working language this code denotes, if it is one of the four.
    pub fn working_language(&self) -> Option<WorkingLanguage> {
        WorkingLanguage::ALL
            .into_iter()
            .find(|w| w.bibliographic_str() == self.as_str())
    }
}
