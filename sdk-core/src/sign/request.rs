//! Signed requests: a change of state (withdraw, suspend or resume a
//! notice, register or remove a record, acknowledge the inbox) bound to
//! the NCB that makes it.
//!
//! The request body is a JSON object; the signer adds two members:
//!
//! - `authorship`: `{ncb, action, target, created}`, the acting NCB, what it
//!   does (`withdraw`, `suspend`, `resume`, `register_record`,
//!   `remove_record`, `ack`), the thing it acts on (the notice id as the
//!   path names it, the record id, `records` for a new record, `inbox`) and
//!   when;
//! - `signature`: `{alg, kid, value}`, Ed25519 over the RFC 8785 canonical
//!   form of the body without `signature` (the scheme of envelopes, so the
//!   same functions make and check it, over the bytes received).
//!
//! A signature therefore cannot be moved onto another notice or record
//! (the target is signed), onto another action, or to another NCB; it is
//! accepted only within [`REQUEST_WINDOW`] after `created` (and at most
//! [`REQUEST_CLOCK_SKEW`] before it), and a hub remembers the signatures it
//! accepted for that long, so each is used once.
//!
//! ```
//! use ncblink::sign::{Authorship, generate_signing_key, sign_request, verify_signed_request, Jwk, JwkSet};
//! let key = generate_signing_key().unwrap();
//! let keys = JwkSet { keys: vec![Jwk::new(&key.verifying_key(), "FR#1")] };
//! let who = Authorship::now("FR".parse().unwrap(), "withdraw", "2026-17");
//! let body = sign_request(br#"{"reason":"arrested"}"#, &who, &key, "FR#1").unwrap();
//! let checked = verify_signed_request(&body, "FR".parse().unwrap(), &keys, chrono::Utc::now()).unwrap();
//! assert_eq!((checked.action.as_str(), checked.target.as_str()), ("withdraw", "2026-17"));
//! ```

use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    JwkSet, KeyStatus, SIGNATURE_MEMBER, SignatureError, parse_strict, sign_json, signature_of_json, verify_json,
};
use crate::model::NcbCode;

/// The member of a signed request that says who does what to what, when.
pub const AUTHORSHIP_MEMBER: &str = "authorship";

/// How long after its `created` time a signed request is accepted (and a
/// hub remembers it, to refuse it a second time): long enough for an
/// outbox to deliver a write after a day's outage, short enough that an
/// old signature cannot undo a later change.
pub const REQUEST_WINDOW: Duration = Duration::hours(24);

/// How far a request's `created` may be ahead of the verifier's clock.
pub const REQUEST_CLOCK_SKEW: Duration = Duration::minutes(5);

/// Who does what to what, when: the signed part of a request that
/// changes state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Authorship {
    /// The acting NCB (the authenticated caller's).
    pub ncb: NcbCode,
    /// What it does: `withdraw`, `suspend`, `resume`, `register_record`,
    /// `remove_record`, `ack`.
    pub action: String,
    /// What it acts on: the notice id as the path names it (envelope id or
    /// `2026-123`), the record id, `records` for a new record, `inbox`.
    pub target: String,
    /// When the request was signed.
    pub created: DateTime<Utc>,
}

impl Authorship {
    /// `ncb` doing `action` to `target`, now.
    pub fn now(ncb: NcbCode, action: &str, target: &str) -> Authorship {
        Authorship {
            ncb,
            action: action.into(),
            target: target.into(),
            created: Utc::now(),
        }
    }
}

/// Why a signed request is refused; the hub answers each with its own
/// problem code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestSignatureError {
    /// The request carries no `signature` or no `authorship`.
    #[error("the request is not signed: it needs `authorship` and `signature` members")]
    Missing,
    /// `authorship` is not `{ncb, action, target, created}`.
    #[error("`authorship` is malformed: {0}")]
    Malformed(String),
    /// The signing key is not one of the acting NCB's (unknown, or
    /// another NCB's).
    #[error("`{kid}` is not a key of {ncb} in the directory")]
    KeyUnknown {
        /// The key id the signature names.
        kid: String,
        /// The acting NCB.
        ncb: NcbCode,
    },
    /// The signature, the key or its validity fails.
    #[error("{0}")]
    Invalid(SignatureError),
    /// The request was signed for another NCB, action or target.
    #[error("the request was signed for {0}")]
    Mismatch(String),
    /// `created` is outside the window around the verifier's clock.
    #[error("the request was signed at {created}; it is accepted from then for {window_hours} hours")]
    Expired {
        /// The signed `created` time.
        created: String,
        /// [`REQUEST_WINDOW`] in hours.
        window_hours: i64,
    },
}

/// Adds `authorship` to the JSON object `body` and signs it with `key`
/// (named `kid` in the directory); returns the bytes to send.
pub fn sign_request(
    body: &[u8],
    authorship: &Authorship,
    key: &super::SigningKey,
    kid: &str,
) -> Result<Vec<u8>, SignatureError> {
    let mut value = parse_strict(body)?;
    let Some(map) = value.as_object_mut() else {
        return Err(SignatureError::NotCanonical("a signed request is a JSON object".into()));
    };
    let who = serde_json::to_value(authorship).map_err(|e| SignatureError::NotCanonical(e.to_string()))?;
    map.insert(AUTHORSHIP_MEMBER.into(), who);
    let bytes = serde_json::to_vec(&value).map_err(|e| SignatureError::NotCanonical(e.to_string()))?;
    sign_json(&bytes, key, kid)
}

/// The request body without `authorship` and `signature`, for the
/// caller to read as its own type, and the `authorship` if there is one.
pub fn split_request(bytes: &[u8]) -> Result<(serde_json::Value, Option<Authorship>), RequestSignatureError> {
    let mut value = parse_strict(bytes).map_err(RequestSignatureError::Invalid)?;
    let Some(map) = value.as_object_mut() else {
        return Err(RequestSignatureError::Malformed(
            "the request body is not a JSON object".into(),
        ));
    };
    map.remove(SIGNATURE_MEMBER);
    let who = map
        .remove(AUTHORSHIP_MEMBER)
        .map(|w| serde_json::from_value::<Authorship>(w).map_err(|e| RequestSignatureError::Malformed(e.to_string())))
        .transpose()?;
    Ok((value, who))
}

/// Verifies a signed request body (the bytes received) as a request of
/// `ncb`, whose keys are `keys` (the directory's JWK Set of THAT NCB), at
/// `now`: the key named by the signature must be in the set, active, and
/// valid at the signed `created`, which must lie within
/// [`REQUEST_WINDOW`] before `now` (or [`REQUEST_CLOCK_SKEW`] after); the
/// signed NCB must be `ncb`. Returns the signed [`Authorship`], whose
/// `action` and `target` the caller compares with the request it serves
/// ([`Authorship`] says how a request names them).
///
/// Pure: no clock, no I/O. A hub checks each item of a batch with it.
pub fn verify_signed_request(
    bytes: &[u8],
    ncb: NcbCode,
    keys: &JwkSet,
    now: DateTime<Utc>,
) -> Result<Authorship, RequestSignatureError> {
    let (_, who) = split_request(bytes)?;
    let who = who.ok_or(RequestSignatureError::Missing)?;
    let sig = match signature_of_json(bytes) {
        Ok(s) => s,
        Err(SignatureError::Missing) => return Err(RequestSignatureError::Missing),
        Err(e) => return Err(RequestSignatureError::Invalid(e)),
    };
    if who.ncb != ncb {
        return Err(RequestSignatureError::Mismatch(format!("{}, not {ncb}", who.ncb)));
    }
    let Some(jwk) = keys.keys.iter().find(|k| k.kid == sig.kid) else {
        return Err(RequestSignatureError::KeyUnknown { kid: sig.kid, ncb });
    };
    let status = jwk.status.unwrap_or_default();
    if status != KeyStatus::Active {
        let what = if status == KeyStatus::Revoked {
            "revoked"
        } else {
            "retired"
        };
        return Err(RequestSignatureError::Invalid(SignatureError::KeyNotValid {
            kid: sig.kid,
            at: now.to_rfc3339(),
            why: format!("it is {what} and signs nothing new"),
        }));
    }
    let key = jwk.verifying_key().map_err(RequestSignatureError::Invalid)?;
    jwk.check_valid_at(who.created)
        .map_err(RequestSignatureError::Invalid)?;
    verify_json(bytes, &key).map_err(RequestSignatureError::Invalid)?;
    if who.created > now + REQUEST_CLOCK_SKEW || who.created + REQUEST_WINDOW < now {
        return Err(RequestSignatureError::Expired {
            created: who.created.to_rfc3339(),
            window_hours: REQUEST_WINDOW.num_hours(),
        });
    }
    Ok(who)
}

impl Authorship {
    /// Checks that this authorship was signed for `action` on one of
    /// `targets` (the names the request's object goes by).
    pub fn check_for(&self, action: &str, targets: &[&str]) -> Result<(), RequestSignatureError> {
        if self.action != action {
            return Err(RequestSignatureError::Mismatch(format!(
                "the action `{}`, not `{action}`",
                self.action
            )));
        }
        if !targets.iter().any(|t| *t == self.target) {
            return Err(RequestSignatureError::Mismatch(format!(
                "the target `{}`, not `{}`",
                self.target,
                targets.first().copied().unwrap_or("")
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{Jwk, generate_signing_key};

    fn fr() -> NcbCode {
        "FR".parse().unwrap()
    }

    fn setup() -> (super::super::SigningKey, JwkSet) {
        let key = generate_signing_key().unwrap();
        let set = JwkSet {
            keys: vec![Jwk::new(&key.verifying_key(), "FR#1")],
        };
        (key, set)
    }

    #[test]
    fn a_signed_request_verifies_and_splits_back_into_its_body() {
        let (key, set) = setup();
        let who = Authorship::now(fr(), "suspend", "2026-3");
        let signed = sign_request(br#"{"until":"2027-01-01T00:00:00Z"}"#, &who, &key, "FR#1").unwrap();
        let got = verify_signed_request(&signed, fr(), &set, Utc::now()).unwrap();
        assert_eq!(got, who);
        assert!(got.check_for("suspend", &["x", "2026-3"]).is_ok());
        let (body, split) = split_request(&signed).unwrap();
        assert_eq!(body, serde_json::json!({"until": "2027-01-01T00:00:00Z"}));
        assert_eq!(split, Some(who));
    }

    #[test]
    fn another_target_action_ncb_or_body_fails() {
        let (key, set) = setup();
        let who = Authorship::now(fr(), "withdraw", "2026-3");
        let signed = sign_request(br#"{"reason":"done"}"#, &who, &key, "FR#1").unwrap();
        let got = verify_signed_request(&signed, fr(), &set, Utc::now()).unwrap();
        assert!(
            matches!(got.check_for("withdraw", &["2026-4"]), Err(RequestSignatureError::Mismatch(m)) if m.contains("2026-3"))
        );
        assert!(matches!(
            got.check_for("resume", &["2026-3"]),
            Err(RequestSignatureError::Mismatch(_))
        ));
        let moved = String::from_utf8(signed.clone()).unwrap().replace("2026-3", "2026-4");
        assert!(matches!(
            verify_signed_request(moved.as_bytes(), fr(), &set, Utc::now()),
            Err(RequestSignatureError::Invalid(SignatureError::Invalid))
        ));
        assert!(matches!(
            verify_signed_request(&signed, "DE".parse().unwrap(), &set, Utc::now()),
            Err(RequestSignatureError::Mismatch(_))
        ));
        assert_eq!(
            verify_signed_request(br#"{"reason":"done"}"#, fr(), &set, Utc::now()),
            Err(RequestSignatureError::Missing)
        );
    }

    #[test]
    fn keys_of_another_ncb_retired_or_revoked_keys_fail() {
        let (key, mut set) = setup();
        let other = JwkSet {
            keys: vec![Jwk::new(&generate_signing_key().unwrap().verifying_key(), "DE#1")],
        };
        let signed = sign_request(b"{}", &Authorship::now(fr(), "resume", "n"), &key, "FR#1").unwrap();
        assert!(matches!(
            verify_signed_request(&signed, fr(), &other, Utc::now()),
            Err(RequestSignatureError::KeyUnknown { kid, .. }) if kid == "FR#1"
        ));
        set.keys[0].status = Some(KeyStatus::Retired);
        let err = verify_signed_request(&signed, fr(), &set, Utc::now()).unwrap_err();
        assert!(err.to_string().contains("retired"), "{err}");
        set.keys[0].status = Some(KeyStatus::Revoked);
        let err = verify_signed_request(&signed, fr(), &set, Utc::now()).unwrap_err();
        assert!(err.to_string().contains("revoked"), "{err}");
    }

    #[test]
    fn requests_outside_the_window_fail() {
        let (key, set) = setup();
        let mut who = Authorship::now(fr(), "ack", "inbox");
        who.created = Utc::now() - REQUEST_WINDOW - Duration::minutes(1);
        let old = sign_request(br#"{"up_to_seq":3}"#, &who, &key, "FR#1").unwrap();
        assert!(matches!(
            verify_signed_request(&old, fr(), &set, Utc::now()),
            Err(RequestSignatureError::Expired { .. })
        ));
        who.created = Utc::now() + REQUEST_CLOCK_SKEW + Duration::minutes(1);
        let future = sign_request(br#"{"up_to_seq":3}"#, &who, &key, "FR#1").unwrap();
        assert!(matches!(
            verify_signed_request(&future, fr(), &set, Utc::now()),
            Err(RequestSignatureError::Expired { .. })
        ));
    }

    #[test]
    fn malformed_authorship_is_named() {
        let (key, set) = setup();
        let signed = sign_json(br#"{"authorship":{"ncb":"FR"}}"#, &key, "FR#1").unwrap();
        assert!(matches!(
            verify_signed_request(&signed, fr(), &set, Utc::now()),
            Err(RequestSignatureError::Malformed(m)) if m.contains("action")
        ));
    }
}
