//! Public keys as the directory publishes them: RFC 8037 JWKs (`kty`
//! `OKP`, `crv` `Ed25519`, `x`, `kid`) with their lifecycle: validity
//! (`nbf`, `exp`, RFC 7519 NumericDate seconds) and status (active,
//! retired, revoked with `revoked_at`).
//!
//! A retired key no longer signs new documents but still verifies those it
//! signed; a revoked key verifies nothing created at or after its
//! revocation.

use chrono::{DateTime, TimeZone, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{SignatureError, VerifyingKey, decode_public_key, encode_public_key};

/// Where a key stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    /// Signs and verifies.
    #[default]
    Active,
    /// Verifies what it signed; signs nothing new.
    Retired,
    /// Verifies nothing created at or after `revoked_at`.
    Revoked,
}

/// An Ed25519 public key as a JWK (RFC 7517, RFC 8037).
///
/// ```
/// use ncblink::sign::{Jwk, generate_signing_key};
/// let key = generate_signing_key().unwrap();
/// let jwk = Jwk::new(&key.verifying_key(), "FR#2026-01");
/// assert_eq!(jwk.verifying_key().unwrap(), key.verifying_key());
/// let text = serde_json::to_string(&jwk).unwrap();
/// assert!(text.starts_with(r#"{"kty":"OKP","crv":"Ed25519","x":""#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Jwk {
    /// Always `OKP`.
    pub kty: String,
    /// Always `Ed25519`.
    pub crv: String,
    /// The 32-byte public key, base64url without padding.
    pub x: String,
    /// The key id that signatures name (`FR#2026-01`).
    pub kid: String,
    /// `EdDSA` when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// `sig` when given.
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
    /// Not valid before (seconds since 1970, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Not valid from (seconds since 1970, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Where the key stands; absent in a registration (it becomes active).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<KeyStatus>,
    /// When it was revoked (seconds since 1970, UTC), for a revoked key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<i64>,
}

/// A JWK Set (RFC 7517 section 5): `GET /v1/directory/{ncb}/keys`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JwkSet {
    /// The keys.
    pub keys: Vec<Jwk>,
}

impl Jwk {
    /// An active key without validity bounds.
    pub fn new(key: &VerifyingKey, kid: &str) -> Jwk {
        Jwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: encode_public_key(key),
            kid: kid.into(),
            alg: Some("EdDSA".into()),
            key_use: Some("sig".into()),
            nbf: None,
            exp: None,
            status: None,
            revoked_at: None,
        }
    }

    /// Checks the members and returns the key; the error names the member
    /// at fault.
    pub fn verifying_key(&self) -> Result<VerifyingKey, SignatureError> {
        let bad = |m: &str| Err(SignatureError::BadJwk(m.into()));
        if self.kty != "OKP" {
            return bad("`kty` must be `OKP`");
        }
        if self.crv != "Ed25519" {
            return bad("`crv` must be `Ed25519`");
        }
        if self.kid.trim().is_empty() || self.kid.len() > 128 || self.kid.chars().any(char::is_control) {
            return bad("`kid` must be 1 to 128 visible characters");
        }
        if self.alg.as_deref().is_some_and(|a| a != "EdDSA") {
            return bad("`alg` must be `EdDSA` when given");
        }
        if self.key_use.as_deref().is_some_and(|u| u != "sig") {
            return bad("`use` must be `sig` when given");
        }
        if let (Some(nbf), Some(exp)) = (self.nbf, self.exp)
            && exp <= nbf
        {
            return bad("`exp` must be after `nbf`");
        }
        decode_public_key(&self.x)
            .map_err(|_| SignatureError::BadJwk("`x` is not a 32-byte Ed25519 public key in base64url".into()))
    }

    /// Whether a document created at `at` may carry a signature of this
    /// key: within `nbf`..`exp`, and before its revocation.
    pub fn check_valid_at(&self, at: DateTime<Utc>) -> Result<(), SignatureError> {
        let secs = at.timestamp();
        let fail = |why: String| {
            Err(SignatureError::KeyNotValid {
                kid: self.kid.clone(),
                at: at.to_rfc3339(),
                why,
            })
        };
        if let Some(nbf) = self.nbf
            && secs < nbf
        {
            return fail(format!("it is valid from {}", rfc3339(nbf)));
        }
        if let Some(exp) = self.exp
            && secs >= exp
        {
            return fail(format!("it expired at {}", rfc3339(exp)));
        }
        if self.status == Some(KeyStatus::Revoked) {
            match self.revoked_at {
                Some(r) if secs < r => {}
                Some(r) => return fail(format!("it was revoked at {}", rfc3339(r))),
                None => return fail("it is revoked".into()),
            }
        }
        Ok(())
    }
}

fn rfc3339(secs: i64) -> String {
    Utc.timestamp_opt(secs, 0)
        .single()
        .map_or_else(|| secs.to_string(), |t| t.to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::generate_signing_key;

    fn jwk() -> Jwk {
        Jwk::new(&generate_signing_key().unwrap().verifying_key(), "FR#1")
    }

    #[test]
    fn malformed_jwks_name_the_member() {
        let mut k = jwk();
        k.crv = "X25519".into();
        assert!(matches!(k.verifying_key(), Err(SignatureError::BadJwk(m)) if m.contains("`crv`")));
        let mut k = jwk();
        k.x = "AAAA".into();
        assert!(matches!(k.verifying_key(), Err(SignatureError::BadJwk(m)) if m.contains("`x`")));
        let mut k = jwk();
        k.kty = "RSA".into();
        assert!(matches!(k.verifying_key(), Err(SignatureError::BadJwk(m)) if m.contains("`kty`")));
        assert!(jwk().verifying_key().is_ok());
    }

    #[test]
    fn validity_follows_nbf_exp_and_revocation() {
        let t = |s: i64| Utc.timestamp_opt(s, 0).unwrap();
        let mut k = jwk();
        k.nbf = Some(100);
        k.exp = Some(200);
        assert!(k.check_valid_at(t(99)).is_err());
        assert!(k.check_valid_at(t(100)).is_ok());
        assert!(k.check_valid_at(t(200)).is_err());
        k.status = Some(KeyStatus::Revoked);
        k.revoked_at = Some(150);
        assert!(k.check_valid_at(t(149)).is_ok());
        let err = k.check_valid_at(t(150)).unwrap_err().to_string();
        assert!(err.contains("FR#1") && err.contains("revoked"), "{err}");
        k.status = Some(KeyStatus::Retired);
        assert!(k.check_valid_at(t(160)).is_ok());
    }
}
