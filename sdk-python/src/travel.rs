//! `ncblink.travel`: machine-readable zones and VINs, read by the core
//! (`ncblink::travel`). Results are dicts (the core's serde form: dates as
//! `YYYY-MM-DD`, codes as strings); a zone's dict also carries the
//! `document_check` it makes (`Mrz::to_document_check`), ready for
//! `Client.check_document`. Input that is not a zone or a VIN raises
//! `MrzError` or `VinError` (both `ValueError`s) with the core's stable
//! `.code`.

use chrono::NaiveDate;
use ncblink::travel::{self, ParseMode, ParseOptions};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyList, PyString, PyTuple};

use crate::errors;
use crate::pyjson::to_py;

fn today(value: Option<&Bound<'_, PyAny>>) -> PyResult<NaiveDate> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(chrono::Utc::now().date_naive());
    };
    let text: String = if value.is_instance_of::<PyDate>() {
        // A datetime is a date too: its date part counts.
        let date = if value.is_instance_of::<PyDateTime>() {
            value.call_method0("date")?
        } else {
            value.clone()
        };
        date.call_method0("isoformat")?.extract()?
    } else if let Ok(s) = value.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        return Err(PyTypeError::new_err(format!(
            "today must be a date or a YYYY-MM-DD string, not {}",
            value.get_type().name()?
        )));
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| PyValueError::new_err(format!("today: {text:?} is not a YYYY-MM-DD date ({e})")))
}

fn mode(mode: &str) -> PyResult<ParseMode> {
    match mode {
        "strict" => Ok(ParseMode::Strict),
        "lenient" => Ok(ParseMode::Lenient),
        other => Err(PyValueError::new_err(format!(
            "mode must be 'strict' or 'lenient', not {other:?}"
        ))),
    }
}

fn as_dict<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyDict>> {
    Ok(to_py(py, value)?.cast_into::<PyDict>()?)
}

/// Reads a machine-readable zone: one string (lines separated by `\n`) or
/// a list of lines.
#[pyfunction]
#[pyo3(signature = (lines, *, mode = "strict", today = None))]
pub fn parse_mrz<'py>(
    py: Python<'py>,
    lines: &Bound<'py, PyAny>,
    mode: &str,
    today: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = ParseOptions {
        today: self::today(today)?,
        mode: self::mode(mode)?,
    };
    let parsed = if let Ok(s) = lines.cast::<PyString>() {
        travel::parse_mrz(&s.to_cow()?, &options)
    } else if lines.is_instance_of::<PyList>() || lines.is_instance_of::<PyTuple>() {
        let owned: Vec<String> = lines.extract()?;
        let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        travel::parse_mrz_lines(&refs, &options)
    } else {
        return Err(PyTypeError::new_err(format!(
            "lines must be a str or a list of str, not {}",
            lines.get_type().name()?
        )));
    };
    let mrz = match parsed {
        Ok(m) => m,
        Err(e) => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("code", e.code.as_str())?;
            kwargs.set_item("field", e.field.map(|f| f.as_str()))?;
            kwargs.set_item("line", e.line)?;
            kwargs.set_item("position", e.position)?;
            return Err(errors::new_with(
                py,
                errors::Kind::Mrz,
                (e.to_string(),),
                Some(&kwargs),
            )?);
        }
    };
    let dict = as_dict(py, &mrz)?;
    dict.set_item("check_digits_valid", mrz.check_digits_valid())?;
    dict.set_item("document_check", as_dict(py, &mrz.to_document_check())?)?;
    Ok(dict)
}

/// Checks a vehicle identification number (ISO 3779).
#[pyfunction]
pub fn check_vin<'py>(py: Python<'py>, vin: &str) -> PyResult<Bound<'py, PyDict>> {
    match travel::check_vin(vin) {
        Ok(report) => as_dict(py, &report),
        Err(e) => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("code", e.code.as_str())?;
            kwargs.set_item("position", e.position)?;
            Err(errors::new_with(
                py,
                errors::Kind::Vin,
                (e.to_string(),),
                Some(&kwargs),
            )?)
        }
    }
}
