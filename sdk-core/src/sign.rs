//! Envelope signatures: Ed25519 (RFC 8032) over the RFC 8785 (JCS)
//! canonical JSON of the envelope serialised without its `signature`
//! member (standards.md 5 and 8).
//!
//! The signed bytes are those of the *model* serialised by serde, not the
//! bytes that travelled: a hub or client that parses an envelope and
//! serialises it again signs and verifies the same bytes, whatever the
//! whitespace or member order of the JSON it received. Verification uses
//! `verify_strict`, which rejects the weak keys and malleable signatures
//! that plain Ed25519 verification lets through.
//!
//! ```
//! use ncblink::model::{Body, Envelope, LocalizedText, Message, Purpose, Recipients, WorkingLanguage};
//! use ncblink::sign::{generate_signing_key, sign_envelope, verify_envelope};
//! let key = generate_signing_key().unwrap();
//! let mut env = Envelope::new(
//!     "FR".parse().unwrap(),
//!     Purpose::Investigation,
//!     WorkingLanguage::Fr,
//!     Body::Message(Message { title: "Demande".into(), text: LocalizedText::new("FRE", "Bonjour"), case_reference: None, attachments: vec![], extra: Default::default() }),
//! );
//! env.recipients = Recipients::Ncbs(vec!["DE".parse().unwrap()]);
//! sign_envelope(&mut env, &key, "FR#2026-01").unwrap();
//! assert!(verify_envelope(&env, &key.verifying_key()).is_ok());
//! env.legal_basis = Some("tampered".into());
//! assert!(verify_envelope(&env, &key.verifying_key()).is_err());
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature as DalekSignature, Signer as _};
pub use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::model::Envelope;
use crate::model::envelope::{Signature, SignatureAlg};

/// Why an envelope's signature could not be made or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The envelope carries no signature.
    #[error("the envelope is not signed")]
    Missing,
    /// The signature value is not 64 bytes of base64url.
    #[error("the signature value is not 64 bytes of base64url without padding")]
    Malformed,
    /// The signature does not verify with the key.
    #[error("the signature does not verify with the key")]
    Invalid,
    /// A public key is not 32 bytes of base64url, or not a valid point.
    #[error("the public key is not a valid Ed25519 key in base64url without padding")]
    BadPublicKey,
    /// A private key is not 32 bytes of base64url.
    #[error("the signing key is not 32 bytes of base64url without padding")]
    BadSigningKey,
    /// The envelope could not be put in canonical form.
    #[error("the envelope cannot be canonicalised: {0}")]
    Canonical(String),
    /// The system's random number generator failed.
    #[error("no randomness available for key generation: {0}")]
    Random(String),
}

/// The bytes that are signed: the RFC 8785 canonical JSON of `envelope`
/// without its `signature` member.
pub fn signing_input(envelope: &Envelope) -> Result<Vec<u8>, SignatureError> {
    let mut value = serde_json::to_value(envelope).map_err(|e| SignatureError::Canonical(e.to_string()))?;
    if let Some(map) = value.as_object_mut() {
        map.remove("signature");
    }
    serde_json_canonicalizer::to_vec(&value).map_err(|e| SignatureError::Canonical(e.to_string()))
}

/// Signs `envelope` with `key`, replacing any signature it had; `kid` is the
/// key's id in the hub's directory (`FR#2026-01`).
pub fn sign_envelope(envelope: &mut Envelope, key: &SigningKey, kid: &str) -> Result<(), SignatureError> {
    let input = signing_input(envelope)?;
    let sig: DalekSignature = key.sign(&input);
    envelope.signature = Some(Signature {
        extra: Default::default(),
        alg: SignatureAlg::EdDSA,
        kid: kid.to_string(),
        value: URL_SAFE_NO_PAD.encode(sig.to_bytes()),
    });
    Ok(())
}

/// Verifies the signature of `envelope` with `key` (strict verification).
pub fn verify_envelope(envelope: &Envelope, key: &VerifyingKey) -> Result<(), SignatureError> {
    let sig = envelope.signature.as_ref().ok_or(SignatureError::Missing)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(sig.value.as_bytes())
        .map_err(|_| SignatureError::Malformed)?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|_| SignatureError::Malformed)?;
    let sig = DalekSignature::from_bytes(&bytes);
    let input = signing_input(envelope)?;
    key.verify_strict(&input, &sig).map_err(|_| SignatureError::Invalid)
}

/// A new random signing key, from the operating system's generator.
pub fn generate_signing_key() -> Result<SigningKey, SignatureError> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| SignatureError::Random(e.to_string()))?;
    Ok(SigningKey::from_bytes(&secret))
}

/// A public key as the directory publishes it: 32 bytes, base64url
/// without padding.
pub fn encode_public_key(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.to_bytes())
}

/// Reads a public key written by [`encode_public_key`].
pub fn decode_public_key(text: &str) -> Result<VerifyingKey, SignatureError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim().as_bytes())
        .map_err(|_| SignatureError::BadPublicKey)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| SignatureError::BadPublicKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| SignatureError::BadPublicKey)
}

/// A private key as `ncblink keys generate` writes it to its file: the
/// 32-byte secret in base64url without padding, white space around it
/// ignored.
pub fn decode_signing_key(text: &str) -> Result<SigningKey, SignatureError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim().as_bytes())
        .map_err(|_| SignatureError::BadSigningKey)?;
    let secret: [u8; 32] = bytes.try_into().map_err(|_| SignatureError::BadSigningKey)?;
    Ok(SigningKey::from_bytes(&secret))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Body, LocalizedText, Message, Purpose, Recipients, WorkingLanguage};

    fn envelope() -> Envelope {
        let mut env = Envelope::new(
            "FR".parse().unwrap(),
            Purpose::Investigation,
            WorkingLanguage::Fr,
            Body::Message(Message {
                extra: Default::default(),
                title: "Demande".into(),
                text: LocalizedText::new("FRE", "Bonjour"),
                case_reference: None,
                attachments: vec![],
            }),
        );
        env.recipients = Recipients::Ncbs(vec!["DE".parse().unwrap()]);
        env
    }

    #[test]
    fn signature_survives_a_json_round_trip() {
        let key = generate_signing_key().unwrap();
        let mut env = envelope();
        sign_envelope(&mut env, &key, "FR#1").unwrap();
        let text = serde_json::to_string_pretty(&env).unwrap();
        let back: Envelope = serde_json::from_str(&text).unwrap();
        assert_eq!(verify_envelope(&back, &key.verifying_key()), Ok(()));
    }

    #[test]
    fn wrong_key_bad_value_and_missing_signature_fail() {
        let key = generate_signing_key().unwrap();
        let other = generate_signing_key().unwrap();
        let mut env = envelope();
        assert_eq!(
            verify_envelope(&env, &key.verifying_key()),
            Err(SignatureError::Missing)
        );
        sign_envelope(&mut env, &key, "FR#1").unwrap();
        assert_eq!(
            verify_envelope(&env, &other.verifying_key()),
            Err(SignatureError::Invalid)
        );
        if let Some(s) = env.signature.as_mut() {
            s.value = "not base64!".into();
        }
        assert_eq!(
            verify_envelope(&env, &key.verifying_key()),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn public_keys_round_trip_and_reject_garbage() {
        let key = generate_signing_key().unwrap();
        let text = encode_public_key(&key.verifying_key());
        assert_eq!(text.len(), 43);
        assert_eq!(decode_public_key(&text).unwrap(), key.verifying_key());
        assert_eq!(decode_public_key("AAAA"), Err(SignatureError::BadPublicKey));
    }

    #[test]
    fn signing_keys_read_as_key_files_hold_them() {
        let key = generate_signing_key().unwrap();
        let file = format!("{}\n", URL_SAFE_NO_PAD.encode(key.to_bytes()));
        assert_eq!(decode_signing_key(&file).unwrap().to_bytes(), key.to_bytes());
        assert!(matches!(decode_signing_key("AAAA"), Err(SignatureError::BadSigningKey)));
        assert!(matches!(
            decode_signing_key("not base64!"),
            Err(SignatureError::BadSigningKey)
        ));
    }

    #[test]
    fn signing_input_is_canonical_and_omits_the_signature() {
        let key = generate_signing_key().unwrap();
        let mut env = envelope();
        let before = signing_input(&env).unwrap();
        sign_envelope(&mut env, &key, "FR#1").unwrap();
        assert_eq!(signing_input(&env).unwrap(), before);
        let text = String::from_utf8(before).unwrap();
        assert!(text.starts_with("{\"access\":{}"), "{text}");
        assert!(!text.contains("signature"));
    }
}
