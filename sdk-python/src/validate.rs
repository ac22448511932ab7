//! `validate(doc, lang="en", *, kind=None, now=None)` and
//! `validate_or_raise(...)`: the arguments are checked and converted while
//! attached to the interpreter; the core's parse and rules then run with
//! the GIL released, so that threads validate in parallel.

use chrono::{DateTime, Utc};
use ncblink::json::ParseError;
use ncblink::model::Envelope;
use ncblink::model::WorkingLanguage;
use ncblink::model::query::{Check, Record};
use ncblink::validate::{self as core, DocumentKind, Validate};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMapping, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::convert::{self, Converted};
use crate::errors;
use crate::report::Report;

/// The document, read while attached and ready to be checked without the GIL.
enum Input<'py> {
    /// JSON text held by a Python `bytes` object, which is immutable: it is
    /// read in place while the GIL is released.
    Bytes(Bound<'py, PyBytes>),
    /// JSON text copied out of a mutable buffer.
    Owned(Vec<u8>),
    /// A document passed as Python objects.
    Value(Value),
    /// The document is already known to be unreadable (too deep, not UTF-8).
    Unreadable(ParseError),
}

fn read_input<'py>(doc: &Bound<'py, PyAny>) -> PyResult<Input<'py>> {
    if doc.is_instance_of::<PyDict>() || doc.is_instance_of::<PyList>() || doc.is_instance_of::<PyTuple>() {
        return converted(doc);
    }
    if let Ok(b) = doc.cast::<PyBytes>() {
        return Ok(Input::Bytes(b.clone()));
    }
    if let Ok(s) = doc.cast::<PyString>() {
        return match s.encode_utf8() {
            Ok(b) => Ok(Input::Bytes(b)),
            // A lone surrogate: the text cannot be UTF-8, as for bytes that are not.
            Err(e) => Ok(Input::Unreadable(ParseError {
                code: "JSON.INVALID_UTF8",
                pointer: String::new(),
                message: e.to_string(),
            })),
        };
    }
    if let Ok(b) = doc.cast::<PyByteArray>() {
        return Ok(Input::Owned(b.to_vec()));
    }
    if doc.is_instance_of::<PyMapping>() {
        return converted(doc);
    }
    let what = if doc.is_none() {
        "None".to_string()
    } else {
        format!("an object of type {}", doc.get_type().name()?)
    };
    Err(PyTypeError::new_err(format!(
        "ncblink.validate() takes a document as a dict (or another mapping), or as JSON text in str or bytes; got {what}"
    )))
}

fn converted<'py>(doc: &Bound<'py, PyAny>) -> PyResult<Input<'py>> {
    Ok(match convert::to_value(doc)? {
        Converted::Value(v) => Input::Value(v),
        Converted::Unreadable(e) => Input::Unreadable(e),
    })
}

fn parse_lang(lang: &str) -> PyResult<WorkingLanguage> {
    WorkingLanguage::from_code(lang).ok_or_else(|| {
        PyValueError::new_err(format!(
            "lang must be one of 'ar', 'en', 'fr', 'es' (the working languages), not {lang:?}"
        ))
    })
}

fn parse_kind(kind: Option<&str>) -> PyResult<Option<DocumentKind>> {
    kind.map(|k| {
        DocumentKind::from_name(k).ok_or_else(|| {
            PyValueError::new_err(format!(
                "kind must be 'envelope', 'check', 'record' or None (detect), not {k:?}"
            ))
        })
    })
    .transpose()
}

fn parse_now(now: Option<&Bound<'_, PyAny>>) -> PyResult<DateTime<Utc>> {
    match now.filter(|n| !n.is_none()) {
        Some(now) => crate::input::instant(now, "now"),
        None => Ok(Utc::now()),
    }
}

/// Validates JSON text: the kind given, or the one the core detects.
fn run_text(input: &[u8], kind: Option<DocumentKind>, now: DateTime<Utc>) -> core::Report {
    match kind.or_else(|| DocumentKind::detect(input)) {
        Some(kind) => core::validate_json_at(kind, input, now),
        // The core's answer for a document of no known kind.
        None => core::validate_json_auto(input),
    }
}

/// Validates a document given as a value, like [`run_text`] would its text.
fn run_value(value: Value, kind: Option<DocumentKind>, now: DateTime<Utc>) -> core::Report {
    let kind = match kind {
        Some(k) => k,
        None => {
            // Detection looks at the top level only: show the core a value
            // of the same shape, without serialising the whole document.
            let probe = serde_json::to_vec(&probe_of(&value)).unwrap_or_default();
            match DocumentKind::detect(&probe) {
                Some(k) => k,
                None => return core::validate_json_auto(&probe),
            }
        }
    };
    match kind {
        DocumentKind::Envelope => check::<Envelope>(value, now),
        DocumentKind::Check => check::<Check>(value, now),
        DocumentKind::Record => check::<Record>(value, now),
    }
}

/// The top level of `value` with every member replaced by `0`.
fn probe_of(value: &Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(m.keys().map(|k| (k.clone(), Value::from(0))).collect()),
        Value::Array(a) => Value::Array(vec![Value::from(0); a.len()]),
        other => other.clone(),
    }
}

fn check<T: DeserializeOwned + Validate>(value: Value, now: DateTime<Utc>) -> core::Report {
    // Fast path without path tracking; only a document that fails is read
    // again by the core, which names the field.
    if let Ok(doc) = T::deserialize(&value) {
        return core::validate_at(&doc, now);
    }
    match ncblink::json::from_value::<T>(value) {
        Ok(doc) => core::validate_at(&doc, now),
        Err(e) => core::report_of_parse_error(&e),
    }
}

/// Runs a validation with the GIL released.
fn run(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    kind: Option<&str>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<core::Report> {
    let kind = parse_kind(kind)?;
    let now = parse_now(now)?;
    Ok(match read_input(doc)? {
        Input::Bytes(b) => {
            let text = b.as_bytes();
            py.detach(|| run_text(text, kind, now))
        }
        Input::Owned(text) => py.detach(|| run_text(&text, kind, now)),
        Input::Value(value) => py.detach(move || run_value(value, kind, now)),
        Input::Unreadable(e) => core::report_of_parse_error(&e),
    })
}

/// Validates a document (a dict, or JSON text as str or bytes) and returns
/// its report, with messages in `lang`.
#[pyfunction]
#[pyo3(signature = (doc, lang = "en", *, kind = None, now = None))]
pub fn validate(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    lang: &str,
    kind: Option<&str>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Report> {
    let lang = parse_lang(lang)?;
    Ok(Report::new(run(py, doc, kind, now)?, lang))
}

/// Like `validate`, but raises `ncblink.ValidationError` (carrying the
/// report) when the report has an error; returns the report otherwise
/// (it may hold warnings).
#[pyfunction]
#[pyo3(signature = (doc, lang = "en", *, kind = None, now = None))]
pub fn validate_or_raise(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    lang: &str,
    kind: Option<&str>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Report> {
    let lang = parse_lang(lang)?;
    let report = run(py, doc, kind, now)?;
    if report.is_ok() {
        return Ok(Report::new(report, lang));
    }
    let report = Bound::new(py, Report::new(report, lang))?;
    Err(errors::new(py, errors::Kind::Validation, (report,))?)
}
