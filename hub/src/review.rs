//! What happens to an envelope on arrival: it must come from the caller,
//! carry the right kind of body, verify if signed, and pass the
//! validation that blocks submission; then the sandbox reviews it as the
//! General Secretariat would, with the same validation
//! (`ncblink::validate`: the hub has no rule of its own).

use axum::http::StatusCode;
use ncblink::model::Envelope;
use ncblink::sign::{decode_public_key, verify_envelope};
use ncblink::validate::{Report, validate};
use ncblink::wire::{blocks_submission, problem_code as code};

use crate::auth::Caller;
use crate::db;
use crate::problem::ApiError;
use crate::state::AppState;

/// The checks every envelope passes before it is stored. Returns the
/// validation report (warnings, and the errors left to the review).
pub async fn admit(state: &AppState, caller: Caller, envelope: &Envelope, kind: &str) -> Result<Report, ApiError> {
    if envelope.body.kind() != kind {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::WRONG_DOCUMENT,
            "Wrong kind of document",
        )
        .detail(format!(
            "this endpoint takes an envelope whose body is a {kind}, not a {}",
            envelope.body.kind()
        )));
    }
    if envelope.source != caller.0 {
        return Err(
            ApiError::new(StatusCode::FORBIDDEN, code::SOURCE_MISMATCH, "Source mismatch").detail(format!(
                "the envelope's source is {}, the authenticated NCB is {}",
                envelope.source, caller.0
            )),
        );
    }
    check_signature(state, envelope).await?;
    check_submission(envelope)
}

/// Validates for submission: a 422 with the report when a violation
/// blocks it ([`blocks_submission`]), the report otherwise.
pub fn check_submission(envelope: &Envelope) -> Result<Report, ApiError> {
    let report = validate(envelope);
    if report.violations.iter().any(blocks_submission) {
        return Err(ApiError::validation_failed(report));
    }
    Ok(report)
}

/// The sandbox review: accepted when the validation finds no error (the
/// parts of a later minor version aside: [`ncblink::wire::review_accepts`]).
pub fn review_accepts(report: &Report) -> bool {
    ncblink::wire::review_accepts(report)
}

/// Verifies a signed envelope against its source's key in the directory.
/// A bad signature, or a key that is not the source's, is a 422: the
/// request is authenticated, the document is what is wrong.
pub async fn check_signature(state: &AppState, envelope: &Envelope) -> Result<(), ApiError> {
    let Some(sig) = &envelope.signature else {
        if state.config.require_signatures {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code::SIGNATURE_REQUIRED,
                "Signature required",
            )
            .detail("this hub accepts only signed envelopes"));
        }
        return Ok(());
    };
    let kid = sig.kid.clone();
    let key = state
        .db
        .read(move |c| Ok::<_, ApiError>(db::directory::key(c, &kid)?))
        .await?;
    let unknown = || {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::SIGNATURE_KEY_UNKNOWN,
            "Unknown signing key",
        )
        .detail(format!(
            "`{}` is not a key of {} in the directory",
            sig.kid, envelope.source
        ))
    };
    let Some((owner, public_key)) = key else {
        return Err(unknown());
    };
    if owner != envelope.source.as_str() {
        return Err(unknown());
    }
    let key = decode_public_key(&public_key).map_err(|e| ApiError::from(crate::error::HubError::Sign(e)))?;
    verify_envelope(envelope, &key).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::SIGNATURE_INVALID,
            "Invalid signature",
        )
        .detail(e.to_string())
    })
}
