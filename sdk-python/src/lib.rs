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
//! - [`errors`]: raising the exceptions of `ncblink.errors` from Rust.

pub mod codes;
pub mod convert;
pub mod errors;
pub mod report;
pub mod validate;

/// The module. `gil_used = true` until the package is tested on a
/// free-threaded build (pyo3 0.28 made `false` the default).
#[pyo3::pymodule(gil_used = true)]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyTuple;

    #[pymodule_export]
    use crate::codes::{_code_tables, country_label, icao_label, icao_to_iso, iso_to_icao};
    #[pymodule_export]
    use crate::errors::_error_classes;
    #[pymodule_export]
    use crate::report::{Report, Violation};
    #[pymodule_export]
    use crate::validate::{validate, validate_or_raise};

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
