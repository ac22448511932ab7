//! The validation report: violations with a stable code, a JSON Pointer, a
//! severity and a message in the four working languages.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::messages;
use crate::model::WorkingLanguage;

/// How serious a violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document may be sent, but a reviewer will ask about it.
    Warning,
    /// The document must not be sent as it is.
    Error,
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Violation {
    /// Stable code (`RPD83.PENALTY_THRESHOLD`); never renamed.
    pub code: Cow<'static, str>,
    /// JSON Pointer to the field (RFC 6901); empty for the whole document.
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// The values the message quotes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
}

impl Violation {
    /// The message in one working language.
    ///
    /// ```
    /// use ncblink::validate::{Severity, Violation};
    /// use ncblink::model::WorkingLanguage;
    /// let v = Violation { code: "FIELD.COUNTRY_UNKNOWN".into(), pointer: "/x".into(), severity: Severity::Error, args: vec!["ZZ".into()] };
    /// assert!(v.message(WorkingLanguage::Fr).contains("ZZ"));
    /// ```
    pub fn message(&self, lang: WorkingLanguage) -> String {
        messages::render(&self.code, lang, &self.args)
    }
}

/// The result of validating one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// The violations, in the order the rules found them.
    pub violations: Vec<Violation>,
}

impl Report {
    /// No errors (warnings allowed).
    pub fn is_ok(&self) -> bool {
        !self.violations.iter().any(|v| v.severity == Severity::Error)
    }
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.severity == Severity::Error)
    }
    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.severity == Severity::Warning)
    }
    /// Whether a violation with this code is present.
    pub fn has(&self, code: &str) -> bool {
        self.violations.iter().any(|v| v.code == code)
    }
    /// The distinct codes, in order of first appearance.
    pub fn codes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for v in &self.violations {
            if !out.contains(&v.code.as_ref()) {
                out.push(&v.code);
            }
        }
        out
    }
    /// The report as JSON with every message rendered in `lang`, for
    /// command-line output and the bindings.
    pub fn to_json(&self, lang: WorkingLanguage) -> serde_json::Value {
        serde_json::json!({
            "ok": self.is_ok(),
            "violations": self.violations.iter().map(|v| serde_json::json!({
                "code": v.code,
                "pointer": v.pointer,
                "severity": v.severity,
                "message": v.message(lang),
            })).collect::<Vec<_>>(),
        })
    }
    /// Writes the report in one language, one violation per line.
    pub fn render(&self, lang: WorkingLanguage) -> String {
        let mut out = String::new();
        for v in &self.violations {
            let sev = match v.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let ptr = if v.pointer.is_empty() { "/" } else { &v.pointer };
            out.push_str(&format!("{sev} {} at {ptr}: {}\n", v.code, v.message(lang)));
        }
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.violations.is_empty() {
            return f.write_str("valid");
        }
        f.write_str(self.render(WorkingLanguage::En).trim_end())
    }
}
