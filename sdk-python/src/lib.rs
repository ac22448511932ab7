//! `ncblink._native`: the compiled half of the Python package `ncblink`.
//!
//! Bindings hold no logic: each function converts its arguments, calls the
//! core (crate `ncblink`) and converts the answer back. The Python façade in
//! `python/ncblink/` re-exports what users call; `_native.pyi` types it.
//!
//! - [`validate`]: `validate`, `validate_or_raise` (GIL released while the
//!   core works);
//! - [`report`]: the `Report` and `Violation` classes;
//! - [`convert`]: Python objects to JSON values, depth-limited;
//! - [`codes`]: the code tables and the country-code mappings;
//! - [`errors`]: raising the exceptions of `ncblink.errors` from Rust;
//! - [`client`]: `Client`, its search iterator and inbox (blocking calls,
//!   GIL released, interruptible); [`aio`]: `AsyncClient` and its async
//!   iterators (asyncio futures completed from the client's runtime);
//!   [`ops`]: the operations both share; [`runtime`]: the runtime a
//!   client owns, signal-aware waiting and fork detection; [`config`]: the
//!   constructor's arguments; [`input`]: documents in; [`pyjson`]: answers
//!   out;
//! - [`travel`]: `parse_mrz` and `check_vin`;
//! - [`keys`]: `SigningKey` (generate, read from a key file, PEM or raw
//!   bytes).

pub mod aio;
pub mod client;
pub mod codes;
pub mod config;
pub mod convert;
pub mod errors;
pub mod input;
pub mod keys;
pub mod ops;
pub mod pyjson;
pub mod report;
pub mod runtime;
pub mod travel;
pub mod validate;

/// The module. `gil_used = true` until the package is tested on a
/// free-threaded build (pyo3 0.28 made `false` the default).
#[pyo3::pymodule(gil_used = true)]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyTuple;

    #[pymodule_export]
    use crate::aio::{_Abort, _GiveBack, _complete, AsyncClient, AsyncInbox, AsyncSearch};
    #[pymodule_export]
    use crate::client::{Client, Inbox, SearchIter};
    #[pymodule_export]
    use crate::codes::{_code_tables, country_label, icao_label, icao_to_iso, iso_to_icao};
    #[pymodule_export]
    use crate::errors::_error_classes;
    #[pymodule_export]
    use crate::keys::SigningKey;
    #[pymodule_export]
    use crate::report::{Report, Violation};
    #[pymodule_export]
    use crate::travel::{check_vin, parse_mrz};
    #[pymodule_export]
    use crate::validate::{validate, validate_or_raise};

    /// A new message id (a UUIDv7, time-ordered), for the `id` of an
    /// envelope built in Python.
    #[pyfunction]
    fn new_message_id() -> String {
        ncblink::model::ids::new_message_id().to_string()
    }

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = m.py();
        // The package version: the workspace version of Cargo.toml.
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("VIOLATION_CODES", PyTuple::new(py, ncblink::validate::all_codes())?)?;
        m.add(
            "WORKING_LANGUAGES",
            PyTuple::new(py, ncblink::model::WorkingLanguage::ALL.map(|l| l.code()))?,
        )?;
        Ok(())
    }
}
