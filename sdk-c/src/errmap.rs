//! How the client's failures cross into C: each `ncblink::Error` kind gets
//! its reserved `ncb_status` (2xx transport, 3xx the hub's answer, 4xx the
//! document), and the `ncb_error` carries what the core knows besides: the
//! HTTP status, Retry-After, the problem type and code, the report.
//!
//! Also the JSON documents the C caller hands in: one that cannot be read
//! is refused before anything is sent, with the report of why.

use ncblink::validate::report_of_parse_error;
use ncblink::{Error, ErrorClass};
use serde::de::DeserializeOwned;

use crate::error::ncb_error;
use crate::status::ncb_status;

/// The status of each class of the core's errors: the one mapping
/// (`tests/errors/classes.json` lists it for both faces).
pub fn status_of_class(class: ErrorClass) -> ncb_status {
    match class {
        ErrorClass::InvalidInput => ncb_status::InvalidDocument,
        ErrorClass::Unauthorized => ncb_status::Unauthorized,
        ErrorClass::Forbidden => ncb_status::Forbidden,
        ErrorClass::NotFound => ncb_status::NotFound,
        ErrorClass::Conflict => ncb_status::Conflict,
        ErrorClass::RateLimited => ncb_status::RateLimited,
        ErrorClass::Timeout => ncb_status::Timeout,
        ErrorClass::Dns => ncb_status::Dns,
        ErrorClass::Connect => ncb_status::Connect,
        ErrorClass::Tls => ncb_status::Tls,
        ErrorClass::Transport => ncb_status::Transport,
        ErrorClass::Hub => ncb_status::HubProblem,
        ErrorClass::Signature => ncb_status::Signature,
        ErrorClass::SignatureKeyUnknown => ncb_status::SignatureKeyUnknown,
        ErrorClass::Config => ncb_status::InvalidArgument,
        ErrorClass::Storage => ncb_status::Storage,
        // A class newer than this mapping: never a success, never a panic.
        _ => ncb_status::Internal,
    }
}

/// The status of an error of the core.
pub fn status_of(e: &Error) -> ncb_status {
    status_of_class(e.class())
}

/// The `ncb_error` of an error of the core.
pub fn from_core(e: Error) -> ncb_error {
    let mut out = ncb_error::new(status_of(&e), e.to_string());
    if let Some(p) = e.problem() {
        out = out
            .with_http_status(p.status)
            .with_problem_type(&p.type_uri)
            .with_code(&p.code);
    }
    if let Some(after) = e.retry_after() {
        out = out.with_retry_after_ms(u64::try_from(after.as_millis()).unwrap_or(u64::MAX));
    }
    if let Error::InvalidInput(report) = e {
        if let Some(first) = report.errors().next().or(report.violations.first()) {
            out = out.with_code(first.code.as_ref());
        }
        out = out.with_report(*report);
    }
    out
}

/// Reads a JSON document the caller passed as a `T`. Bytes that are not
/// JSON (syntax, UTF-8, nesting, over 16 MiB) are `NCB_STATUS_INVALID_JSON`;
/// JSON that is not a `T` (an unknown, missing or mistyped field) is
/// `NCB_STATUS_INVALID_DOCUMENT`. Both carry the report and its first code.
pub fn parse<T: DeserializeOwned>(input: &[u8], what: &str) -> Result<T, ncb_error> {
    ncblink::json::parse(input).map_err(|e| {
        let status = if e.code.starts_with("JSON.") || e.code.starts_with("DOCUMENT.") {
            ncb_status::InvalidJson
        } else {
            ncb_status::InvalidDocument
        };
        ncb_error::new(status, format!("{what}: {e}"))
            .with_code(e.code)
            .with_report(report_of_parse_error(&e))
    })
}

/// A value as the JSON text handed to C.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, ncb_error> {
    serde_json::to_string(value)
        .map_err(|e| ncb_error::new(ncb_status::Internal, format!("serialising the answer: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ncblink::wire::Problem;

    /// `NCB_STATUS_HUB_PROBLEM` from `HubProblem`, as cbindgen names it.
    fn c_name(s: ncb_status) -> String {
        let mut out = String::from("NCB_STATUS");
        for c in format!("{s:?}").chars() {
            if c.is_ascii_uppercase() {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
        out
    }

    #[test]
    fn every_class_has_the_status_of_the_shared_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/errors/classes.json");
        let table: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let rows = table["classes"].as_array().unwrap();
        assert_eq!(rows.len(), ErrorClass::ALL.len());
        for class in ErrorClass::ALL {
            let row = rows
                .iter()
                .find(|r| r["class"] == class.as_str())
                .unwrap_or_else(|| panic!("{class:?}"));
            assert_eq!(c_name(status_of_class(class)), row["c"].as_str().unwrap(), "{class:?}");
        }
    }

    #[test]
    fn every_kind_has_its_status_and_the_details_travel() {
        use ncblink::TransportKind;
        let problem = |code: &str, status| Box::new(Problem::new(code, status, "t"));
        let transport = |kind| Error::Transport {
            kind,
            message: "m".into(),
        };
        let cases = [
            (transport(TransportKind::Connect), ncb_status::Connect),
            (transport(TransportKind::Dns), ncb_status::Dns),
            (transport(TransportKind::Tls), ncb_status::Tls),
            (transport(TransportKind::Io), ncb_status::Transport),
            (Error::Timeout("x".into()), ncb_status::Timeout),
            (
                Error::Unauthorized(problem("UNAUTHENTICATED", 401)),
                ncb_status::Unauthorized,
            ),
            (Error::Forbidden(problem("FORBIDDEN", 403)), ncb_status::Forbidden),
            (Error::NotFound(problem("NOT_FOUND", 404)), ncb_status::NotFound),
            (Error::Conflict(problem("RECORD_EXISTS", 409)), ncb_status::Conflict),
            (Error::Hub(problem("INTERNAL", 500)), ncb_status::HubProblem),
            (Error::Hub(problem("SIGNATURE_INVALID", 422)), ncb_status::Signature),
            (Error::Signature("x".into()), ncb_status::Signature),
            (
                Error::SignatureKeyUnknown("FR#9".into()),
                ncb_status::SignatureKeyUnknown,
            ),
            (
                Error::Hub(problem("SIGNATURE_KEY_UNKNOWN", 422)),
                ncb_status::SignatureKeyUnknown,
            ),
            (Error::Config("x".into()), ncb_status::InvalidArgument),
            (Error::Storage("x".into()), ncb_status::Storage),
        ];
        for (e, status) in cases {
            let http = e.http_status().unwrap_or(0);
            let c = from_core(e);
            assert_eq!(c.status(), status, "{c:?}");
            assert_eq!(c.http_status(), http);
        }
        let limited = from_core(Error::RateLimited {
            retry_after: Some(std::time::Duration::from_millis(1500)),
            problem: Some(problem("RATE_LIMITED", 429)),
        });
        assert_eq!(limited.status(), ncb_status::RateLimited);
        assert_eq!(limited.code(), Some("RATE_LIMITED"));
        let invalid = from_core(Error::InvalidInput(Box::new(report_of_parse_error(
            &ncblink::json::parse::<ncblink::model::query::DocumentCheck>(b"{}").unwrap_err(),
        ))));
        assert_eq!(invalid.status(), ncb_status::InvalidDocument);
        assert_eq!(invalid.code(), Some("FIELD.MISSING"));
        assert!(invalid.report().is_some());
    }

    #[test]
    fn documents_that_cannot_be_read_are_refused_with_their_report() {
        use ncblink::model::query::DocumentCheck;
        let e = parse::<DocumentCheck>(b"{\"number\":", "check").unwrap_err();
        assert_eq!((e.status(), e.code()), (ncb_status::InvalidJson, Some("JSON.SYNTAX")));
        let e = parse::<DocumentCheck>(b"{\"number\":1,\"issuing_state\":\"FRA\"}", "check").unwrap_err();
        assert_eq!(
            (e.status(), e.code()),
            (ncb_status::InvalidDocument, Some("FIELD.TYPE"))
        );
        // A member of a later minor version is read (and kept).
        let read = parse::<DocumentCheck>(b"{\"number\":\"1\",\"issuing_state\":\"FRA\",\"x\":1}", "check");
        assert!(read.is_ok_and(|c| c.extra.get("x").is_some()));
        assert!(e.report().is_some());
    }
}
