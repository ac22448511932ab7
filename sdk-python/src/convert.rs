//! Python objects → `serde_json::Value`, for documents passed as dicts.
//!
//! The converter accepts what `json.dumps` writes as JSON without options:
//! `dict` with `str` keys, `list` and `tuple`, `str`, `int`, finite `float`,
//! `bool` and `None` (subclasses included), and also any other
//! `collections.abc.Mapping` (a `TypedDict` is typed as one). Anything else is
//! a `TypeError` naming the JSON Pointer of the offending value. Nesting is
//! limited to [`MAX_DEPTH`] containers, as serde_json limits JSON text, so a
//! dict nested 100,000 deep (or one that contains itself) is a clean
//! `JSON.TOO_DEEP` report and never a C stack overflow: the recursion is
//! bounded by the limit, not by the input.

use ncblink::json::ParseError;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// The deepest nesting of containers accepted: serde_json's recursion
/// limit of 128 lets 127 containers nest, so that a dict and its JSON text
/// get the same answer.
pub const MAX_DEPTH: usize = 127;

/// A converted document.
pub enum Converted {
    /// The JSON value.
    Value(Value),
    /// A document that is JSON in Python's eyes but that JSON text could not
    /// carry either: the parse error the core gives such text (too deep, not
    /// UTF-8), for a report.
    Unreadable(ParseError),
}

/// A failure on the way down, with the path to it collected on the way up
/// (innermost segment first), so that the happy path builds no path at all.
struct Failure {
    kind: FailureKind,
    path: Vec<Segment>,
}

enum FailureKind {
    /// Not JSON (what it is).
    NotJson(String),
    /// Deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A string with a lone surrogate, which UTF-8 cannot carry.
    InvalidUtf8(String),
    /// A mapping's own `items()` raised.
    Python(PyErr),
}

enum Segment {
    Key(String),
    Index(usize),
}

impl Failure {
    fn new(kind: FailureKind) -> Box<Self> {
        Box::new(Failure { kind, path: Vec::new() })
    }

    /// What the caller gets: a report for what JSON text could not carry
    /// either, a `TypeError` naming the path for what is not JSON.
    fn into_outcome(self) -> PyResult<Converted> {
        let mut pointer = String::new();
        for seg in self.path.iter().rev() {
            pointer.push('/');
            match seg {
                Segment::Key(k) => escape_into(&mut pointer, k),
                Segment::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        let (code, message) = match self.kind {
            FailureKind::NotJson(what) => {
                let at = if pointer.is_empty() { "/" } else { &pointer };
                return Err(PyTypeError::new_err(format!("{at}: {what} is not JSON")));
            }
            FailureKind::Python(e) => return Err(e),
            FailureKind::TooDeep => (
                "JSON.TOO_DEEP",
                format!("more than {MAX_DEPTH} nested arrays and objects"),
            ),
            FailureKind::InvalidUtf8(message) => ("JSON.INVALID_UTF8", message),
        };
        Ok(Converted::Unreadable(ParseError { code, pointer, message }))
    }
}

/// Appends `key` to a JSON Pointer with RFC 6901 escaping.
fn escape_into(out: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Converts `obj` to a JSON value.
pub fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Converted> {
    match convert(obj, 0) {
        Ok(v) => Ok(Converted::Value(v)),
        Err(f) => f.into_outcome(),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

fn string(s: &Bound<'_, PyString>) -> Result<String, Box<Failure>> {
    match s.to_cow() {
        Ok(c) => Ok(c.into_owned()),
        Err(e) => Err(Failure::new(FailureKind::InvalidUtf8(e.to_string()))),
    }
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Box<Failure>> {
    // Ordered by how often each type appears in a document.
    if let Ok(s) = obj.cast::<PyString>() {
        return string(s).map(Value::String);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return object(d.iter(), depth);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return sequence(l.iter(), l.len(), depth);
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: `bool` is a subclass of `int`.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Larger integers: serde_json reads their digits as a float too.
        return match obj.extract::<f64>() {
            Ok(f) if f.is_finite() => Ok(Number::from_f64(f).map_or(Value::Null, Value::Number)),
            _ => Err(Failure::new(FailureKind::NotJson(
                "an integer too large for a JSON number".into(),
            ))),
        };
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let f = f.value();
        return match Number::from_f64(f) {
            Some(n) => Ok(Value::Number(n)),
            None => Err(Failure::new(FailureKind::NotJson(format!("the float {f}")))),
        };
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return sequence(t.iter(), t.len(), depth);
    }
    // Last: the `Mapping` check is an `isinstance` against the ABC.
    if let Ok(m) = obj.cast::<PyMapping>() {
        let items = m
            .items()
            .map_err(|e| Failure::new(FailureKind::Python(e)))?
            .iter()
            .map(|item| item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>())
            .collect::<PyResult<Vec<_>>>()
            .map_err(|e| Failure::new(FailureKind::Python(e)))?;
        return object(items.into_iter(), depth);
    }
    Err(Failure::new(FailureKind::NotJson(format!(
        "an object of type {}",
        type_name(obj)
    ))))
}

fn object<'py>(
    items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    depth: usize,
) -> Result<Value, Box<Failure>> {
    if depth >= MAX_DEPTH {
        return Err(Failure::new(FailureKind::TooDeep));
    }
    let mut map = Map::new();
    for (k, v) in items {
        let Ok(key) = k.cast::<PyString>() else {
            let what = format!("a key of type {} ({})", type_name(&k), repr(&k));
            return Err(Failure::new(FailureKind::NotJson(what)));
        };
        let key = string(key)?;
        match convert(&v, depth + 1) {
            Ok(value) => {
                map.insert(key, value);
            }
            Err(mut f) => {
                f.path.push(Segment::Key(key));
                return Err(f);
            }
        }
    }
    Ok(Value::Object(map))
}

fn sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    depth: usize,
) -> Result<Value, Box<Failure>> {
    if depth >= MAX_DEPTH {
        return Err(Failure::new(FailureKind::TooDeep));
    }
    let mut out = Vec::with_capacity(len);
    for (i, item) in items.enumerate() {
        match convert(&item, depth + 1) {
            Ok(v) => out.push(v),
            Err(mut f) => {
                f.path.push(Segment::Index(i));
                return Err(f);
            }
        }
    }
    Ok(Value::Array(out))
}

/// A short `repr` for error messages.
fn repr(obj: &Bound<'_, PyAny>) -> String {
    let r = obj.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".into());
    if r.chars().count() > 40 {
        let cut: String = r.chars().take(40).collect();
        format!("{cut}…")
    } else {
        r
    }
}
