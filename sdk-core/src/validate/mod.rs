//! Validation: `validate(&doc) -> Report`.
//!
//! Structural rules come from the types and from the field walker in
//! `validate/fields.rs` (codes on their lists, text length, dates); the rules of the RPD and of the network are
//! plain functions in [`rules`], one per rule, each citing its source.
//!
//! ```
//! use ncblink::validate::{validate_json, DocumentKind};
//! let report = validate_json(DocumentKind::Check, br#"{"vehicle_check": {}}"#);
//! assert!(report.has("CHECK.NO_CRITERIA"));
//! ```

pub(crate) mod fields;
mod messages;
mod report;
pub mod rules;

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use messages::{all_codes, render as render_message};
pub use report::{Report, Severity, Violation};

use crate::model::Envelope;
use crate::model::query::{Check, Record};

/// The state a validation runs in: the time it runs at and what it found.
pub struct Ctx {
    now: DateTime<Utc>,
    today: NaiveDate,
    report: Report,
}

impl Ctx {
    fn new(now: DateTime<Utc>) -> Self {
        Ctx {
            now,
            today: now.date_naive(),
            report: Report::default(),
        }
    }

    /// The instant the validation runs at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Today's date (UTC).
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    fn push<A: ToString>(
        &mut self,
        severity: Severity,
        code: &'static str,
        pointer: impl Into<String>,
        args: impl IntoIterator<Item = A>,
    ) {
        self.report.violations.push(Violation {
            code: Cow::Borrowed(code),
            pointer: pointer.into(),
            severity,
            args: args.into_iter().map(|a| a.to_string()).collect(),
        });
    }

    /// Records an error.
    pub fn error_at<A: ToString>(
        &mut self,
        code: &'static str,
        pointer: impl Into<String>,
        args: impl IntoIterator<Item = A>,
    ) {
        self.push(Severity::Error, code, pointer, args);
    }

    /// Records a warning.
    pub fn warning_at<A: ToString>(
        &mut self,
        code: &'static str,
        pointer: impl Into<String>,
        args: impl IntoIterator<Item = A>,
    ) {
        self.push(Severity::Warning, code, pointer, args);
    }

    /// Records an error with no argument.
    pub fn error(&mut self, code: &'static str, pointer: impl Into<String>) {
        self.push(Severity::Error, code, pointer, [] as [&str; 0]);
    }

    /// Records a warning with no argument.
    pub fn warning(&mut self, code: &'static str, pointer: impl Into<String>) {
        self.push(Severity::Warning, code, pointer, [] as [&str; 0]);
    }
}

/// A document that the rules know how to check.
pub trait Validate: Serialize {
    /// Runs the document's own rules (the field rules run for every
    /// document before these).
    fn rules(&self, ctx: &mut Ctx);
}

impl Validate for Envelope {
    fn rules(&self, ctx: &mut Ctx) {
        rules::envelope::check(self, ctx);
    }
}

impl Validate for Check {
    fn rules(&self, ctx: &mut Ctx) {
        rules::checks::check_criteria(self, ctx);
    }
}

impl Validate for Record {
    fn rules(&self, ctx: &mut Ctx) {
        rules::checks::record_identifiers(self, ctx);
    }
}

/// Validates a document now.
///
/// ```
/// use ncblink::model::query::{Check, DocumentCheck};
/// let check = Check::DocumentCheck(DocumentCheck {
///     extra: Default::default(),
///     number: "X1234567".into(),
///     issuing_state: "ZZZ".parse().unwrap(),
///     document_type: None,
/// });
/// let report = ncblink::validate::validate(&check);
/// assert!(report.has("FIELD.ICAO_UNKNOWN"));
/// assert_eq!(report.violations[0].pointer, "/document_check/issuing_state");
/// ```
pub fn validate<T: Validate + ?Sized>(doc: &T) -> Report {
    validate_at(doc, Utc::now())
}

/// Validates a document as of `now` (dates in the future, retention).
pub fn validate_at<T: Validate + ?Sized>(doc: &T, now: DateTime<Utc>) -> Report {
    let mut ctx = Ctx::new(now);
    fields::check(doc, &mut ctx);
    doc.rules(&mut ctx);
    ctx.report
}

/// The top-level documents, each with its JSON Schema in `schemas/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An [`Envelope`]: a notice, diffusion or message.
    Envelope,
    /// A database [`Check`].
    Check,
    /// A database [`Record`].
    Record,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 3] = [DocumentKind::Envelope, DocumentKind::Check, DocumentKind::Record];

    /// The wire name (`envelope`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Envelope => "envelope",
            DocumentKind::Check => "check",
            DocumentKind::Record => "record",
        }
    }

    /// Parses the wire name.
    pub fn from_name(s: &str) -> Option<Self> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Guesses the kind from the document's top-level keys: an envelope has
    /// `body`; a check has one of `document_check`, `vehicle_check`…; a
    /// record one of `travel_document`, `vehicle`, `firearm`.
    pub fn detect(input: &[u8]) -> Option<DocumentKind> {
        /// The top-level keys that decide, read from an object only (a
        /// derived struct would also accept an array).
        struct Probe(Option<DocumentKind>);
        impl<'de> Deserialize<'de> for Probe {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = Probe;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a JSON object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                        let mut kind = None;
                        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            let k = match key.as_ref() {
                                "body" => Some(DocumentKind::Envelope),
                                "document_check" | "vehicle_check" | "person_check" | "firearm_check" => {
                                    Some(DocumentKind::Check)
                                }
                                "travel_document" | "vehicle" | "firearm" => Some(DocumentKind::Record),
                                _ => None,
                            };
                            // An envelope's `body` wins over anything else.
                            if kind != Some(DocumentKind::Envelope) {
                                kind = k.or(kind);
                            }
                        }
                        Ok(Probe(kind))
                    }
                }
                d.deserialize_map(V)
            }
        }
        serde_json::from_slice::<Probe>(input).ok().and_then(|p| p.0)
    }
}

/// Parses and validates a JSON document of a known kind. A document that
/// cannot be read gives a report with one violation (`JSON.SYNTAX`,
/// `FIELD.UNKNOWN`, `FIELD.TYPE`…) that points at the field.
pub fn validate_json(kind: DocumentKind, input: &[u8]) -> Report {
    validate_json_at(kind, input, Utc::now())
}

/// [`validate_json`] as of `now`.
pub fn validate_json_at(kind: DocumentKind, input: &[u8], now: DateTime<Utc>) -> Report {
    let parsed = match kind {
        DocumentKind::Envelope => crate::json::parse::<Envelope>(input).map(|d| validate_at(&d, now)),
        DocumentKind::Check => crate::json::parse::<Check>(input).map(|d| validate_at(&d, now)),
        DocumentKind::Record => crate::json::parse::<Record>(input).map(|d| validate_at(&d, now)),
    };
    parsed.unwrap_or_else(|e| report_of_parse_error(&e))
}

/// Turns a parse error into a report with one error.
pub fn report_of_parse_error(e: &crate::json::ParseError) -> Report {
    Report {
        violations: vec![Violation {
            code: Cow::Borrowed(e.code),
            pointer: e.pointer.clone(),
            severity: Severity::Error,
            args: vec![e.message.clone()],
        }],
    }
}

/// Validates a JSON document whose kind is detected with
/// [`DocumentKind::detect`]; an undetectable one is a `JSON.*` error
/// (`JSON.INVALID_UTF8`, `JSON.SYNTAX`, `JSON.TOO_DEEP`) or `FIELD.MISSING`.
///
/// ```
/// let report = ncblink::validate::validate_json_auto(b"{\"title\": \"\xff\"}");
/// assert_eq!(report.codes(), ["JSON.INVALID_UTF8"]);
/// ```
pub fn validate_json_auto(input: &[u8]) -> Report {
    if input.len() > crate::json::MAX_DOCUMENT_BYTES {
        // Refused before any parsing, as for a known kind: memory bounded.
        return match crate::json::parse::<serde::de::IgnoredAny>(input) {
            Err(e) => report_of_parse_error(&e),
            Ok(_) => Report::default(),
        };
    }
    match DocumentKind::detect(input) {
        Some(kind) => validate_json(kind, input),
        // `Value` (not `IgnoredAny`, which skips without a depth limit) so
        // that hostile nesting is named as such; the parser of every other
        // path names what is wrong with the bytes.
        None => match crate::json::parse::<serde_json::Value>(input) {
            Err(e) => report_of_parse_error(&e),
            Ok(_) => report_of_parse_error(&crate::json::ParseError {
                code: "FIELD.MISSING",
                pointer: "/body".into(),
                message: "not an envelope (no `body`), a check or a record".into(),
            }),
        },
    }
}
