//! The constructor arguments of `Client` and `AsyncClient`, checked and
//! turned into the core's `ClientBuilder`.
//!
//! Files (`cert`, `key`, `ca`, `signing_key`) are given as a path or as
//! their content in `bytes`. Secrets (the token, the keys) go to the core
//! and are not kept here: nothing of them reaches a `repr`, a message or an
//! exception.

use std::path::PathBuf;
use std::time::Duration;

use ncblink::client::RetryPolicy;
use ncblink::model::NcbCode;
use ncblink::sign::SigningKey;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors;

/// What a client shows of itself.
#[derive(Clone, Debug)]
pub struct Identity {
    /// The hub URL without any user information.
    pub hub_url: String,
    /// The NCB the client acts for.
    pub ncb: String,
}

impl Identity {
    /// `Client(hub_url='…', ncb='FR')`.
    pub fn repr(&self, class: &str, closed: bool) -> String {
        let state = if closed { ", closed" } else { "" };
        format!(
            "{class}(hub_url={}, ncb={}{state})",
            quoted(&self.hub_url),
            quoted(&self.ncb)
        )
    }
}

/// `'text'` as Python's `repr` writes a str without quotes or
/// backslashes; escaped otherwise.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A URL with `user:password@` replaced by `***@`: a URL may carry
/// credentials, and a `repr` is printed in logs.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..scheme_end + 3], &rest[at..]),
        None => url.to_string(),
    }
}

/// The bytes of a file argument: its content when `bytes`, else read from
/// the path (`str` or `os.PathLike`).
fn file_bytes(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    let path: PathBuf = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a path (str or os.PathLike) or the file's content in bytes"
        ))
    })?;
    std::fs::read(&path).map_err(PyErr::from)
}

/// A signing key: the 32-byte secret in `bytes`, or the path of a key file
/// as `ncblink keys generate` writes it (base64url on one line) or a PEM
/// PKCS#8 Ed25519 key. Errors never quote the file.
fn signing_key(obj: &Bound<'_, PyAny>) -> PyResult<SigningKey> {
    let not_a_key =
        || PyValueError::new_err("signing_key is neither 32 bytes nor a file written by `ncblink keys generate`");
    if let Ok(b) = obj.cast::<PyBytes>() {
        return ncblink::sign::signing_key_from_raw(b.as_bytes()).map_err(|_| not_a_key());
    }
    let text = file_bytes(obj, "signing_key")?;
    let text = std::str::from_utf8(&text).map_err(|_| not_a_key())?;
    ncblink::sign::decode_signing_key(text).map_err(|_| not_a_key())
}

fn seconds(value: f64, name: &str) -> PyResult<Duration> {
    if !(value.is_finite() && value > 0.0) {
        return Err(PyValueError::new_err(format!(
            "{name} must be a positive number of seconds, not {value}"
        )));
    }
    Duration::try_from_secs_f64(value).map_err(|e| PyValueError::new_err(format!("{name}: {e}")))
}

/// The constructor's arguments.
pub struct Options<'a, 'py> {
    pub hub_url: &'a str,
    pub ncb: &'a str,
    pub token: Option<String>,
    pub cert: Option<&'a Bound<'py, PyAny>>,
    pub key: Option<&'a Bound<'py, PyAny>>,
    pub ca: Option<&'a Bound<'py, PyAny>>,
    pub signing_key: Option<&'a Bound<'py, PyAny>>,
    pub kid: Option<String>,
    pub outbox: Option<PathBuf>,
    pub connect_timeout: f64,
    pub request_timeout: f64,
    pub max_retries: i64,
    pub batch_concurrency: i64,
    pub forward_unknown: bool,
}

impl Options<'_, '_> {
    /// Checks every argument and configures the core client.
    pub fn builder(self, py: Python<'_>) -> PyResult<(ncblink::ClientBuilder, Identity)> {
        let config_error =
            |msg: String| -> PyErr { errors::new(py, errors::Kind::Config, (msg,)).unwrap_or_else(|e| e) };
        let ncb: NcbCode = self
            .ncb
            .parse()
            .map_err(|e| config_error(format!("ncb {:?}: {e}", self.ncb)))?;
        let max_retries = u32::try_from(self.max_retries)
            .map_err(|_| PyValueError::new_err(format!("max_retries must be 0 or more, not {}", self.max_retries)))?;
        let batch_concurrency = usize::try_from(self.batch_concurrency)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "batch_concurrency must be 1 or more, not {}",
                    self.batch_concurrency
                ))
            })?;
        let mut b = ncblink::Client::builder(self.hub_url, ncb)
            .connect_timeout(seconds(self.connect_timeout, "connect_timeout")?)
            .request_timeout(seconds(self.request_timeout, "request_timeout")?)
            .retry_policy(RetryPolicy {
                max_retries,
                ..RetryPolicy::default()
            })
            .batch_concurrency(batch_concurrency)
            .forward_unknown(self.forward_unknown);
        if let Some(token) = self.token {
            b = b.token(token);
        }
        match (self.cert, self.key) {
            (Some(cert), Some(key)) => b = b.client_certificate(file_bytes(cert, "cert")?, file_bytes(key, "key")?),
            (None, None) => {}
            _ => return Err(PyValueError::new_err("cert and key go together (mutual TLS)")),
        }
        if let Some(ca) = self.ca {
            b = b.add_root_certificate(file_bytes(ca, "ca")?);
        }
        let typed = self
            .signing_key
            .and_then(|k| k.cast::<crate::keys::SigningKey>().ok())
            .map(|k| (k.get().key.clone(), k.get().kid.clone()));
        match (typed, self.signing_key, self.kid) {
            (Some((key, kid)), _, None) => b = b.signing_key(key, kid),
            (Some((key, own)), _, Some(kid)) if own == kid => b = b.signing_key(key, kid),
            (Some(_), _, Some(_)) => {
                return Err(PyValueError::new_err(
                    "kid differs from the SigningKey's own kid: leave kid out with a SigningKey",
                ));
            }
            (None, Some(key), Some(kid)) => b = b.signing_key(signing_key(key)?, kid),
            (None, None, None) => {}
            _ => {
                return Err(PyValueError::new_err(
                    "signing_key and kid go together: the key, and its id in the hub's directory",
                ));
            }
        }
        if let Some(path) = self.outbox {
            b = b.outbox_path(path);
        }
        let identity = Identity {
            hub_url: redact(self.hub_url),
            ncb: ncb.to_string(),
        };
        Ok((b, identity))
    }
}
