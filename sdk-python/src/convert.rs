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

/// Why an object could not be converted.
pub enum ConvertError {
    /// Not representable as JSON: becomes a `TypeError`.
    NotJson { pointer: String, what: String },
    /// Deeper than [`MAX_DEPTH`]: becomes a `JSON.TOO_DEEP` report, as for text.
    TooDeep { pointer: String },
    /// A string with a lone surrogate, which UTF-8 cannot carry: becomes a
    /// `JSON.INVALID_UTF8` report, as for bytes.
    InvalidUtf8 { pointer: String, message: String },
    /// A mapping's own `items()` raised.
    Python(PyErr),
}

impl ConvertError {
    /// What the caller gets: a `TypeError` for what is not JSON, or the
    /// parse error that the same document as JSON text would give, for a
    /// report.
    pub fn into_outcome(self) -> Result<ParseError, PyErr> {
        match self {
            ConvertError::NotJson { pointer, what } => {
                let at = if pointer.is_empty() { "/" } else { &pointer };
                Err(PyTypeError::new_err(format!("{at}: {what} is not JSON")))
            }
            ConvertError::TooDeep { pointer } => Ok(ParseError {
                code: "JSON.TOO_DEEP",
                pointer,
                message: format!("more than {MAX_DEPTH} nested arrays and objects"),
            }),
            ConvertError::InvalidUtf8 { pointer, message } => Ok(ParseError {
                code: "JSON.INVALID_UTF8",
                pointer,
                message,
            }),
            ConvertError::Python(e) => Err(e),
        }
    }
}

/// A failure on the way down, with the path to it collected on the way up
/// (innermost segment first), so that the happy path builds no path at all.
struct Failure {
    kind: FailureKind,
    path: Vec<Segment>,
}

enum FailureKind {
    NotJson(String),
    TooDeep,
    InvalidUtf8(String),
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

    fn into_error(self) -> ConvertError {
        let mut pointer = String::new();
        for seg in self.path.iter().rev() {
            pointer.push('/');
            match seg {
                Segment::Key(k) => escape_into(&mut pointer, k),
                Segment::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        match self.kind {
            FailureKind::NotJson(what) => ConvertError::NotJson { pointer, what },
            FailureKind::TooDeep => ConvertError::TooDeep { pointer },
            FailureKind::InvalidUtf8(message) => ConvertError::InvalidUtf8 { pointer, message },
            FailureKind::Python(e) => ConvertError::Python(e),
        }
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
pub fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, ConvertError> {
    convert(obj, 0).map_err(|f| f.into_error())
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
