//! `Report` and `Violation`: the core's validation report, read-only, with
//! every message rendered by the core in the language the caller chose.

use ncblink::model::WorkingLanguage;
use ncblink::validate::{self, Severity};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyString, PyTuple};

fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A violation as plain data, for pickling.
trait ToState {
    fn to_state_tuple<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>>;
}

impl ToState for validate::Violation {
    fn to_state_tuple<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        (
            self.code.as_ref(),
            self.pointer.as_str(),
            severity_str(self.severity),
            &self.args,
        )
            .into_pyobject(py)
    }
}

fn violation_of_state(
    (code, pointer, severity, args): (String, String, String, Vec<String>),
) -> PyResult<validate::Violation> {
    let severity = match severity.as_str() {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        other => return Err(PyValueError::new_err(format!("unknown severity {other:?}"))),
    };
    Ok(validate::Violation {
        code: code.into(),
        pointer,
        severity,
        args,
    })
}

fn lang_of(lang: &str) -> PyResult<WorkingLanguage> {
    WorkingLanguage::from_code(lang).ok_or_else(|| PyValueError::new_err(format!("unknown language {lang:?}")))
}

/// One broken rule: a stable code, a JSON Pointer to the field, a severity
/// and a message in the four working languages.
#[pyclass(frozen, eq, module = "ncblink._native")]
#[derive(Clone, PartialEq)]
pub struct Violation {
    inner: validate::Violation,
    lang: WorkingLanguage,
}

#[pymethods]
impl Violation {
    /// The stable code (`RPD83.PENALTY_THRESHOLD`).
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }

    /// The JSON Pointer (RFC 6901) to the field; `""` for the whole document.
    #[getter]
    fn pointer(&self) -> &str {
        &self.inner.pointer
    }

    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        severity_str(self.inner.severity)
    }

    /// The message in the report's language.
    #[getter]
    fn message(&self) -> String {
        self.inner.message(self.lang)
    }

    /// The message in each working language: `{"ar": …, "en": …, "fr": …, "es": …}`.
    #[getter]
    fn messages<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for lang in WorkingLanguage::ALL {
            d.set_item(lang.code(), self.inner.message(lang))?;
        }
        Ok(d)
    }

    /// The values the message quotes.
    #[getter]
    fn args<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.inner.args)
    }

    /// `{"code", "pointer", "severity", "message", "args"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", self.code())?;
        d.set_item("pointer", self.pointer())?;
        d.set_item("severity", self.severity())?;
        d.set_item("message", self.message())?;
        d.set_item("args", PyList::new(py, &self.inner.args)?)?;
        Ok(d)
    }

    /// Pickling: `(Violation._restore, (lang, code, pointer, severity, args))`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let v = slf.get();
        let state = (v.lang.code(), v.inner.to_state_tuple(py)?).into_pyobject(py)?;
        Ok((slf.get_type().getattr("_restore")?, state))
    }

    /// Rebuilds a pickled violation.
    #[staticmethod]
    fn _restore(lang: &str, state: (String, String, String, Vec<String>)) -> PyResult<Self> {
        Ok(Violation {
            inner: violation_of_state(state)?,
            lang: lang_of(lang)?,
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        Ok(format!(
            "Violation(code={}, pointer={}, severity={}, message={})",
            r(self.code())?,
            r(self.pointer())?,
            r(self.severity())?,
            r(&self.message())?
        ))
    }
}

/// The result of validating one document. `bool(report)` is `report.ok`
/// (no errors; warnings allowed), not whether it lists violations.
#[pyclass(frozen, eq, module = "ncblink._native")]
#[derive(PartialEq)]
pub struct Report {
    inner: validate::Report,
    lang: WorkingLanguage,
}

impl Report {
    pub fn new(inner: validate::Report, lang: WorkingLanguage) -> Self {
        Report { inner, lang }
    }

    fn wrap<'a>(&self, it: impl Iterator<Item = &'a validate::Violation>) -> Vec<Violation> {
        it.map(|v| Violation {
            inner: v.clone(),
            lang: self.lang,
        })
        .collect()
    }
}

#[pymethods]
impl Report {
    /// No errors (warnings allowed).
    #[getter]
    fn ok(&self) -> bool {
        self.inner.is_ok()
    }

    /// The language of `Violation.message`: `"ar"`, `"en"`, `"fr"` or `"es"`.
    #[getter]
    fn lang(&self) -> &'static str {
        self.lang.code()
    }

    /// Every violation, in the order the rules found them.
    #[getter]
    fn violations(&self) -> Vec<Violation> {
        self.wrap(self.inner.violations.iter())
    }

    /// The violations of severity `"error"`.
    #[getter]
    fn errors(&self) -> Vec<Violation> {
        self.wrap(self.inner.errors())
    }

    /// The violations of severity `"warning"`.
    #[getter]
    fn warnings(&self) -> Vec<Violation> {
        self.wrap(self.inner.warnings())
    }

    /// The distinct codes, in order of first appearance.
    #[getter]
    fn codes(&self) -> Vec<&str> {
        self.inner.codes()
    }

    /// Whether a violation with this code is present.
    fn has(&self, code: &str) -> bool {
        self.inner.has(code)
    }

    /// `{"ok": bool, "violations": [Violation.to_dict(), …]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok())?;
        let list = PyList::empty(py);
        for v in self.violations() {
            list.append(v.to_dict(py)?)?;
        }
        d.set_item("violations", list)?;
        Ok(d)
    }

    /// Pickling (so that reports and `ValidationError`s cross process
    /// boundaries): `(Report._restore, (lang, [(code, pointer, severity, args)…]))`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let r = slf.get();
        let violations = r
            .inner
            .violations
            .iter()
            .map(|v| v.to_state_tuple(py))
            .collect::<PyResult<Vec<_>>>()?;
        let state = (r.lang.code(), violations).into_pyobject(py)?;
        Ok((slf.get_type().getattr("_restore")?, state))
    }

    /// A report from its dict form: the `report` of a hub's answer (a
    /// refused notice's record), with its messages in `lang`, as
    /// `Report.from_dict(record["report"], "ar")`.
    #[staticmethod]
    #[pyo3(signature = (data, lang = "en"))]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>, lang: &str) -> PyResult<Self> {
        let inner: validate::Report = crate::input::document(py, data, "data")?;
        Ok(Report {
            inner,
            lang: lang_of(lang)?,
        })
    }

    /// Rebuilds a pickled report.
    #[staticmethod]
    fn _restore(lang: &str, violations: Vec<(String, String, String, Vec<String>)>) -> PyResult<Self> {
        Ok(Report {
            inner: validate::Report {
                violations: violations
                    .into_iter()
                    .map(violation_of_state)
                    .collect::<PyResult<Vec<_>>>()?,
            },
            lang: lang_of(lang)?,
        })
    }

    fn __len__(&self) -> usize {
        self.inner.violations.len()
    }

    fn __bool__(&self) -> bool {
        self.ok()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        PyList::new(py, self.violations())?.try_iter()
    }

    fn __repr__(&self) -> String {
        // Codes are ASCII without quotes, so this is their Python repr.
        let codes: Vec<String> = self.inner.codes().iter().map(|c| format!("'{c}'")).collect();
        format!(
            "Report(ok={}, violations={}, codes=[{}])",
            if self.ok() { "True" } else { "False" },
            self.inner.violations.len(),
            codes.join(", ")
        )
    }

    /// One violation per line, in the report's language (`valid` when there is none).
    fn __str__(&self) -> String {
        if self.inner.violations.is_empty() {
            self.inner.to_string()
        } else {
            self.inner.render(self.lang).trim_end().to_string()
        }
    }
}
