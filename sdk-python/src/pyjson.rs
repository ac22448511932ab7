//! `serde_json::Value` → Python objects, for the hub's answers: objects
//! become `dict`, arrays `list`, and the rest `str`, `int`, `float`, `bool`
//! and `None`, as `json.loads` would give them.
//!
//! Building the objects directly from the value costs less than writing
//! JSON text and calling `json.loads` on it (`bench/checks_bench.py
//! --convert` measures both). The values come from serde, whose recursion
//! limit (128) bounds the depth.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;
use serde_json::Value;

/// The Python form of `value`.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(PyString::new(py, k), to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A serialisable value as a JSON value, done where no interpreter is
/// needed (while detached, or on a runtime thread).
pub fn value_of<T: Serialize>(v: &T) -> Result<Value, ncblink::Error> {
    serde_json::to_value(v).map_err(|e| ncblink::Error::Config(format!("serialising an answer: {e}")))
}
