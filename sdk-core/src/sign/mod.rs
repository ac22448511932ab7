//! Document signatures: Ed25519 (RFC 8032) over the RFC 8785 (JCS)
//! canonical form of the JSON document as it travelled, without its
//! top-level `signature` member (standards.md 5 and 8).
//!
//! The signing input is computed from the bytes received, never from a
//! re-serialisation of the model: any standard JCS + Ed25519
//! implementation (Python `rfc8785` + `cryptography`, Java, .NET) signs
//! and verifies the same bytes, unknown members included. Documents JCS
//! cannot give one meaning to are refused first ([`parse_strict`]).
//! Verification uses `verify_strict`, which rejects the weak keys and
//! malleable signatures that plain Ed25519 verification lets through.
//! Public keys travel as RFC 8037 JWKs ([`Jwk`]).
//!
//! ```
//! use ncblink::sign::{generate_signing_key, sign_json, verify_json};
//! let key = generate_signing_key().unwrap();
//! let signed = sign_json(br#"{"id": "x", "height_m": 1.82}"#, &key, "FR#2026-01").unwrap();
//! assert_eq!(verify_json(&signed, &key.verifying_key()).unwrap(), "FR#2026-01");
//! let tampered = String::from_utf8(signed).unwrap().replace("1.82", "1.83");
//! assert!(verify_json(tampered.as_bytes(), &key.verifying_key()).is_err());
//! ```

mod jcs;
mod jwk;
mod received;
mod request;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature as DalekSignature, Signer as _};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use jcs::{SIGNATURE_MEMBER, canonical, parse_strict, signing_input_json};
pub use jwk::{Jwk, JwkSet, KeyStatus};
pub use received::SignedEnvelope;
pub use request::{
    AUTHORSHIP_MEMBER, Authorship, REQUEST_CLOCK_SKEW, REQUEST_WINDOW, RequestSignatureError, sign_request,
    split_request, verify_signed_request,
};

use crate::model::Envelope;
use crate::model::envelope::{Signature, SignatureAlg};

/// Why a signature could not be made or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The document carries no signature.
    #[error("the document is not signed")]
    Missing,
    /// The `signature` member is not `{alg: EdDSA, kid, value}` with a
    /// value of 64 bytes of base64url.
    #[error("the signature is malformed: {0}")]
    Malformed(String),
    /// The signature does not verify with the key.
    #[error("the signature does not verify with the key")]
    Invalid,
    /// A public key is not 32 bytes of base64url, or not a valid point.
    #[error("the public key is not a valid Ed25519 key in base64url without padding")]
    BadPublicKey,
    /// A JWK that is not an RFC 8037 Ed25519 public key; names the member.
    #[error("the JWK is not an Ed25519 public key: {0}")]
    BadJwk(String),
    /// A private key in none of the accepted forms.
    #[error("the signing key is not 32 bytes of base64url, 32 raw bytes or a PEM PKCS#8 Ed25519 key")]
    BadSigningKey,
    /// The document cannot be put in one canonical form (duplicate member
    /// names, lone surrogates, numbers outside the double range, not JSON).
    #[error("the document cannot be canonicalised: {0}")]
    NotCanonical(String),
    /// The key was not valid when the document was created (before `nbf`,
    /// after `exp`, or revoked before).
    #[error("key `{kid}` was not valid at {at}: {why}")]
    KeyNotValid {
        /// The key id.
        kid: String,
        /// The document's creation time.
        at: String,
        /// Why not.
        why: String,
    },
    /// The system's random number generator failed.
    #[error("no randomness available for key generation: {0}")]
    Random(String),
}

/// Signs the JSON object in `bytes` with `key` and returns the document to
/// send: the same members with `signature` (`{alg, kid, value}`) set, any
/// previous signature replaced. The signature covers the canonical form
/// of the document without `signature` ([`signing_input_json`]).
pub fn sign_json(bytes: &[u8], key: &SigningKey, kid: &str) -> Result<Vec<u8>, SignatureError> {
    let mut value = parse_strict(bytes)?;
    let Some(map) = value.as_object_mut() else {
        return Err(SignatureError::NotCanonical(
            "a signed document is a JSON object".into(),
        ));
    };
    map.remove(SIGNATURE_MEMBER);
    let input = canonical(&value)?;
    let signature = signature_of(&input, key, kid);
    if let Some(map) = value.as_object_mut() {
        let sig = serde_json::to_value(&signature).map_err(|e| SignatureError::NotCanonical(e.to_string()))?;
        map.insert(SIGNATURE_MEMBER.into(), sig);
    }
    serde_json::to_vec(&value).map_err(|e| SignatureError::NotCanonical(e.to_string()))
}

/// The `signature` member of the JSON document in `bytes`, unchecked.
pub fn signature_of_json(bytes: &[u8]) -> Result<Signature, SignatureError> {
    let value = parse_strict(bytes)?;
    let sig = value.get(SIGNATURE_MEMBER).ok_or(SignatureError::Missing)?;
    serde_json::from_value(sig.clone()).map_err(|e| SignatureError::Malformed(e.to_string()))
}

/// Verifies the signature of the JSON document in `bytes` with `key`
/// (strict verification) over the canonical form of those bytes. Returns
/// the signature's `kid`, which the caller matches against the key it
/// picked.
pub fn verify_json(bytes: &[u8], key: &VerifyingKey) -> Result<String, SignatureError> {
    let sig = signature_of_json(bytes)?;
    let input = signing_input_json(bytes)?;
    verify_input(&input, &sig, key)?;
    Ok(sig.kid)
}

fn verify_input(input: &[u8], sig: &Signature, key: &VerifyingKey) -> Result<(), SignatureError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(sig.value.as_bytes())
        .map_err(|_| SignatureError::Malformed("`value` is not base64url without padding".into()))?;
    let bytes: [u8; 64] = bytes
        .try_into()
        .map_err(|_| SignatureError::Malformed("`value` is not 64 bytes".into()))?;
    key.verify_strict(input, &DalekSignature::from_bytes(&bytes))
        .map_err(|_| SignatureError::Invalid)
}

fn signature_of(input: &[u8], key: &SigningKey, kid: &str) -> Signature {
    let sig: DalekSignature = key.sign(input);
    Signature {
        extra: Default::default(),
        alg: SignatureAlg::EdDSA,
        kid: kid.to_string(),
        value: URL_SAFE_NO_PAD.encode(sig.to_bytes()),
    }
}

/// Signs `envelope` with `key`, replacing any signature it had, and
/// returns the bytes to send: the envelope serialised once, signed over
/// the canonical form of exactly those bytes. `kid` is the key's id in
/// the hub's directory (`FR#2026-01`).
pub fn sign_envelope(envelope: &mut Envelope, key: &SigningKey, kid: &str) -> Result<Vec<u8>, SignatureError> {
    envelope.signature = None;
    let bytes = serde_json::to_vec(&*envelope).map_err(|e| SignatureError::NotCanonical(e.to_string()))?;
    let input = signing_input_json(&bytes)?;
    envelope.signature = Some(signature_of(&input, key, kid));
    serde_json::to_vec(&*envelope).map_err(|e| SignatureError::NotCanonical(e.to_string()))
}

/// A new random signing key, from the operating system's generator.
pub fn generate_signing_key() -> Result<SigningKey, SignatureError> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| SignatureError::Random(e.to_string()))?;
    Ok(SigningKey::from_bytes(&secret))
}

/// A public key as a JWK's `x`: 32 bytes, base64url without padding.
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

/// A private key as `ncblink keys generate` writes it to its file (the
/// 32-byte secret in base64url without padding, white space around it
/// ignored), or as a PEM PKCS#8 Ed25519 private key (what OpenSSL and
/// Python's `cryptography` write).
pub fn decode_signing_key(text: &str) -> Result<SigningKey, SignatureError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        return decode_pkcs8_pem(text);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(text.as_bytes())
        .map_err(|_| SignatureError::BadSigningKey)?;
    signing_key_from_raw(&bytes)
}

/// A private key from its 32 raw bytes.
pub fn signing_key_from_raw(bytes: &[u8]) -> Result<SigningKey, SignatureError> {
    let secret: [u8; 32] = bytes.try_into().map_err(|_| SignatureError::BadSigningKey)?;
    Ok(SigningKey::from_bytes(&secret))
}

/// The DER prefix of an RFC 8410 Ed25519 PKCS#8 v1 private key: what
/// precedes the 32-byte secret.
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

fn decode_pkcs8_pem(text: &str) -> Result<SigningKey, SignatureError> {
    let body: String = text
        .lines()
        .map(str::trim)
        .skip_while(|l| *l != "-----BEGIN PRIVATE KEY-----")
        .skip(1)
        .take_while(|l| *l != "-----END PRIVATE KEY-----")
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|_| SignatureError::BadSigningKey)?;
    match der.strip_prefix(&PKCS8_ED25519_PREFIX[..]) {
        Some(secret) => signing_key_from_raw(secret),
        None => Err(SignatureError::BadSigningKey),
    }
}

/// The private key as `ncblink keys generate` writes it.
pub fn encode_signing_key(key: &SigningKey) -> String {
    URL_SAFE_NO_PAD.encode(key.to_bytes())
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
                title: "Demande".into(),
                text: LocalizedText::new("FRE", "Bonjour"),
                case_reference: None,
                attachments: vec![],
                extra: Default::default(),
            }),
        );
        env.recipients = Recipients::Ncbs(vec!["DE".parse().unwrap()]);
        env
    }

    #[test]
    fn a_signed_envelope_verifies_whatever_its_whitespace_and_order() {
        let key = generate_signing_key().unwrap();
        let mut env = envelope();
        let sent = sign_envelope(&mut env, &key, "FR#1").unwrap();
        assert_eq!(verify_json(&sent, &key.verifying_key()), Ok("FR#1".into()));
        let pretty = serde_json::to_vec_pretty(&parse_strict(&sent).unwrap()).unwrap();
        assert_eq!(verify_json(&pretty, &key.verifying_key()), Ok("FR#1".into()));
    }

    #[test]
    fn unknown_members_are_signed_and_checked() {
        let key = generate_signing_key().unwrap();
        let signed = sign_json(br#"{"a":1,"future":{"x":[1.5,2]}}"#, &key, "k").unwrap();
        assert!(verify_json(&signed, &key.verifying_key()).is_ok());
        let text = String::from_utf8(signed).unwrap().replace("1.5", "1.25");
        assert_eq!(
            verify_json(text.as_bytes(), &key.verifying_key()),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn numbers_verify_in_any_equivalent_form() {
        let key = generate_signing_key().unwrap();
        let signed = sign_json(br#"{"n":[1.0,1e2,-0,5e-324]}"#, &key, "k").unwrap();
        let sig = serde_json::to_string(&signature_of_json(&signed).unwrap()).unwrap();
        let other_form = format!(r#"{{"signature":{sig},"n":[1,100,0,4.9406564584124654e-324]}}"#);
        assert_eq!(verify_json(other_form.as_bytes(), &key.verifying_key()), Ok("k".into()));
        let changed = format!(r#"{{"signature":{sig},"n":[1,100,0,1e-323]}}"#);
        assert_eq!(
            verify_json(changed.as_bytes(), &key.verifying_key()),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn wrong_key_bad_value_missing_signature_and_duplicates_fail() {
        let key = generate_signing_key().unwrap();
        let other = generate_signing_key().unwrap();
        assert_eq!(
            verify_json(b"{\"a\":1}", &key.verifying_key()),
            Err(SignatureError::Missing)
        );
        let signed = sign_json(b"{\"a\":1}", &key, "k").unwrap();
        assert_eq!(
            verify_json(&signed, &other.verifying_key()),
            Err(SignatureError::Invalid)
        );
        let mut v = parse_strict(&signed).unwrap();
        v["signature"]["value"] = "not base64!".into();
        let bad = serde_json::to_vec(&v).unwrap();
        assert!(matches!(
            verify_json(&bad, &key.verifying_key()),
            Err(SignatureError::Malformed(_))
        ));
        let dup = String::from_utf8(signed).unwrap().replacen("{", "{\"a\":2,", 1);
        assert!(
            matches!(verify_json(dup.as_bytes(), &key.verifying_key()), Err(SignatureError::NotCanonical(m)) if m.contains("duplicate member name `a`"))
        );
    }

    #[test]
    fn a_signature_over_another_canonical_form_fails() {
        // Signed over serde_json's compact form instead of JCS: the members
        // are in another order, so the signature must not verify.
        let key = generate_signing_key().unwrap();
        let doc = serde_json::json!({"b": 1, "a": 2.5e0});
        let sig = signature_of(br#"{"b":1,"a":2.5}"#, &key, "k");
        let mut signed = doc.clone();
        signed["signature"] = serde_json::to_value(&sig).unwrap();
        let bytes = serde_json::to_vec(&signed).unwrap();
        assert_eq!(verify_json(&bytes, &key.verifying_key()), Err(SignatureError::Invalid));
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
    fn signing_keys_read_from_key_files_pem_and_raw_bytes() {
        let key = generate_signing_key().unwrap();
        let file = format!("{}\n", encode_signing_key(&key));
        assert_eq!(decode_signing_key(&file).unwrap().to_bytes(), key.to_bytes());
        let mut der = PKCS8_ED25519_PREFIX.to_vec();
        der.extend_from_slice(&key.to_bytes());
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(&der)
        );
        assert_eq!(decode_signing_key(&pem).unwrap().to_bytes(), key.to_bytes());
        assert_eq!(
            signing_key_from_raw(&key.to_bytes()).unwrap().to_bytes(),
            key.to_bytes()
        );
        assert!(matches!(decode_signing_key("AAAA"), Err(SignatureError::BadSigningKey)));
        assert!(matches!(
            decode_signing_key("not base64!"),
            Err(SignatureError::BadSigningKey)
        ));
        let rsa = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7\n-----END PRIVATE KEY-----";
        assert!(matches!(decode_signing_key(rsa), Err(SignatureError::BadSigningKey)));
    }
}
