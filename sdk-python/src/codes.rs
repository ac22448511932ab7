//! The code lists for `ncblink.codes`: the core's tables, exported once at
//! import as plain tuples (the Python module builds its read-only mappings
//! from them), and the mappings between country codes, which are the
//! core's.

use ncblink::model::codes::tables::{COUNTRIES, ICAO_SPECIALS, LANGUAGES};
use ncblink::model::codes::{DocumentType, EyeColour, HairColour, Labels, LossType, Sex};
use ncblink::model::{CountryCode, IcaoCode, WorkingLanguage};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

type LabelTuple = (&'static str, &'static str, &'static str, &'static str);

fn labels(l: Labels) -> LabelTuple {
    (l.ar, l.en, l.fr, l.es)
}

macro_rules! code_list {
    ($ty:ty) => {
        <$ty>::ALL
            .iter()
            // ALL holds the known codes only: each has a static code and labels.
            .filter_map(|c| Some((c.known_code()?, labels(c.labels()?))))
            .collect::<Vec<_>>()
    };
}

/// Every table, as lists of tuples:
///
/// - `countries`: `(alpha2, alpha3, numeric, icao, labels)`;
/// - `icao_specials`: `(code, labels)`;
/// - `languages`: `(bibliographic, terminology, alpha2 or "", labels)`;
/// - `sex`, `eye_colours`, `hair_colours`, `document_types`, `loss_types`:
///   `(code, labels)`;
///
/// where `labels` is `(ar, en, fr, es)`.
#[pyfunction]
pub fn _code_tables(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(
        "countries",
        COUNTRIES
            .iter()
            .map(|c| (c.alpha2, c.alpha3, c.numeric, c.icao, labels(c.labels)))
            .collect::<Vec<_>>(),
    )?;
    d.set_item(
        "icao_specials",
        ICAO_SPECIALS
            .iter()
            .map(|s| (s.code, labels(s.labels)))
            .collect::<Vec<_>>(),
    )?;
    d.set_item(
        "languages",
        LANGUAGES
            .iter()
            .map(|l| (l.bibliographic, l.terminology, l.alpha2, labels(l.labels)))
            .collect::<Vec<_>>(),
    )?;
    d.set_item("sex", code_list!(Sex))?;
    d.set_item("eye_colours", code_list!(EyeColour))?;
    d.set_item("hair_colours", code_list!(HairColour))?;
    d.set_item("document_types", code_list!(DocumentType))?;
    d.set_item("loss_types", code_list!(LossType))?;
    Ok(d)
}

fn lang_of(lang: &str) -> PyResult<WorkingLanguage> {
    WorkingLanguage::from_code(lang)
        .ok_or_else(|| PyValueError::new_err(format!("lang must be one of 'ar', 'en', 'fr', 'es', not {lang:?}")))
}

/// The name of an ISO 3166-1 alpha-2 country in a working language, or
/// `None` for a code that is not assigned.
#[pyfunction]
#[pyo3(signature = (code, lang = "en"))]
pub fn country_label(code: &str, lang: &str) -> PyResult<Option<&'static str>> {
    let lang = lang_of(lang)?;
    Ok(code.parse::<CountryCode>().ok().and_then(|c| c.label(lang)))
}

/// The name of the state or organisation of an ICAO 9303 code (`D`, `XXA`),
/// or `None`.
#[pyfunction]
#[pyo3(signature = (code, lang = "en"))]
pub fn icao_label(code: &str, lang: &str) -> PyResult<Option<&'static str>> {
    let lang = lang_of(lang)?;
    Ok(code.parse::<IcaoCode>().ok().and_then(|c| c.label(lang)))
}

/// The ICAO 9303 code of a country (`DE` → `D`), or `None`.
#[pyfunction]
pub fn iso_to_icao(code: &str) -> Option<String> {
    code.parse::<CountryCode>()
        .ok()
        .and_then(|c| c.to_icao())
        .map(|c| c.as_str().to_string())
}

/// The ISO 3166-1 alpha-2 code of an ICAO 9303 state code (`D` → `DE`);
/// `None` for the codes that name no state (`XXA`) and unknown ones.
#[pyfunction]
pub fn icao_to_iso(code: &str) -> Option<String> {
    code.parse::<IcaoCode>()
        .ok()
        .and_then(|c| c.to_iso())
        .map(|c| c.as_str().to_string())
}
