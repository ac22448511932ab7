//! Raising the package's exceptions from Rust.
//!
//! The exception classes live in one place, `ncblink/errors.py`, because
//! their bases mix built-ins (`ValidationError(Error, ValueError)`,
//! `Timeout(Error, TimeoutError)`) and they carry attributes (`.report`,
//! `.retry_after`, `.problem`), which plain Python says best. Rust looks a
//! class up by its [`Kind`] once and caches it; the client maps each core
//! error kind onto one [`Kind`].

use pyo3::call::PyCallArgs;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// Every exception class of `ncblink.errors`, by the name it has there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `Error`, the base of them all.
    Error,
    /// `ValidationError(Error, ValueError)`: `.report`.
    Validation,
    /// `Timeout(Error, TimeoutError)`.
    Timeout,
    /// `Unauthorized(Error)`: HTTP 401.
    Unauthorized,
    /// `Forbidden(Error)`: HTTP 403.
    Forbidden,
    /// `NotFound(Error, LookupError)`: HTTP 404.
    NotFound,
    /// `Conflict(Error)`: HTTP 409.
    Conflict,
    /// `RateLimited(Error)`: HTTP 429, `.retry_after`.
    RateLimited,
    /// `TransportError(Error, ConnectionError)`: no answer from the hub.
    Transport,
    /// `ConnectError(TransportError)`: no connection to the hub.
    Connect,
    /// `DnsError(ConnectError)`: the hub's name did not resolve.
    Dns,
    /// `TlsError(TransportError)`: the TLS handshake failed.
    Tls,
    /// `HubError(Error)`: any other problem-details answer, `.problem`.
    Hub,
    /// `SignatureError(Error)`: a signature that does not verify.
    Signature,
    /// `SignatureKeyUnknown(SignatureError)`: the signature's key is not
    /// the sender's in the directory.
    SignatureKeyUnknown,
    /// `ConfigError(Error, ValueError)`: the client's configuration is wrong.
    Config,
    /// `StorageError(Error, OSError)`: the local outbox file failed.
    Storage,
    /// `MrzError(Error, ValueError)`: not a machine-readable zone; `.code`.
    Mrz,
    /// `VinError(Error, ValueError)`: not a VIN; `.code`.
    Vin,
}

impl Kind {
    /// Every kind, in the order of [`CLASSES`].
    pub const ALL: [Kind; 19] = [
        Kind::Error,
        Kind::Validation,
        Kind::Timeout,
        Kind::Unauthorized,
        Kind::Forbidden,
        Kind::NotFound,
        Kind::Conflict,
        Kind::RateLimited,
        Kind::Transport,
        Kind::Connect,
        Kind::Dns,
        Kind::Tls,
        Kind::Hub,
        Kind::Signature,
        Kind::SignatureKeyUnknown,
        Kind::Config,
        Kind::Storage,
        Kind::Mrz,
        Kind::Vin,
    ];

    /// The class name in `ncblink.errors`.
    pub fn class_name(self) -> &'static str {
        match self {
            Kind::Error => "Error",
            Kind::Validation => "ValidationError",
            Kind::Timeout => "Timeout",
            Kind::Unauthorized => "Unauthorized",
            Kind::Forbidden => "Forbidden",
            Kind::NotFound => "NotFound",
            Kind::Conflict => "Conflict",
            Kind::RateLimited => "RateLimited",
            Kind::Transport => "TransportError",
            Kind::Connect => "ConnectError",
            Kind::Dns => "DnsError",
            Kind::Tls => "TlsError",
            Kind::Hub => "HubError",
            Kind::Signature => "SignatureError",
            Kind::SignatureKeyUnknown => "SignatureKeyUnknown",
            Kind::Config => "ConfigError",
            Kind::Storage => "StorageError",
            Kind::Mrz => "MrzError",
            Kind::Vin => "VinError",
        }
    }
}

/// The classes, imported on first use (the Python package is importing
/// `_native` when this module loads, so they cannot be fetched at init).
static CLASSES: [PyOnceLock<Py<PyType>>; Kind::ALL.len()] = [const { PyOnceLock::new() }; Kind::ALL.len()];

/// The class of a kind.
pub fn class(py: Python<'_>, kind: Kind) -> PyResult<&Bound<'_, PyType>> {
    // A fieldless enum's discriminant is its position in `Kind::ALL`.
    CLASSES[kind as usize].import(py, "ncblink.errors", kind.class_name())
}

/// A new exception of `kind`, built by calling its class with `args` (and
/// keyword arguments), ready to be returned as `Err`.
pub fn new<'py, A: PyCallArgs<'py>>(py: Python<'py>, kind: Kind, args: A) -> PyResult<PyErr> {
    new_with(py, kind, args, None)
}

/// [`new`] with keyword arguments (`retry_after=`, `problem=`, `status=`).
pub fn new_with<'py, A: PyCallArgs<'py>>(
    py: Python<'py>,
    kind: Kind,
    args: A,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyErr> {
    let instance = class(py, kind)?.call(args, kwargs)?;
    Ok(PyErr::from_value(instance))
}

/// `{class name: class}` for every kind: the tests check that each kind the
/// Rust side can raise is a class of `ncblink.errors` with the right bases.
#[pyfunction]
pub fn _error_classes(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    for kind in Kind::ALL {
        d.set_item(kind.class_name(), class(py, kind)?)?;
    }
    Ok(d)
}

/// The exception of a core error: its kind picks the class, the hub's
/// problem document (when there was an answer) becomes `.problem` and its
/// status `.status`. The message is the core's, which never quotes a token
/// or a key.
pub fn from_core(py: Python<'_>, e: ncblink::Error) -> PyErr {
    raise(py, e).unwrap_or_else(|failed| failed)
}

/// The exception class of each class of the core's errors: the one
/// mapping (`tests/errors/classes.json` lists it for both faces).
pub fn kind_of_class(class: ncblink::ErrorClass) -> Kind {
    use ncblink::ErrorClass as C;
    match class {
        C::InvalidInput => Kind::Validation,
        C::Unauthorized => Kind::Unauthorized,
        C::Forbidden => Kind::Forbidden,
        C::NotFound => Kind::NotFound,
        C::Conflict => Kind::Conflict,
        C::RateLimited => Kind::RateLimited,
        C::Timeout => Kind::Timeout,
        C::Dns => Kind::Dns,
        C::Connect => Kind::Connect,
        C::Tls => Kind::Tls,
        C::Transport => Kind::Transport,
        C::Hub => Kind::Hub,
        C::Signature => Kind::Signature,
        C::SignatureKeyUnknown => Kind::SignatureKeyUnknown,
        C::Config => Kind::Config,
        C::Storage => Kind::Storage,
        // A class newer than this binding: the base class, still an `Error`.
        _ => Kind::Error,
    }
}

/// `{core class name: exception class name}`: the tests check it against
/// `tests/errors/classes.json`, the table the C tests read too.
#[pyfunction]
pub fn _error_class_map(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    for class in ncblink::ErrorClass::ALL {
        d.set_item(class.as_str(), kind_of_class(class).class_name())?;
    }
    Ok(d)
}

fn raise(py: Python<'_>, e: ncblink::Error) -> PyResult<PyErr> {
    let kind = kind_of_class(e.class());
    if kind == Kind::Validation {
        let report = e.report().cloned().unwrap_or_default();
        return validation(py, report);
    }
    let kwargs = PyDict::new(py);
    if let Some(p) = e.problem() {
        kwargs.set_item("problem", crate::pyjson::to_py(py, p)?)?;
        kwargs.set_item("status", p.status)?;
    }
    if kind == Kind::RateLimited {
        kwargs.set_item("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
    }
    new_with(py, kind, (e.to_string(),), Some(&kwargs))
}

/// `ValidationError(report)`, the report's messages in English.
pub fn validation(py: Python<'_>, report: ncblink::validate::Report) -> PyResult<PyErr> {
    let report = Bound::new(
        py,
        crate::report::Report::new(report, ncblink::model::WorkingLanguage::En),
    )?;
    new(py, Kind::Validation, (report,))
}
