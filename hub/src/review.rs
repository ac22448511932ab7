//! What happens to an envelope on arrival: it must come from the caller,
//! carry the right kind of body, verify if signed, and pass the
//! validation that blocks submission; then the sandbox reviews it as the
//! General Secretariat would, with the same validation
//! (`ncblink::validate`: the hub has no rule of its own).

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use ncblink::model::{Envelope, NcbCode};
use ncblink::sign::{KeyStatus, SignedEnvelope, verify_json};
use ncblink::validate::{Report, validate};
use ncblink::wire::{blocks_submission, problem_code as code};

use crate::auth::Caller;
use crate::db;
use crate::problem::ApiError;
use crate::state::AppState;

/// The checks every envelope passes before it is stored. Returns the
/// validation report (warnings, and the errors left to the review).
pub async fn admit(
    state: &AppState,
    caller: Caller,
    envelope: &SignedEnvelope,
    kind: &str,
) -> Result<Report, ApiError> {
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

/// Verifies a signed envelope, over the bytes received, against its
/// source's key in the directory. A bad signature, or a key that is not
/// the source's or not active, is a 422: the request is authenticated,
/// the document is what is wrong.
pub async fn check_signature(state: &AppState, envelope: &SignedEnvelope) -> Result<(), ApiError> {
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
    verify_signed(
        state,
        envelope.source,
        envelope.created,
        &sig.kid,
        envelope.raw().as_bytes(),
    )
    .await
}

/// Verifies `document` (signed JSON) as a document of `author` created at
/// `created`, signed with `kid`: the key must be the author's, active now,
/// and valid at `created`.
pub async fn verify_signed(
    state: &AppState,
    author: NcbCode,
    created: DateTime<Utc>,
    kid: &str,
    document: &[u8],
) -> Result<(), ApiError> {
    let owned_kid = kid.to_string();
    let key = state
        .db
        .read(move |c| Ok::<_, ApiError>(db::directory::key(c, &owned_kid)?))
        .await?;
    let Some((owner, jwk)) = key.filter(|(owner, _)| owner == author.as_str()) else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::SIGNATURE_KEY_UNKNOWN,
            "Unknown signing key",
        )
        .detail(format!("`{kid}` is not a key of {author} in the directory")));
    };
    let invalid = |detail: String| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::SIGNATURE_INVALID,
            "Invalid signature",
        )
        .detail(detail)
    };
    if jwk.status != Some(KeyStatus::Active) {
        return Err(invalid(format!(
            "key `{kid}` of {owner} is {}: it signs nothing new",
            if jwk.status == Some(KeyStatus::Revoked) {
                "revoked"
            } else {
                "retired"
            }
        )));
    }
    let key = jwk.verifying_key().map_err(|e| invalid(e.to_string()))?;
    jwk.check_valid_at(created)
        .and_then(|()| jwk.check_valid_at(Utc::now()))
        .map_err(|e| invalid(e.to_string()))?;
    verify_json(document, &key)
        .map(drop)
        .map_err(|e| invalid(e.to_string()))
}
