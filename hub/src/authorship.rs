//! Requests that change state bound to their author: the hub's side of
//! `ncblink::sign::verify_signed_request`. A signed request is verified
//! against the acting NCB's keys in the directory, checked against what
//! the route does to what, and accepted once; with `--require-signatures`
//! an unsigned one is refused. Every refusal is a 403 with a `SIGNATURE_*`
//! code: the caller is authenticated, but its authorship is not proven.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use ncblink::model::NcbCode;
use ncblink::sign::{JwkSet, REQUEST_WINDOW, RequestSignatureError, signature_of_json, verify_signed_request};
use ncblink::wire::problem_code as code;
use rusqlite::Connection;

use crate::db;
use crate::problem::ApiError;

/// What a route needs to check a request's authorship: its body as
/// received, what it does, and whether the hub requires signatures.
#[derive(Clone)]
pub struct Authored {
    /// The body as received (empty when there was none).
    pub bytes: axum::body::Bytes,
    /// The action the route performs (`withdraw`, `ack`…).
    pub action: &'static str,
    /// Whether an unsigned request is refused.
    pub required: bool,
}

fn refuse(code: &'static str, title: &'static str, detail: String) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, code, title).detail(detail)
}

fn refusal(e: RequestSignatureError, required: bool) -> Option<ApiError> {
    Some(match e {
        RequestSignatureError::Missing if !required => return None,
        RequestSignatureError::Missing => refuse(
            code::SIGNATURE_REQUIRED,
            "Signature required",
            format!("this hub requires signed requests: {e}"),
        ),
        RequestSignatureError::Malformed(_) => refuse(code::SIGNATURE_INVALID, "Invalid signature", e.to_string()),
        RequestSignatureError::KeyUnknown { .. } => {
            refuse(code::SIGNATURE_KEY_UNKNOWN, "Unknown signing key", e.to_string())
        }
        RequestSignatureError::Invalid(_) => refuse(code::SIGNATURE_INVALID, "Invalid signature", e.to_string()),
        RequestSignatureError::Mismatch(_) => {
            refuse(code::SIGNATURE_MISMATCH, "Signature for another request", e.to_string())
        }
        RequestSignatureError::Expired { .. } => refuse(code::SIGNATURE_EXPIRED, "Signature expired", e.to_string()),
    })
}

impl Authored {
    /// Checks the request as one of `caller` acting on the object named
    /// by any of `targets`, inside the write transaction that applies it
    /// (so that its signature is recorded as used only if it is applied).
    pub fn check(&self, conn: &Connection, caller: NcbCode, targets: &[&str]) -> Result<(), ApiError> {
        let now = Utc::now();
        let bytes: &[u8] = if self.bytes.is_empty() { b"{}" } else { &self.bytes };
        let keys = JwkSet {
            keys: db::directory::entries(conn, Some(caller))?
                .pop()
                .map(|e| e.keys)
                .unwrap_or_default(),
        };
        let who = match verify_signed_request(bytes, caller, &keys, now) {
            Ok(who) => who,
            Err(e) => return refusal(e, self.required).map_or(Ok(()), Err),
        };
        who.check_for(self.action, targets)
            .map_err(|e| refuse(code::SIGNATURE_MISMATCH, "Signature for another request", e.to_string()))?;
        let value = signature_of_json(bytes)
            .map_err(|e| refuse(code::SIGNATURE_INVALID, "Invalid signature", e.to_string()))?
            .value;
        if !db::directory::use_request_signature(conn, caller, &value, forget_after(who.created))? {
            return Err(refuse(
                code::SIGNATURE_REPLAYED,
                "Signature already used",
                "this signed request was accepted before; sign each request anew".into(),
            ));
        }
        Ok(())
    }
}

fn forget_after(created: DateTime<Utc>) -> DateTime<Utc> {
    created + REQUEST_WINDOW + ncblink::sign::REQUEST_CLOCK_SKEW
}
