//! Free text with its language: the original as written by the source and
//! translations into the working languages, each marked human or machine.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::open::{Extensions, open_enum};

use super::codes::{LanguageCode, WorkingLanguage};

open_enum!(
    /// Who made a translation.
    Provenance {
        /// A human translator.
        Human = "human",
        /// Machine translation, to be read with care.
        Machine = "machine",
        /// The General Secretariat's official translation.
        GsOfficial = "gs_official",
    }
);

/// One translation of a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Translation {
    /// The translated text.
    pub text: String,
    /// Who translated it.
    pub provenance: Provenance,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A free-text field in its original language, with translations.
///
/// ```
/// use ncblink::model::LocalizedText;
/// let t = LocalizedText::new("FRE", "Escroquerie en bande organisée");
/// assert_eq!(t.language.as_str(), "FRE");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LocalizedText {
    /// The language the source wrote in (ISO 639-2/B).
    pub language: LanguageCode,
    /// The text as the source wrote it.
    pub text: String,
    /// Translations into the working languages.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<WorkingLanguage, Translation>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

impl LocalizedText {
    /// A text with no translation. Panics if `language` is not three
    /// capital letters; use the struct literal for input from outside.
    pub fn new(language: &str, text: impl Into<String>) -> Self {
        LocalizedText {
            extra: Default::default(),
            language: language.parse().expect("a three-letter ISO 639-2/B code"),
            text: text.into(),
            translations: BTreeMap::new(),
        }
    }
}
