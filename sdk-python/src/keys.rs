//! `SigningKey`: an Ed25519 signing key and its id in the hub's directory.
//! Generating, reading (key file, PEM PKCS#8, raw bytes) and the public
//! JWK are the core's (`ncblink::sign`); this only converts.

use std::path::PathBuf;

use ncblink::sign::{self, Jwk};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::pyjson::answer;

/// An Ed25519 signing key and its id (``kid``) in the hub's directory.
/// Its ``repr`` shows the kid only: the secret never appears in output.
#[pyclass(module = "ncblink._native", frozen)]
pub struct SigningKey {
    pub(crate) key: sign::SigningKey,
    pub(crate) kid: String,
}

fn checked_kid(key: &sign::SigningKey, kid: String) -> PyResult<String> {
    Jwk::new(&key.verifying_key(), &kid)
        .verifying_key()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(kid)
}

fn new(key: sign::SigningKey, kid: String) -> PyResult<SigningKey> {
    let kid = checked_kid(&key, kid)?;
    Ok(SigningKey { key, kid })
}

fn not_a_key(what: &str) -> PyErr {
    // Never quotes the input: it may be a secret.
    PyValueError::new_err(format!("{what}: {}", sign::SignatureError::BadSigningKey))
}

#[pymethods]
impl SigningKey {
    /// A new random key named ``kid``.
    #[staticmethod]
    fn generate(kid: String) -> PyResult<SigningKey> {
        let key = sign::generate_signing_key().map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        new(key, kid)
    }

    /// Reads a key file as ``ncblink keys generate`` writes it, or a PEM
    /// PKCS#8 Ed25519 private key file.
    #[staticmethod]
    fn from_file(path: PathBuf, kid: String) -> PyResult<SigningKey> {
        let text = std::fs::read(&path).map_err(PyErr::from)?;
        let text = std::str::from_utf8(&text).map_err(|_| not_a_key("the key file"))?;
        new(
            sign::decode_signing_key(text).map_err(|_| not_a_key("the key file"))?,
            kid,
        )
    }

    /// Reads a PEM PKCS#8 Ed25519 private key (``str`` or ``bytes``), as
    /// OpenSSL and ``cryptography`` write it.
    #[staticmethod]
    fn from_pem(pem: &Bound<'_, PyAny>, kid: String) -> PyResult<SigningKey> {
        let text: String = if let Ok(b) = pem.cast::<PyBytes>() {
            String::from_utf8(b.as_bytes().to_vec()).map_err(|_| not_a_key("the PEM text"))?
        } else if let Ok(s) = pem.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else {
            return Err(PyTypeError::new_err("pem must be str or bytes"));
        };
        if !text.trim_start().starts_with("-----BEGIN") {
            return Err(not_a_key("the PEM text"));
        }
        new(
            sign::decode_signing_key(&text).map_err(|_| not_a_key("the PEM text"))?,
            kid,
        )
    }

    /// A key from its 32 raw secret bytes.
    #[staticmethod]
    fn from_bytes(raw: &[u8], kid: String) -> PyResult<SigningKey> {
        new(
            sign::signing_key_from_raw(raw).map_err(|_| not_a_key("the raw key"))?,
            kid,
        )
    }

    /// The key's id in the directory.
    #[getter]
    fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key: 32 bytes in base64url without padding (a JWK's ``x``).
    #[getter]
    fn public_key(&self) -> String {
        sign::encode_public_key(&self.key.verifying_key())
    }

    /// The public key as a JWK (RFC 8037), to publish in the directory.
    fn public_jwk(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        answer(Jwk::new(&self.key.verifying_key(), &self.kid))(py)
    }

    /// The 32 secret bytes (handle with care).
    fn secret_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.key.to_bytes())
    }

    /// The key file's text, as ``ncblink keys generate`` writes it (the
    /// secret in base64url on one line): store it readable by its owner
    /// only.
    fn export(&self) -> String {
        format!("{}\n", sign::encode_signing_key(&self.key))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("SigningKey(kid={})", PyString::new(py, &self.kid).repr()?))
    }
}
