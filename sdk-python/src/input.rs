//! Arguments in: documents given as dicts (or any mapping) or as JSON text
//! become the core's model types, and date-times become `DateTime<Utc>`.
//!
//! A document that cannot be read as the expected type is a
//! `ValidationError` whose report names the field (`FIELD.MISSING` at
//! `/body`, `FIELD.TYPE` at `/number`), the answer `validate()` gives the
//! same document; what is not JSON at all (a `set`, `NaN`) is a
//! `TypeError` naming the path, as for `validate()`.

use chrono::{DateTime, Utc};
use ncblink::validate::Report;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDateTime, PyMapping, PyString};
use serde::de::DeserializeOwned;

use crate::convert::{self, Converted};
use crate::errors;

/// Why a document could not be read: an exception ready to raise, or a
/// report (kept apart so that a batch can name the item in its pointers).
pub enum Unreadable {
    /// Not a document at all (`TypeError`), or a Python error on the way.
    Raise(PyErr),
    /// A document of the wrong shape: the report of its parse error.
    Report(Report),
}

impl Unreadable {
    /// The exception to raise; `index` prefixes the report's pointers with
    /// the item's position in a batch.
    pub fn into_err(self, py: Python<'_>, index: Option<usize>) -> PyErr {
        match self {
            Unreadable::Raise(e) => e,
            Unreadable::Report(mut report) => {
                if let Some(i) = index {
                    for v in &mut report.violations {
                        v.pointer = format!("/{i}{}", v.pointer);
                    }
                }
                errors::validation(py, report).unwrap_or_else(|e| e)
            }
        }
    }
}

fn from_parse<T>(r: Result<T, ncblink::json::ParseError>) -> Result<T, Unreadable> {
    r.map_err(|e| Unreadable::Report(ncblink::validate::report_of_parse_error(&e)))
}

/// Reads `obj` as a `T`: a mapping through the converter, JSON text
/// (`str`, `bytes`, `bytearray`) through the core's parser. `what` names
/// the argument in a `TypeError` ("the envelope").
pub fn read<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> Result<T, Unreadable> {
    if obj.is_instance_of::<PyMapping>() {
        let value = match convert::to_value(obj).map_err(Unreadable::Raise)? {
            Converted::Value(v) => v,
            Converted::Unreadable(e) => return from_parse(Err(e)),
        };
        // Fast path without path tracking; only a document that fails is
        // read again by the core, which names the field.
        if let Ok(doc) = T::deserialize(&value) {
            return Ok(doc);
        }
        return from_parse(ncblink::json::from_value::<T>(value));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return from_parse(ncblink::json::parse::<T>(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow() {
            Ok(text) => from_parse(ncblink::json::parse::<T>(text.as_bytes())),
            // A lone surrogate: the text cannot be UTF-8.
            Err(e) => from_parse(Err(ncblink::json::ParseError {
                code: "JSON.INVALID_UTF8",
                pointer: String::new(),
                message: e.to_string(),
            })),
        };
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return from_parse(ncblink::json::parse::<T>(&b.to_vec()));
    }
    let got = if obj.is_none() {
        "None".to_string()
    } else {
        match obj.get_type().name() {
            Ok(n) => format!("an object of type {n}"),
            Err(e) => return Err(Unreadable::Raise(e)),
        }
    };
    Err(Unreadable::Raise(PyTypeError::new_err(format!(
        "{what} must be a dict (or another mapping) or JSON text in str or bytes; got {got}"
    ))))
}

/// [`read`], raising what it could not read.
pub fn document<T: DeserializeOwned>(py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    read(obj, what).map_err(|e| e.into_err(py, None))
}

/// A signed document as JSON bytes: JSON text (`str`, `bytes`) as it is,
/// so a signature is checked over what arrived; a mapping serialised once.
pub fn json_bytes(py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    let value: serde_json::Value = document(py, obj, what)?;
    serde_json::to_vec(&value).map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

/// A date-time argument: an aware `datetime` or an RFC 3339 string.
pub fn instant(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DateTime<Utc>> {
    let text = if obj.is_instance_of::<PyDateTime>() {
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(PyValueError::new_err(format!(
                "{name} must be timezone-aware, e.g. datetime.now(timezone.utc)"
            )));
        }
        obj.call_method0("isoformat")?.extract::<String>()?
    } else if let Ok(s) = obj.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a datetime or an RFC 3339 string, not {}",
            obj.get_type().name()?
        )));
    };
    DateTime::parse_from_rfc3339(&text).map(|d| d.to_utc()).map_err(|e| {
        PyValueError::new_err(format!(
            "{name}: {text:?} is not an RFC 3339 date-time with an offset, like 2026-06-01T00:00:00Z ({e})"
        ))
    })
}
